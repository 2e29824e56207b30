import { randomBytes } from 'node:crypto';
import { SECRET_PREFIX } from '@herald/contracts';
import type { SecretBox } from './secret-box';

/**
 * The stored form of a JSON webhook's signing secrets: sealed JSON `[{secret, expiresAt}]`,
 * newest first. The API writes it (create, rotate) and the worker reads it (activeSigningSecrets).
 */
export interface StoredSigningSecret {
  secret: string;
  /** ISO time after which a rotated-out secret stops signing; null for the current one. */
  expiresAt: string | null;
}

/** A new Standard Webhooks secret: `whsec_` + base64 of 24 random bytes. */
export function generateSigningSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(24).toString('base64')}`;
}

/** How long a rotated-out secret keeps signing beside the new one, so receivers can switch over. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

/** Rotating often should not grow the list without end: the oldest overlapping secrets go first. */
const MAX_SECRETS = 5;

export function sealFirstSecret(box: SecretBox, secret: string): string {
  return box.seal(JSON.stringify([{ secret, expiresAt: null }] satisfies StoredSigningSecret[]));
}

export function openSecrets(box: SecretBox, sealed: string | null): StoredSigningSecret[] {
  return sealed ? (JSON.parse(box.open(sealed)) as StoredSigningSecret[]) : [];
}

/** The current secret, or a rotated-out one still within its overlap. */
function stillSigns(entry: StoredSigningSecret, now: Date): boolean {
  return entry.expiresAt === null || new Date(entry.expiresAt) > now;
}

/** The secrets that sign at `now`, newest first. */
export function activeSigningSecrets(box: SecretBox, sealed: string | null, now: Date): string[] {
  return openSecrets(box, sealed)
    .filter((entry) => stillSigns(entry, now))
    .map((entry) => entry.secret);
}

/** The new secret first; the current one(s) expire in 24 h; already expired ones are dropped. */
export function sealRotatedSecrets(box: SecretBox, sealed: string | null, secret: string, now: Date): string {
  const overlapUntil = new Date(now.getTime() + ROTATION_OVERLAP_MS).toISOString();
  const previous = openSecrets(box, sealed)
    .filter((entry) => stillSigns(entry, now))
    .map((entry) => ({ secret: entry.secret, expiresAt: entry.expiresAt ?? overlapUntil }));
  const secrets: StoredSigningSecret[] = [{ secret, expiresAt: null }, ...previous].slice(0, MAX_SECRETS);
  return box.seal(JSON.stringify(secrets));
}
