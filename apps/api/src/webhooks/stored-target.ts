import type { WebhookTarget } from '@herald/contracts';
import type { SecretBox, Webhook } from '@herald/persistence';

/**
 * Writes a target into a webhook's columns: the email address or JSON URL in plain text, the
 * Slack URL (a credential) only sealed. Signing secrets are the caller's business.
 */
export function storeTarget(box: SecretBox, webhook: Webhook, target: WebhookTarget): void {
  webhook.targetType = target.type;
  webhook.targetAddress = target.type === 'email' ? target.to : target.type === 'json' ? target.url : null;
  webhook.targetSecretUrl = target.type === 'slack' ? box.seal(target.url) : null;
}

/** The target as stored, with the Slack URL opened: for comparing, never for answering. */
export function storedTarget(box: SecretBox, webhook: Webhook): WebhookTarget {
  switch (webhook.targetType) {
    case 'email':
      return { type: 'email', to: webhook.targetAddress ?? '' };
    case 'json':
      return { type: 'json', url: webhook.targetAddress ?? '' };
    case 'slack':
      return { type: 'slack', url: openedOrEmpty(box, webhook.targetSecretUrl) };
  }
}

/** A URL sealed under a key since replaced compares as nothing, so any new URL replaces it. */
function openedOrEmpty(box: SecretBox, sealed: string | null): string {
  if (!sealed) return '';
  try {
    return box.open(sealed);
  } catch {
    return '';
  }
}

export function sameTarget(a: WebhookTarget, b: WebhookTarget): boolean {
  if (a.type === 'email' && b.type === 'email') return a.to === b.to;
  return a.type === b.type && (a as { url: string }).url === (b as { url: string }).url;
}
