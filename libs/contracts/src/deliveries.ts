export const DELIVERY_STATUSES = ['pending', 'retrying', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** The roll-up of a whole event workflow, kept in the HeraldDeliveryStatus search attribute. */
export const WORKFLOW_DELIVERY_STATUSES = [...DELIVERY_STATUSES, 'partial'] as const;
export type WorkflowDeliveryStatus = (typeof WORKFLOW_DELIVERY_STATUSES)[number];

/** Error type names: a channel's failure as the workflow sees it (ApplicationFailure.type). */
export const RETRYABLE_DELIVERY_ERROR = 'RetryableDeliveryError';
export const PERMANENT_DELIVERY_ERROR = 'PermanentDeliveryError';
/** The webhook was deleted or paused after the event: the delivery is dropped, not failed. */
export const DELIVERY_SKIPPED_ERROR = 'DeliverySkippedError';
/**
 * The target's host already has as many attempts in flight as one worker allows: the attempt did
 * not happen and is not counted; the workflow waits `details[0].retryAfterMs` and tries again.
 */
export const TARGET_BUSY_ERROR = 'TargetBusyError';
