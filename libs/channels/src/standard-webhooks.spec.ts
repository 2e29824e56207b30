import { Webhook as StandardWebhook } from 'standardwebhooks';
import { generateSigningSecret, signatureHeader } from './standard-webhooks';

describe('Standard Webhooks signing', () => {
  it('generates whsec_ secrets of 24 random bytes', () => {
    const secret = generateSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(24);
    expect(generateSigningSecret()).not.toBe(secret);
  });

  it('produces a signature the reference library accepts, and one it rejects when the body changes', () => {
    const secret = generateSigningSecret();
    const timestamp = Math.floor(Date.now() / 1000);
    const body = '{"type":"file.uploaded"}';
    const headers = { 'webhook-id': 'evt_1', 'webhook-timestamp': String(timestamp), 'webhook-signature': signatureHeader([secret], 'evt_1', timestamp, body) };
    expect(new StandardWebhook(secret).verify(body, headers)).toEqual({ type: 'file.uploaded' });
    expect(() => new StandardWebhook(secret).verify('{"type":"file.deleted"}', headers)).toThrow();
    expect(() => new StandardWebhook(generateSigningSecret()).verify(body, headers)).toThrow();
  });

  it('space-separates one v1 signature per secret', () => {
    const header = signatureHeader([generateSigningSecret(), generateSigningSecret()], 'evt_1', 1, 'x');
    expect(header.split(' ').map((part) => part.split(',')[0])).toEqual(['v1', 'v1']);
  });
});
