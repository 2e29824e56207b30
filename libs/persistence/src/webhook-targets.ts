import type { WebhookTarget } from '@herald/contracts';
import type { Webhook } from './entities';
import type { SecretBox } from './secret-box';
import { activeSigningSecrets } from './signing-secrets';

/**
 * The one home of a webhook's stored target: how it is written into the webhook's columns, read
 * back (to compare, to deliver), masked for an answer and labelled for history and logs. The
 * email address and the JSON URL are stored plain; the Slack URL, a credential, only sealed.
 */
type StoredTarget = Pick<Webhook, 'targetType' | 'targetAddress' | 'targetSecretUrl'>;

/** A target with its credentials opened, as a channel takes it inside an activity (libs/channels ResolvedTarget). */
export type OpenedTarget = Exclude<WebhookTarget, { type: 'json' }> | { type: 'json'; url: string; signingSecrets: string[] };

/** Signing secrets are the caller's business (signing-secrets.ts). */
export function storeTarget(box: SecretBox, webhook: StoredTarget, target: WebhookTarget): void {
  webhook.targetType = target.type;
  webhook.targetAddress = target.type === 'email' ? target.to : target.type === 'json' ? target.url : null;
  webhook.targetSecretUrl = target.type === 'slack' ? box.seal(target.url) : null;
}

function readTarget(webhook: StoredTarget, slackUrl: (sealed: string | null) => string): WebhookTarget {
  switch (webhook.targetType) {
    case 'email':
      return { type: 'email', to: webhook.targetAddress ?? '' };
    case 'json':
      return { type: 'json', url: webhook.targetAddress ?? '' };
    case 'slack':
      return { type: 'slack', url: slackUrl(webhook.targetSecretUrl) };
  }
}

/** The target as stored, with the Slack URL opened: for comparing, never for answering. A URL sealed under a key since replaced compares as nothing, so any new URL replaces it. */
export function storedTarget(box: SecretBox, webhook: StoredTarget): WebhookTarget {
  return readTarget(webhook, (sealed) => openQuietly(box, sealed) ?? '');
}

/** The target with its credentials opened and the JSON signing secrets that sign at `now`, for a channel; a Slack URL that does not open throws. */
export function openTarget(box: SecretBox, webhook: StoredTarget & Pick<Webhook, 'signingSecrets'>, now = new Date()): OpenedTarget {
  const target = readTarget(webhook, (sealed) => box.open(sealed ?? ''));
  return target.type === 'json' ? { ...target, signingSecrets: activeSigningSecrets(box, webhook.signingSecrets, now) } : target;
}

export function sameTarget(a: WebhookTarget, b: WebhookTarget): boolean {
  if (a.type === 'email' && b.type === 'email') return a.to === b.to;
  return a.type === b.type && (a as { url: string }).url === (b as { url: string }).url;
}

/** The target as an admin sees it: the Slack URL masked; one sealed under another key masked entirely, rather than failing the page. */
export function maskedTarget(box: SecretBox, webhook: StoredTarget): WebhookTarget {
  return readTarget(webhook, (sealed) => maskSlackUrl(openQuietly(box, sealed) ?? ''));
}

/**
 * `https://hooks.slack.com/services/T0/B0/secret` → `https://hooks.slack.com/services/T…/B…/****`:
 * the team and bot ids by their first character, the secret never.
 */
export function maskSlackUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '****';
  }
  const marker = '/services/';
  const at = parsed.pathname.indexOf(marker);
  const head = at >= 0 ? parsed.pathname.slice(0, at + marker.length) : '/';
  const segments = parsed.pathname.slice(head.length).split('/').filter((segment) => segment !== '');
  const masked = segments.map((segment, index) => (index === segments.length - 1 ? '****' : `${segment.slice(0, 1)}…`));
  return `${parsed.origin}${head}${masked.length > 0 ? masked.join('/') : '****'}`;
}

/**
 * A label safe for workflow history, summaries and logs: the channel and the host for URLs
 * (a path or query may carry a token; a Slack URL is a credential), a masked address for mail.
 */
export function targetLabel(box: SecretBox, webhook: StoredTarget): string {
  const target = readTarget(webhook, (sealed) => openQuietly(box, sealed) ?? '');
  if (target.type !== 'email') return `${target.type} ${urlHost(target.url)}`;
  const [local = '', domain = ''] = target.to.split('@');
  return `email ${local.slice(0, 1)}***@${domain}`;
}

/** A URL's host (with its port), or `(invalid url)`: one answer wherever a target's host is shown or counted. */
export function urlHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid url)';
  }
}

function openQuietly(box: SecretBox, sealed: string | null): string | null {
  if (!sealed) return null;
  try {
    return box.open(sealed);
  } catch {
    return null;
  }
}
