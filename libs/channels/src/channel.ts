import type { NotificationPayload } from '@herald/contracts';

/** A target with its credentials decrypted: lives only inside an activity, never in history. */
export type ResolvedTarget =
  | { type: 'email'; to: string }
  | { type: 'json'; url: string; signingSecrets: string[] }
  | { type: 'slack'; url: string };

export interface OutgoingNotification {
  /** The event id: the `webhook-id` header, the same on every retry and redelivery. */
  id: string;
  webhookId: string;
  payload: NotificationPayload;
}

export interface ChannelResult {
  statusCode: number | null;
  /** The first 1 KiB of the answer (or the SMTP reply), for the attempt record. */
  responseBody: string | null;
}

/**
 * One way of notifying a target. `deliver` resolves on success and throws
 * RetryableDeliveryError or PermanentDeliveryError otherwise; nothing else.
 */
export interface Channel<T extends ResolvedTarget = ResolvedTarget> {
  readonly type: T['type'];
  deliver(target: T, notification: OutgoingNotification): Promise<ChannelResult>;
}

export const RESPONSE_EXCERPT_BYTES = 1024;
