import { Webhook as StandardWebhook } from 'standardwebhooks';
import { signatureHeader } from './standard-webhooks';

// Secrets are made in libs/persistence; signing only needs two in their `whsec_` form
// (the first is the example secret of the Standard Webhooks specification).
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const OTHER_SECRET = 'whsec_Hx8u2QV2N5yIhKzQG9Xb1hH9cXyZ1S7v';

describe('Standard Webhooks signing', () => {
  it('produces a signature the reference library accepts, and one it rejects when the body changes', () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const body = '{"type":"file.uploaded"}';
    const headers = { 'webhook-id': 'evt_1', 'webhook-timestamp': String(timestamp), 'webhook-signature': signatureHeader([SECRET], 'evt_1', timestamp, body) };
    expect(new StandardWebhook(SECRET).verify(body, headers)).toEqual({ type: 'file.uploaded' });
    expect(() => new StandardWebhook(SECRET).verify('{"type":"file.deleted"}', headers)).toThrow();
    expect(() => new StandardWebhook(OTHER_SECRET).verify(body, headers)).toThrow();
  });

  it('space-separates one v1 signature per secret', () => {
    const header = signatureHeader([SECRET, OTHER_SECRET], 'evt_1', 1, 'x');
    expect(header.split(' ').map((part) => part.split(',')[0])).toEqual(['v1', 'v1']);
  });
});
