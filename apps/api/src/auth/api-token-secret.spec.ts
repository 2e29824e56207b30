import { formatToken, hashTokenSecret, isKeyedHash, parseToken, tokenHashKey, tokenPrefix, verifyTokenSecret } from './api-token-secret';

describe('API token secrets', () => {
  const key = tokenHashKey(Buffer.alloc(32, 7));
  const otherKey = tokenHashKey(Buffer.alloc(32, 8));

  it('hashes with the server key: the same secret under another key does not verify', () => {
    const stored = hashTokenSecret(key, 'secret-one');
    expect(stored).toMatch(/^hmac-sha256\$[A-Za-z0-9_-]{43}$/);
    expect(stored).not.toContain('secret-one');
    expect(verifyTokenSecret(key, 'secret-one', stored)).toBe(true);
    expect(verifyTokenSecret(key, 'secret-two', stored)).toBe(false);
    expect(verifyTokenSecret(otherKey, 'secret-one', stored)).toBe(false);
  });

  it('tells a scrypt hash of an older token from a keyed one, and never verifies it as keyed', () => {
    const scrypt = 'scrypt$16384$8$1$c2FsdA==$aGFzaA==';
    expect(isKeyedHash(scrypt)).toBe(false);
    expect(verifyTokenSecret(key, 'anything', scrypt)).toBe(false);
  });

  it('formats and parses tokens; the prefix is the token start and holds none of the secret', () => {
    const token = formatToken('tok_01jdz3k8q6w2x9v4b7n5m1c0ae', 'Qm9y_ZWF-sa');
    expect(token).toBe('hrd_tok_01jdz3k8q6w2x9v4b7n5m1c0ae_Qm9y_ZWF-sa');
    expect(token.startsWith(`${tokenPrefix('tok_01jdz3k8q6w2x9v4b7n5m1c0ae')}_`)).toBe(true);
    expect(parseToken(token)).toEqual({ id: 'tok_01jdz3k8q6w2x9v4b7n5m1c0ae', secret: 'Qm9y_ZWF-sa' });
    expect(parseToken('hrd_tok_01jdz3k8q6w2x9v4b7n5m1c0ae')).toBeNull();
    expect(parseToken('password')).toBeNull();
  });
});
