import type { EventType } from './events';
import type { TargetType } from './webhooks';

/**
 * The activities the event workflow calls. Inputs and results carry ids, counts and masked
 * labels only: secrets, Slack URLs and SMTP credentials are read inside the activity.
 */
export interface FileEventWorkflowInput {
  eventId: string;
  eventType: EventType;
  repository: string;
  path: string;
  /** Only this webhook (a test fire or a redelivery); unset = every subscribed webhook. */
  webhookId?: string;
  /** Reuse this delivery row (a redelivery) instead of creating one per webhook. */
  deliveryId?: string;
}

export interface DeliveryPlan {
  deliveryId: string;
  webhookId: string;
  targetType: TargetType;
  /** Safe to show: e.g. `json ci.example.com`, `slack hooks.slack.com/…/****`, `email o***@example.com`. */
  targetLabel: string;
}

export interface ResolveDeliveriesInput {
  eventId: string;
  workflowId: string;
  webhookId?: string;
  deliveryId?: string;
}

export interface ResolveDeliveriesResult {
  deliveries: DeliveryPlan[];
  /** Waits between attempts (HERALD_RETRY_SCHEDULE); its length + 1 = the most attempts. */
  retryScheduleMs: number[];
  /** The longest Retry-After the workflow honours. */
  maxRetryAfterMs: number;
  /** HERALD_ATTEMPT_TIMEOUT: bounds each attempt activity (plus room for its database writes). */
  attemptTimeoutMs: number;
}

export interface AttemptDeliveryInput {
  deliveryId: string;
  attempt: number;
  /** No attempt follows this one: a retryable failure ends the delivery as `failed`. */
  final: boolean;
}

export interface AttemptDeliveryResult {
  statusCode: number | null;
  durationMs: number;
}

/** `details[0]` of a RetryableDeliveryError / PermanentDeliveryError ApplicationFailure. */
export interface DeliveryFailureDetails {
  statusCode: number | null;
  retryAfterMs: number | null;
}

/** Ends a delivery whose last attempt could not record its own outcome (worker lost, timeout). */
export interface FailDeliveryInput {
  deliveryId: string;
  reason: string;
}

export interface HeraldActivities {
  resolveDeliveries(input: ResolveDeliveriesInput): Promise<ResolveDeliveriesResult>;
  attemptDelivery(input: AttemptDeliveryInput): Promise<AttemptDeliveryResult>;
  failDelivery(input: FailDeliveryInput): Promise<void>;
}
