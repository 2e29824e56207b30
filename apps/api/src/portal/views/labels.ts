import { SUBSCRIBABLE_EVENT_TYPES, type DeliveryStatus, type EventType, type HealthStatus, type SubscribableEventType, type TargetType } from '@herald/contracts';
import { badge } from './components';
import type { SafeHtml } from '../html';

/** The words the seed product's admins know for each event. */
export const EVENT_LABELS: Record<EventType, string> = {
  'file.uploaded': 'File Upload',
  'file.downloaded': 'File Download',
  'file.deleted': 'File Deletion',
  'maven.version.published': 'Maven Version Published',
  'python.version.published': 'Python Version Published',
  'file.digest': 'Digest',
  'webhook.test': 'Test Event',
};

export const SUBSCRIBABLE_EVENTS: ReadonlyArray<{ type: SubscribableEventType; label: string; hint: string }> = SUBSCRIBABLE_EVENT_TYPES.map((type) => ({
  type,
  label: EVENT_LABELS[type],
  hint: {
    'file.uploaded': 'A build tool stored a file (PUT).',
    'file.downloaded': 'Someone fetched a file (GET).',
    'file.deleted': 'A file was removed (DELETE).',
    'maven.version.published': 'A Maven version became complete (POM, JAR and metadata).',
    'python.version.published': 'A Python version became complete (its sdist and wheels).',
  }[type],
}));

export const TARGET_TYPE_LABELS: Record<TargetType, string> = { email: 'Email address', json: 'JSON URL', slack: 'Slack URL' };

export function deliveryStatusBadge(status: DeliveryStatus): SafeHtml {
  switch (status) {
    case 'succeeded':
      return badge('Succeeded', 'success');
    case 'failed':
      return badge('Failed', 'danger');
    case 'retrying':
      return badge('Retrying', 'warning');
    case 'pending':
      return badge('Pending', 'info');
  }
}

/** Paused by an admin outranks endpoint health; health says whether deliveries flow. */
export function webhookStateBadge(active: boolean, health: HealthStatus | undefined): SafeHtml {
  if (!active) return badge('Paused', 'neutral');
  if (health === 'disabled') return badge('Disabled', 'danger');
  if (health === 'paused') return badge('Cooling down', 'warning');
  return badge('Active', 'success');
}
