import type { DigestData, EventType, FileEventType, PublishedMavenVersionData, PublishedPythonVersionData, PublishedVersionCoordinates } from './events';
import type { BlobGcActivities } from './blob-gc';
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

/** One file event routed to a digesting webhook's window: ids, type, path and actor name only. */
export interface DigestEventSignal {
  eventId: string;
  type: FileEventType;
  path: string;
  actor: string | null;
  occurredAt: string;
  /** The webhook's window length when the event was routed; a window keeps that of its first event. */
  windowSeconds: number;
}

/** Many file events for a digesting webhook's window in one signal: a download storm costs a few signals a second. */
export interface DigestEventsSignal {
  events: DigestEventSignal[];
}

export interface DigestWorkflowInput {
  webhookId: string;
  repository: string;
}

/** One upload of a Maven version (its files, checksums and signatures). */
export interface MavenUploadSignal {
  eventId: string;
  path: string;
}

export interface MavenVersionWorkflowInput {
  repository: string;
  maven: PublishedMavenVersionData['maven'];
  /** How long uploads of the version must stay quiet before it is announced. */
  quietMs: number;
}

/** One upload of a version's files, of either format: a Maven upload's shape. */
export type VersionUploadSignal = MavenUploadSignal;

export interface PythonVersionWorkflowInput {
  repository: string;
  python: PublishedPythonVersionData['python'];
  /** How long uploads of the version (its sdist and wheels) must stay quiet before it is announced. */
  quietMs: number;
}

/** The input of a version's grouping workflow: `maven` or `python` says which format and which version. */
export type VersionWorkflowInput = MavenVersionWorkflowInput | PythonVersionWorkflowInput;

/** A closed digest window, aggregated by the workflow; the activity adds the id and stores it. */
export interface RecordDigestInput {
  webhookId: string;
  window: Omit<DigestData, 'id'>;
}

/** A quiet version to store as its announcement; `maven` or `python` names it. */
export type RecordPublishedVersionInput = PublishedVersionCoordinates & {
  repository: string;
  /** The uploaded paths of the version since the last announcement. */
  paths: string[];
  /** Unique per announcement and stable across retries: the event id is derived from it. */
  key: string;
  /** When the uploads went quiet (workflow time): the event's time. */
  quietAt: string;
};

export interface RecordedEventResult {
  /** The recorded event for the workflow to start as a child; null when there is nothing to announce. */
  event: FileEventWorkflowInput | null;
  /** The webhook was deleted or stopped digesting: the digest workflow ends once its window is empty. */
  stop: boolean;
}

/** Every activity the worker registers: those of the event, digest and version workflows, and blob collection's. */
export interface HeraldActivities extends BlobGcActivities {
  resolveDeliveries(input: ResolveDeliveriesInput): Promise<ResolveDeliveriesResult>;
  attemptDelivery(input: AttemptDeliveryInput): Promise<AttemptDeliveryResult>;
  failDelivery(input: FailDeliveryInput): Promise<void>;
  recordDigest(input: RecordDigestInput): Promise<RecordedEventResult>;
  recordPublishedVersion(input: RecordPublishedVersionInput): Promise<RecordedEventResult>;
}
