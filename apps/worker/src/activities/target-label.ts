import type { Webhook } from '@herald/persistence';

/** A label safe for workflow history and logs: the host for URLs, a masked address for mail. */
export function targetLabel(webhook: Webhook): string {
  switch (webhook.targetType) {
    case 'json':
      return `json ${hostOf(webhook.targetAddress)}`;
    case 'slack':
      return 'slack';
    case 'email': {
      const [local = '', domain = ''] = (webhook.targetAddress ?? '').split('@');
      return `email ${local.slice(0, 1)}***@${domain}`;
    }
  }
}

function hostOf(url: string | null): string {
  try {
    return new URL(url ?? '').host;
  } catch {
    return '(invalid url)';
  }
}
