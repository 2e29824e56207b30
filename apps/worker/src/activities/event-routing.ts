import { compilePathFilter } from '@herald/channels';
import { FILE_EVENT_TYPES, type FileEventType, type PublishedVersionData } from '@herald/contracts';
import type { FileEvent, Webhook } from '@herald/persistence';
import { isHeld } from './endpoint-health';

/** Where one event goes, webhook by webhook: the decisions of resolve, without the database. */
export interface EventRoutes {
  /** Notify now, one delivery each. */
  deliver: Webhook[];
  /**
   * Paused or disabled by endpoint health: a delivery is recorded as `failed` with no attempt,
   * so nothing is lost and `POST /webhooks/{id}/recover` sends it once the endpoint is back.
   */
  hold: Webhook[];
  /** Digesting webhooks: the event joins their open window instead. */
  digest: Webhook[];
  /** A Maven upload some webhook here wants as maven.version.published: feed the version's workflow. */
  groupVersion: boolean;
}

function isFileEventType(type: string): type is FileEventType {
  return (FILE_EVENT_TYPES as readonly string[]).includes(type);
}

/** The paths a webhook's filters are judged on: the file's, or for a version any of its files. */
function pathsOf(event: FileEvent): string[] {
  if (event.type === 'maven.version.published') return ((event.payload as PublishedVersionData | null)?.files ?? []).map((file) => file.path);
  return [event.path];
}

/**
 * Routes an event. `targeted`: the event names its one webhook (a test fire, a digest), which gets
 * it whatever its subscriptions and filters say; a test fire reaches even a held webhook, since
 * that is how an operator checks a fix. Otherwise `candidates` are the repository's active
 * webhooks, and each one subscribed to the event's type whose filters let a path through gets it.
 */
export function routeEvent(event: FileEvent, candidates: Webhook[], options: { targeted: boolean; now: Date }): EventRoutes {
  const routes: EventRoutes = { deliver: [], hold: [], digest: [], groupVersion: false };
  if (options.targeted) {
    for (const webhook of candidates) (event.type !== 'webhook.test' && isHeld(webhook, options.now) ? routes.hold : routes.deliver).push(webhook);
    return routes;
  }
  const paths = pathsOf(event);
  for (const webhook of candidates) {
    if (webhook.events.includes('maven.version.published') && event.type === 'file.uploaded' && event.maven) routes.groupVersion = true;
    if (!(webhook.events as string[]).includes(event.type)) continue;
    const passes = compilePathFilter(webhook.filters);
    if (!paths.some(passes)) continue;
    // A held digesting webhook still collects: its one digest is held, not every event.
    if (webhook.digest && isFileEventType(event.type)) routes.digest.push(webhook);
    else if (isHeld(webhook, options.now)) routes.hold.push(webhook);
    else routes.deliver.push(webhook);
  }
  return routes;
}
