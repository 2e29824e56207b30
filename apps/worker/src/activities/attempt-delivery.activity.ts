import { Context, log } from '@temporalio/activity';
import type { AttemptDeliveryInput, AttemptDeliveryResult } from '@herald/contracts';
import { RetryableDeliveryError, type DeliveryError } from '@herald/channels';
import { Delivery, DeliveryAttempt, FileEvent, Webhook } from '@herald/persistence';
import type { ActivityDeps } from './activity-deps';
import { attemptOutcome } from './attempt-meter';
import { deliverVia } from './channel-registry';
import { busyFailure, isDeliveryError, skippedFailure, toActivityFailure } from './delivery-failure';
import { isHeld } from './endpoint-health';
import { endpointHealthRecorder } from './endpoint-health-recorder';
import { HostGate } from './host-gate';
import { notificationPayload } from './notification-payload';
import { hostOf, resolveTarget } from './resolve-target';

const ERROR_LIMIT = 1024;
/** Well within the workflow's heartbeat timeout (15 s), which the SDK's throttling respects. */
const HEARTBEAT_EVERY_MS = 2_000;

/**
 * One attempt at one delivery: reads the webhook and its secrets here (never from workflow
 * input), sends through the channel of its type, and records the attempt and the delivery's
 * new state in one write. Its failure tells the workflow whether to wait and try again.
 */
export function attemptDeliveryActivity(deps: ActivityDeps) {
  const now = deps.now ?? (() => new Date());
  const gate = deps.hostGate ?? new HostGate();
  const recordDeliveryEnd = endpointHealthRecorder(deps);

  return async function attemptDelivery(input: AttemptDeliveryInput): Promise<AttemptDeliveryResult> {
    // Alive while it waits for its host, sends and records; a worker that dies stops beating.
    const context = Context.current();
    const beating = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
    try {
      return await attempt(input);
    } finally {
      clearInterval(beating);
    }
  };

  async function attempt(input: AttemptDeliveryInput): Promise<AttemptDeliveryResult> {
    const em = deps.orm.em.fork();
    const delivery = await em.findOne(Delivery, { id: input.deliveryId });
    if (!delivery) throw skippedFailure('the delivery no longer exists');
    const webhook = await em.findOne(Webhook, { id: delivery.webhookId });
    const event = await em.findOne(FileEvent, { id: delivery.eventId });
    const skip = skipReason(webhook, event, now());
    if (skip || !webhook || !event) {
      delivery.status = 'failed';
      delivery.completedAt = now();
      await em.flush();
      throw skippedFailure(skip ?? 'nothing to deliver');
    }

    const target = resolveTarget(deps.secretBox, webhook);
    const host = hostOf(target);
    const release = await gate.acquire(host);
    if (!release) throw busyFailure(host, gate.retryAfterMs(host));
    const startedAt = now();
    let statusCode: number | null = null;
    let responseBody: string | null = null;
    let failure: DeliveryError | null = null;
    try {
      ({ statusCode, responseBody } = await deliverVia(deps.channels, target, { id: event.id, webhookId: webhook.id, payload: notificationPayload(event, deps.config.publicUrl) }));
    } catch (error) {
      failure = isDeliveryError(error) ? error : unexpected(target.type, error);
      statusCode = failure.statusCode;
      responseBody = failure.responseBody;
    } finally {
      release();
    }
    const durationMs = now().getTime() - startedAt.getTime();
    // Counted once the target was tried, before the record: a write that fails does not unsend it.
    deps.attemptMeter?.attempted(target.type, attemptOutcome(failure), durationMs);

    em.create(DeliveryAttempt, {
      delivery,
      number: input.attempt,
      startedAt,
      durationMs,
      statusCode,
      responseBody,
      errorClass: failure?.name ?? null,
      error: failure ? failure.message.slice(0, ERROR_LIMIT) : null,
    });
    const ends = !failure || failure.name === 'PermanentDeliveryError' || input.final;
    delivery.attemptCount = Math.max(delivery.attemptCount, input.attempt);
    delivery.lastStatusCode = statusCode;
    delivery.status = !failure ? 'succeeded' : ends ? 'failed' : 'retrying';
    delivery.completedAt = ends ? now() : null;
    await em.flush();
    if (ends && event.type !== 'webhook.test') await recordDeliveryEnd(webhook.id, failure ? 'failed' : 'succeeded', webhook);

    if (failure) throw toActivityFailure(failure);
    return { statusCode, durationMs };
  }
}

/** Why the attempt must not be made; a test fire reaches even a paused webhook, to check a fix. */
function skipReason(webhook: Webhook | null, event: FileEvent | null, now: Date): string | null {
  if (!webhook) return 'the webhook was deleted';
  if (!event) return 'the event no longer exists';
  if (event.type === 'webhook.test') return null;
  if (!webhook.active) return 'the webhook is paused';
  if (isHeld(webhook, now)) return 'the webhook is paused after repeated failures';
  return null;
}

/** A channel broke its promise to throw only delivery errors: a bug, retried like a network error. */
function unexpected(channel: string, error: unknown): RetryableDeliveryError {
  log.error(`the ${channel} channel failed unexpectedly`, { error: error instanceof Error ? error.stack ?? error.message : String(error) });
  return new RetryableDeliveryError(`the ${channel} channel failed unexpectedly (${error instanceof Error ? error.name : typeof error})`);
}
