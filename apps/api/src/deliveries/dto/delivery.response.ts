import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DELIVERY_STATUSES, EVENT_TYPES, type DeliveryStatus, type EventType } from '@herald/contracts';

export class DeliveryAttemptResponse {
  @ApiProperty({ example: 1, description: 'The same number as the attempt activity in the workflow history.' })
  number!: number;

  @ApiProperty({ format: 'date-time' })
  startedAt!: string;

  @ApiProperty({ example: 142 })
  durationMs!: number;

  @ApiProperty({ type: Number, nullable: true, example: 503, description: 'The HTTP status (or SMTP reply code); null when no answer came.' })
  statusCode!: number | null;

  @ApiProperty({ type: String, nullable: true, example: 'ci.example.com answered 503', description: 'Why the attempt failed; null on success.' })
  error!: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, enum: ['RetryableDeliveryError', 'PermanentDeliveryError'], description: 'The class of the failure: retried or final.' })
  errorClass!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The first 1 KiB of the answer.' })
  responseBody!: string | null;
}

export class DeliveryResponse {
  @ApiProperty({ example: 'dlv_01jd8x5k2m3n4p5q6r7s8t9v0w' })
  id!: string;

  @ApiProperty({ example: 'wh_01jd8x5k2m3n4p5q6r7s8t9v0w' })
  webhookId!: string;

  @ApiProperty({ example: 'evt_01jd8x5k2m3n4p5q6r7s8t9v0w', description: 'Also the `webhook-id` header the receiver got, on every attempt and redelivery.' })
  eventId!: string;

  @ApiProperty({ enum: EVENT_TYPES, example: 'file.uploaded' })
  eventType!: EventType;

  @ApiProperty({ enum: DELIVERY_STATUSES, example: 'succeeded' })
  status!: DeliveryStatus;

  @ApiProperty({ example: 1 })
  attemptCount!: number;

  @ApiProperty({ type: Number, nullable: true, example: 200 })
  lastStatusCode!: number | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completedAt!: string | null;

  @ApiProperty({ example: 'file-event-evt_01jd8x5k2m3n4p5q6r7s8t9v0w', description: 'The Temporal workflow that makes this delivery.' })
  workflowId!: string;

  @ApiProperty({ example: 'http://localhost:8233/namespaces/default/workflows/file-event-evt_01jd8x5k2m3n4p5q6r7s8t9v0w', description: 'That workflow in the Temporal web UI.' })
  temporalUrl!: string;

  @ApiPropertyOptional({ type: [DeliveryAttemptResponse], description: 'Every attempt, oldest first (single view only).' })
  attempts?: DeliveryAttemptResponse[];
}

export class DeliveryPageResponse {
  @ApiProperty({ type: [DeliveryResponse], description: 'Newest first.' })
  items!: DeliveryResponse[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page.' })
  nextCursor!: string | null;
}

export class DeliveryAcceptedResponse {
  @ApiProperty({ example: 'dlv_01jd8x5k2m3n4p5q6r7s8t9v0w', description: 'The delivery that will be made; follow it with GET /api/v1/deliveries/{id}.' })
  deliveryId!: string;
}

export class RecoveredDeliveriesResponse {
  @ApiProperty({ type: [String], example: ['dlv_01jd8x5k2m3n4p5q6r7s8t9v0w'], description: 'The new deliveries, one per recovered event; follow each with GET /api/v1/deliveries/{id}.' })
  deliveryIds!: string[];
}
