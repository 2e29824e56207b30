import type { ResolvedTarget } from '@herald/channels';
import { activeSigningSecrets, type SecretBox, type Webhook } from '@herald/persistence';

/** Reads the signing secrets of a JSON webhook, dropping rotated-out ones past their 24 h. */
export function signingSecrets(box: SecretBox, webhook: Webhook, now = new Date()): string[] {
  return activeSigningSecrets(box, webhook.signingSecrets, now);
}

/** The webhook's target with its credentials decrypted, for a channel inside an activity. */
export function resolveTarget(box: SecretBox, webhook: Webhook): ResolvedTarget {
  switch (webhook.targetType) {
    case 'email':
      return { type: 'email', to: webhook.targetAddress ?? '' };
    case 'json':
      return { type: 'json', url: webhook.targetAddress ?? '', signingSecrets: signingSecrets(box, webhook) };
    case 'slack':
      return { type: 'slack', url: box.open(webhook.targetSecretUrl ?? '') };
  }
}

/**
 * The host an attempt occupies, for fairness between targets (host-gate.ts): the URL's host of a
 * JSON or Slack target, the one SMTP server for all mail.
 */
export function hostOf(target: ResolvedTarget): string {
  if (target.type === 'email') return 'smtp';
  try {
    return new URL(target.url).host;
  } catch {
    return 'invalid-url';
  }
}
