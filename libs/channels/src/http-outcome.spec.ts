import { AxiosError } from 'axios';
import { BlockedAddressError } from '@herald/networking';
import { PermanentDeliveryError, RetryableDeliveryError } from './delivery-errors';
import { httpStatusError, retryAfterMs, transportError } from './http-outcome';

describe('httpStatusError', () => {
  it.each([
    [301, PermanentDeliveryError],
    [307, PermanentDeliveryError],
    [400, PermanentDeliveryError],
    [401, PermanentDeliveryError],
    [410, PermanentDeliveryError],
    [408, RetryableDeliveryError],
    [429, RetryableDeliveryError],
    [500, RetryableDeliveryError],
    [502, RetryableDeliveryError],
    [503, RetryableDeliveryError],
  ])('%i → %p', (status, type) => {
    const error = httpStatusError('ci.example.com', status, undefined, 'body');
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ statusCode: status, responseBody: 'body' });
    expect(error.message).toContain('ci.example.com');
  });

  it('carries Retry-After on a retryable answer', () => {
    const error = httpStatusError('h', 503, '12', '') as RetryableDeliveryError;
    expect(error.retryAfterMs).toBe(12_000);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, and ignores garbage', () => {
    const now = Date.parse('2026-11-28T22:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3_000);
    expect(retryAfterMs('Sat, 28 Nov 2026 22:00:10 GMT', now)).toBe(10_000);
    expect(retryAfterMs('Sat, 28 Nov 2026 21:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(undefined, now)).toBeNull();
    expect(retryAfterMs('-5', now)).toBeNull();
  });
});

describe('transportError', () => {
  it('makes a blocked address permanent', () => {
    expect(transportError('h', new BlockedAddressError('h'))).toBeInstanceOf(PermanentDeliveryError);
    const wrapped = new AxiosError('blocked', 'EHERALDBLOCKED');
    wrapped.cause = Object.assign(new Error('blocked'), { code: 'EHERALDBLOCKED' });
    expect(transportError('h', wrapped)).toBeInstanceOf(PermanentDeliveryError);
  });

  it('retries network errors and names the code', () => {
    const error = transportError('h:1', new AxiosError('refused', 'ECONNREFUSED'));
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect(error.message).toBe('request to h:1 failed (ECONNREFUSED)');
    expect(transportError('h:1', new AxiosError('slow', 'ECONNABORTED')).message).toBe('request to h:1 timed out');
  });
});
