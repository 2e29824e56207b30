import { ApiPropertyOptional } from '@nestjs/swagger';
import { SUBSCRIBABLE_EVENT_TYPES, type WebhookDigest, type WebhookFilters } from '@herald/contracts';
import { DESCRIPTION_MAX_LENGTH, activeProblems, descriptionProblems, digestProblems, eventsProblems, filtersProblems, targetProblems } from '../webhook-rules';
import type { TargetInput } from './create-webhook.dto';
import { FollowsRule } from './follows-rule.decorator';
import { WebhookDigestDto, WebhookFiltersDto } from './webhook-options.dto';
import { TARGET_SCHEMA } from './webhook-target.dto';

/** Any of the fields; the repository of a webhook does not change. */
export class UpdateWebhookDto {
  @ApiPropertyOptional({
    ...TARGET_SCHEMA,
    description: 'A new target. The same type with a new JSON URL keeps the signing secret; a new json target gets a new secret, answered once; other types drop the secret.',
  })
  @FollowsRule(targetProblems, { optional: true })
  target?: TargetInput;

  @ApiPropertyOptional({ enum: SUBSCRIBABLE_EVENT_TYPES, isArray: true, minItems: 1, uniqueItems: true, example: ['file.uploaded'] })
  @FollowsRule(eventsProblems, { optional: true })
  events?: string[];

  @ApiPropertyOptional({ description: 'false pauses the webhook; true resumes it (and re-enables one that repeated failures paused or disabled).', example: false })
  @FollowsRule(activeProblems, { optional: true })
  active?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: DESCRIPTION_MAX_LENGTH, description: 'null clears it.' })
  @FollowsRule(descriptionProblems, { optional: true })
  description?: string | null;

  @ApiPropertyOptional({ type: WebhookFiltersDto, nullable: true, description: 'null removes every filter.' })
  @FollowsRule(filtersProblems, { optional: true })
  filters?: Partial<WebhookFilters> | null;

  @ApiPropertyOptional({ type: WebhookDigestDto, nullable: true, description: 'null turns digests off.' })
  @FollowsRule(digestProblems, { optional: true })
  digest?: WebhookDigest | null;
}
