import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SUBSCRIBABLE_EVENT_TYPES, type WebhookDigest, type WebhookFilters } from '@herald/contracts';
import {
  DESCRIPTION_MAX_LENGTH,
  activeProblems,
  descriptionProblems,
  digestProblems,
  eventsProblems,
  filtersProblems,
  repositoryProblems,
  targetProblems,
} from '../webhook-rules';
import { FollowsRule } from './follows-rule.decorator';
import { WebhookDigestDto, WebhookFiltersDto } from './webhook-options.dto';
import { TARGET_SCHEMA } from './webhook-target.dto';

export type TargetInput = { type: string; url?: string; to?: string };

export class CreateWebhookDto {
  @ApiProperty({ description: 'The repository whose file events fire the webhook; it must exist.', example: 'libs-release' })
  @FollowsRule(repositoryProblems)
  repository!: string;

  @ApiProperty({ ...TARGET_SCHEMA, description: 'Where notifications go: an email address, a JSON URL (signed) or a Slack incoming-webhook URL.' })
  @FollowsRule(targetProblems)
  target!: TargetInput;

  @ApiProperty({ enum: SUBSCRIBABLE_EVENT_TYPES, isArray: true, minItems: 1, uniqueItems: true, example: ['file.uploaded', 'file.deleted'] })
  @FollowsRule(eventsProblems)
  events!: string[];

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: DESCRIPTION_MAX_LENGTH, example: 'CI picks up new builds' })
  @FollowsRule(descriptionProblems, { optional: true })
  description?: string | null;

  @ApiPropertyOptional({ description: 'false creates the webhook paused.', default: true })
  @FollowsRule(activeProblems, { optional: true })
  active?: boolean;

  @ApiPropertyOptional({ type: WebhookFiltersDto, nullable: true })
  @FollowsRule(filtersProblems, { optional: true })
  filters?: Partial<WebhookFilters> | null;

  @ApiPropertyOptional({ type: WebhookDigestDto, nullable: true })
  @FollowsRule(digestProblems, { optional: true })
  digest?: WebhookDigest | null;
}
