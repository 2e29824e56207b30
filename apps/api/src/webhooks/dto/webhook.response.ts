import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { HEALTH_STATUSES, SUBSCRIBABLE_EVENT_TYPES, type HealthStatus, type SubscribableEventType, type WebhookDigest, type WebhookFilters, type WebhookTarget } from '@herald/contracts';
import { AuditEntryResponse } from '../../audit/audit-entry.response';
import { WebhookDigestDto, WebhookFiltersDto } from './webhook-options.dto';
import { TARGET_SCHEMA } from './webhook-target.dto';

export class WebhookHealthResponse {
  @ApiProperty({
    enum: HEALTH_STATUSES,
    description:
      'Endpoint health. paused: 4 deliveries in a row ended failed, so none is attempted until pausedUntil (1 minute, doubling with each further failure in a row, at most 24 hours); disabled: 40 in a row, until an admin sets active to true. Events meanwhile are recorded as failed deliveries without attempts; POST /api/v1/webhooks/{id}/recover sends them once the endpoint is back.',
  })
  status!: HealthStatus;

  @ApiProperty({ example: 0, description: 'Deliveries ended failed in a row; a success sets it back to 0.' })
  consecutiveFailures!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  pausedUntil!: string | null;
}

export class WebhookResponse {
  @ApiProperty({ example: 'wh_01jd8x5k2m3n4p5q6r7s8t9v0w' })
  id!: string;

  @ApiProperty({ example: 'libs-release' })
  repository!: string;

  @ApiProperty({ ...TARGET_SCHEMA, description: 'The target; a Slack URL is always masked (`…/services/T…/B…/****`).' })
  target!: WebhookTarget;

  @ApiProperty({ enum: SUBSCRIBABLE_EVENT_TYPES, isArray: true, example: ['file.uploaded', 'file.deleted'] })
  events!: SubscribableEventType[];

  @ApiProperty({ type: String, nullable: true, example: 'CI picks up new builds' })
  description!: string | null;

  @ApiProperty({ example: true })
  active!: boolean;

  @ApiProperty({ type: WebhookFiltersDto, nullable: true })
  filters!: WebhookFilters | null;

  @ApiProperty({ type: WebhookDigestDto, nullable: true })
  digest!: WebhookDigest | null;

  @ApiProperty({ type: WebhookHealthResponse, readOnly: true })
  health!: WebhookHealthResponse;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiPropertyOptional({
    description: 'The Standard Webhooks signing secret of a json target: only in the answer that made it (create, or a PATCH to a json target), never again.',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  })
  secret?: string;
}

export class WebhookListResponse {
  @ApiProperty({ type: [WebhookResponse] })
  items!: WebhookResponse[];
}

export class RotatedSecretResponse {
  @ApiProperty({ description: 'The new signing secret, shown once. The previous one keeps signing beside it for 24 hours.', example: 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD' })
  secret!: string;
}

export class AuditListResponse {
  @ApiProperty({ type: [AuditEntryResponse] })
  items!: AuditEntryResponse[];
}

export class ErrorResponse {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({ oneOf: [{ type: 'array', items: { type: 'string' } }, { type: 'string' }], example: ['target.url must use the http or https scheme'] })
  message!: string[] | string;
}
