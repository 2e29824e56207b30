import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';
import { ROTATION_OVERLAP_MS, generateSigningSecret, openSecrets, sealFirstSecret, sealRotatedSecrets } from './signing-secrets';

describe('generateSigningSecret', () => {
  it('generates whsec_ secrets of 24 random bytes', () => {
    const secret = generateSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(24);
    expect(generateSigningSecret()).not.toBe(secret);
  });
});

describe('signing secret rotation', () => {
  const box = new SecretBox(randomBytes(32));
  const now = new Date('2026-11-28T12:00:00.000Z');
  const later = (ms: number) => new Date(now.getTime() + ms);

  it('puts the new secret first and lets the current one expire after the overlap', () => {
    const sealed = sealRotatedSecrets(box, sealFirstSecret(box, 'whsec_old'), 'whsec_new', now);
    expect(openSecrets(box, sealed)).toEqual([
      { secret: 'whsec_new', expiresAt: null },
      { secret: 'whsec_old', expiresAt: later(ROTATION_OVERLAP_MS).toISOString() },
    ]);
  });

  it('keeps an earlier expiry, drops what has expired, and keeps the list short', () => {
    let sealed = sealFirstSecret(box, 'whsec_0');
    for (let i = 1; i <= 8; i++) sealed = sealRotatedSecrets(box, sealed, `whsec_${i}`, later(i * 1000));
    const secrets = openSecrets(box, sealed);
    expect(secrets.map((entry) => entry.secret)).toEqual(['whsec_8', 'whsec_7', 'whsec_6', 'whsec_5', 'whsec_4']);
    expect(secrets[1].expiresAt).toBe(later(8000 + ROTATION_OVERLAP_MS).toISOString());
    expect(secrets[2].expiresAt).toBe(later(7000 + ROTATION_OVERLAP_MS).toISOString());

    const afterExpiry = sealRotatedSecrets(box, sealed, 'whsec_9', later(ROTATION_OVERLAP_MS + 7500));
    expect(openSecrets(box, afterExpiry).map((entry) => entry.secret)).toEqual(['whsec_9', 'whsec_8', 'whsec_7']);
  });

  it('never stores a secret in the clear', () => {
    expect(sealFirstSecret(box, 'whsec_visible')).not.toContain('visible');
  });
});
