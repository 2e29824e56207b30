import type { DeliveryStatus } from '@herald/contracts';
import type { Delivery, FileEvent, Webhook } from '@herald/persistence';
import type { HealthChange } from './endpoint-health';

/** What one attempt needs, read at once: the delivery and, when they still exist, its webhook and event. */
export interface AttemptSubject {
  delivery: Pick<Delivery, 'id' | 'attemptCount'>;
  webhook: Webhook | null;
  event: FileEvent | null;
}

/** How a delivery's end moves its endpoint's health (endpoint-health.ts). */
export type EndpointEnd = 'succeeded' | 'failed';

export interface AttemptRecord {
  attempt: {
    deliveryId: string;
    number: number;
    startedAt: Date;
    durationMs: number;
    statusCode: number | null;
    responseBody: string | null;
    errorClass: string | null;
    error: string | null;
  };
  delivery: { id: string; status: DeliveryStatus; attemptCount: number; lastStatusCode: number | null; completedAt: Date | null };
  webhookId: string;
  /** Null when the endpoint's health stays as it is (delivery-end.ts `endpointEnd`). */
  endpoint: EndpointEnd | null;
}

/** A webhook whose health changed status, for the log and the admin's mail. */
export interface HealthChanged {
  webhook: Webhook;
  change: HealthChange;
}

/**
 * The port through which the delivery activities reach the database. Each write is one
 * transaction: a delivery's new state never lands without its attempt row or the health of its
 * endpoint.
 */
export interface DeliveryStore {
  loadAttempt(deliveryId: string): Promise<AttemptSubject | null>;
  /** Ends a delivery that will not be attempted (the webhook or event is gone, the webhook held). */
  endUnattempted(deliveryId: string, at: Date): Promise<void>;
  recordAttempt(record: AttemptRecord, at: Date): Promise<HealthChanged | null>;
  /** Ends a delivery as `failed` unless it already ended; null when there was nothing to end. */
  failDelivery(deliveryId: string, at: Date): Promise<{ health: HealthChanged | null } | null>;

  /** A redelivery's one row and its webhook. */
  loadRedelivery(deliveryId: string): Promise<{ webhook: Webhook; delivery: Delivery } | null>;
  loadEvent(eventId: string): Promise<FileEvent | null>;
  /** The one targeted webhook, whatever its state, or the repository's active ones, oldest first. */
  candidateWebhooks(event: FileEvent, webhookId: string | undefined): Promise<Webhook[]>;
  /**
   * The rows of an event's workflow run, one per webhook: found by event and workflow id when a
   * retried run wrote them already, else created; a held one is born ended as `failed`.
   */
  ensureDeliveries(plan: { event: FileEvent; workflowId: string; deliver: Webhook[]; hold: Webhook[]; at: Date }): Promise<Array<[Webhook, Delivery]>>;
}
