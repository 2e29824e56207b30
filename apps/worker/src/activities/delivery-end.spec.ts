import { PermanentDeliveryError } from '@herald/channels';
import { attemptRecord, deliveryEnd, endpointEnd, skipReason } from './delivery-end';
import { deliveryRow, eventRow, webhookRow } from './fake-ports';

const NOW = new Date('2026-12-01T12:00:00Z');
const healthy = { consecutiveFailures: 0, pausedUntil: null, disabledAt: null };

describe('deliveryEnd', () => {
  it('ends a delivery on success or a permanent failure, and on a retryable one only when it was the last attempt', () => {
    expect(deliveryEnd('succeeded', false)).toEqual({ status: 'succeeded', ends: true });
    expect(deliveryEnd('permanent', false)).toEqual({ status: 'failed', ends: true });
    expect(deliveryEnd('retryable', false)).toEqual({ status: 'retrying', ends: false });
    expect(deliveryEnd('retryable', true)).toEqual({ status: 'failed', ends: true });
  });
});

describe('skipReason', () => {
  it('names what is gone or held, and lets a test fire reach a paused webhook', () => {
    expect(skipReason({ webhook: null, event: eventRow() }, NOW)).toBe('the webhook was deleted');
    expect(skipReason({ webhook: webhookRow(), event: null }, NOW)).toBe('the event no longer exists');
    expect(skipReason({ webhook: webhookRow({ active: false }), event: eventRow() }, NOW)).toBe('the webhook is paused');
    expect(skipReason({ webhook: webhookRow({ pausedUntil: new Date(NOW.getTime() + 1) }), event: eventRow() }, NOW)).toBe('the webhook is paused after repeated failures');
    expect(skipReason({ webhook: webhookRow({ pausedUntil: new Date(NOW.getTime() - 1) }), event: eventRow() }, NOW)).toBeNull();
    expect(skipReason({ webhook: webhookRow({ active: false }), event: eventRow({ type: 'webhook.test' }) }, NOW)).toBeNull();
  });
});

describe('endpointEnd', () => {
  it('moves health only for an ended, real delivery, and not for a success to a healthy endpoint', () => {
    expect(endpointEnd('failed', false, healthy)).toBe('failed');
    expect(endpointEnd('retrying', false, healthy)).toBeNull();
    expect(endpointEnd('failed', true, healthy)).toBeNull();
    expect(endpointEnd('succeeded', false, healthy)).toBeNull();
    expect(endpointEnd('succeeded', false, { ...healthy, consecutiveFailures: 2 })).toBe('succeeded');
    expect(endpointEnd('succeeded', false, { ...healthy, pausedUntil: NOW })).toBe('succeeded');
  });
});

describe('attemptRecord', () => {
  it('keeps the highest attempt count, times the attempt and cuts a long error to 1 KiB', () => {
    const failure = new PermanentDeliveryError('x'.repeat(2000), { statusCode: 400 });
    const record = attemptRecord({
      subject: { delivery: deliveryRow({ attemptCount: 5 }), webhook: webhookRow(), event: eventRow() },
      number: 3,
      isFinal: false,
      outcome: 'permanent',
      failure,
      statusCode: 400,
      responseBody: 'no',
      startedAt: new Date(NOW.getTime() - 250),
      endedAt: NOW,
    });
    expect(record.delivery).toEqual({ id: 'dlv_1', status: 'failed', attemptCount: 5, lastStatusCode: 400, completedAt: NOW });
    expect(record.attempt).toMatchObject({ deliveryId: 'dlv_1', number: 3, durationMs: 250, errorClass: 'PermanentDeliveryError', responseBody: 'no' });
    expect(record.attempt.error).toHaveLength(1024);
    expect(record.endpoint).toBe('failed');
  });
});
