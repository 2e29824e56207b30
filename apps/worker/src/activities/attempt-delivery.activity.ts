import { Context, log } from '@temporalio/activity';
import { ATTEMPT_HEARTBEAT_EVERY_MS, type AttemptDeliveryInput, type AttemptDeliveryResult } from '@herald/contracts';
import { RetryableDeliveryError, type DeliveryError } from '@herald/channels';
import { openTarget } from '@herald/persistence';
import type { ActivityPorts } from './activity-deps';
import { attemptOutcome } from './attempt-meter';
import { deliverVia } from './channel-registry';
import { attemptRecord, skipReason } from './delivery-end';
import { busyFailure, isDeliveryError, skippedFailure, toActivityFailure } from './delivery-failure';
import { announceHealthChange } from './health-announcement';
import { gateKey } from './host-gate';
import { notificationPayload } from './notification-payload';

type AttemptPorts = Pick<ActivityPorts, 'deliveries' | 'channels' | 'hostGate' | 'secretBox' | 'config' | 'attemptMeter' | 'announcer' | 'now'>;

/**
 * One attempt at one delivery: reads the webhook and its secrets here (never from workflow
 * input), sends through the channel of its type, and records the attempt and its consequences
 * in one write. Its failure tells the workflow whether to wait and try again.
 */
export function attemptDeliveryActivity(ports: AttemptPorts) {
  const now = ports.now ?? (() => new Date());
  const { deliveries, hostGate: gate } = ports;

  return async function attemptDelivery(input: AttemptDeliveryInput): Promise<AttemptDeliveryResult> {
    // Alive while it waits for its host, sends and records; a worker that dies stops beating.
    const context = Context.current();
    const beating = setInterval(() => context.heartbeat(), ATTEMPT_HEARTBEAT_EVERY_MS);
    try {
      return await attempt(input);
    } finally {
      clearInterval(beating);
    }
  };

  async function attempt(input: AttemptDeliveryInput): Promise<AttemptDeliveryResult> {
    const subject = await deliveries.loadAttempt(input.deliveryId);
    if (!subject) throw skippedFailure('the delivery no longer exists');
    const { webhook, event } = subject;
    const skip = skipReason(subject, now());
    if (skip || !webhook || !event) {
      await deliveries.endUnattempted(subject.delivery.id, now());
      throw skippedFailure(skip ?? 'nothing to deliver');
    }

    const target = openTarget(ports.secretBox, webhook, now());
    const host = gateKey(target);
    const release = await gate.acquire(host);
    if (!release) throw busyFailure(host, gate.retryAfterMs(host));
    const startedAt = now();
    let sent: { statusCode: number | null; responseBody: string | null };
    let failure: DeliveryError | null = null;
    try {
      sent = await deliverVia(ports.channels, target, { id: event.id, webhookId: webhook.id, payload: notificationPayload(event, ports.config.publicUrl) });
    } catch (error) {
      failure = isDeliveryError(error) ? error : unexpected(target.type, error);
      sent = failure;
    } finally {
      release();
    }
    const endedAt = now();
    const outcome = attemptOutcome(failure);
    const record = attemptRecord({ subject: { ...subject, webhook, event }, number: input.attempt, isFinal: input.final, outcome, failure, statusCode: sent.statusCode, responseBody: sent.responseBody, startedAt, endedAt });
    // Counted once the target was tried, before the record: a write that fails does not unsend it.
    ports.attemptMeter?.attempted(target.type, outcome, record.attempt.durationMs);
    await announceHealthChange(ports.announcer, await deliveries.recordAttempt(record, endedAt));

    if (failure) throw toActivityFailure(failure);
    return { statusCode: sent.statusCode, durationMs: record.attempt.durationMs };
  }
}

/** A channel broke its promise to throw only delivery errors: a bug, retried like a network error. */
function unexpected(channel: string, error: unknown): RetryableDeliveryError {
  log.error(`the ${channel} channel failed unexpectedly`, { error: error instanceof Error ? error.stack ?? error.message : String(error) });
  return new RetryableDeliveryError(`the ${channel} channel failed unexpectedly (${error instanceof Error ? error.name : typeof error})`);
}
