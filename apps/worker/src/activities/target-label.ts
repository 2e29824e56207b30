import type { SecretBox, Webhook } from '@herald/persistence';

/**
 * A label safe for workflow history, summaries and logs: the channel and the host for URLs
 * (a path or query may carry a token; a Slack URL is a credential), a masked address for mail.
 */
export function targetLabel(webhook: Webhook, box: SecretBox): string {
  switch (webhook.targetType) {
    case 'json':
      return `json ${hostOf(webhook.targetAddress)}`;
    case 'slack':
      return `slack ${hostOf(openQuietly(box, webhook.targetSecretUrl))}`;
    case 'email': {
      const [local = '', domain = ''] = (webhook.targetAddress ?? '').split('@');
      return `email ${local.slice(0, 1)}***@${domain}`;
    }
  }
}

function openQuietly(box: SecretBox, sealed: string | null): string | null {
  try {
    return sealed ? box.open(sealed) : null;
  } catch {
    return null;
  }
}

function hostOf(url: string | null): string {
  try {
    return new URL(url ?? '').host;
  } catch {
    return '(invalid url)';
  }
}
