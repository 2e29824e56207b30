import { FILE_EVENT_TYPES, type EventType, type FileEventType, type MavenCoordinates, type PublishedVersionData, type WebhookDigest, type WebhookFilters } from '@herald/contracts';
import { compilePathFilter } from './path-filter';

/** What the subscription rule reads of a webhook: the API's index and the worker's resolve both hold one. */
export interface SubscribingWebhook {
  id: string;
  events: readonly string[];
  filters: WebhookFilters | null;
  digest: WebhookDigest | null;
}

/** What the subscription rule reads of an event. */
export interface RoutableEvent {
  type: EventType;
  path: string;
  maven: MavenCoordinates | null;
  /** The files of a `maven.version.published`, whose paths its filters are judged on. */
  payload?: unknown;
}

/** Who asked to hear of one event. */
export interface Subscribers<W> {
  /** One delivery each, through the event's workflow (resolve splits them by endpoint health). */
  direct: W[];
  /** Digesting webhooks: the event joins their open window instead of a delivery of its own. */
  digest: W[];
  /** A Maven upload some webhook wants as `maven.version.published`: feed the version's workflow. */
  groupVersion: boolean;
}

function isFileEventType(type: string): type is FileEventType {
  return (FILE_EVENT_TYPES as readonly string[]).includes(type);
}

/** The paths a webhook's filters are judged on: the file's, or for a version any of its files. */
function pathsOf(event: RoutableEvent): string[] {
  if (event.type === 'maven.version.published') return ((event.payload as PublishedVersionData | null | undefined)?.files ?? []).map((file) => file.path);
  return [event.path];
}

/**
 * The subscription rule, written once: among a repository's active webhooks, those subscribed to
 * the event's type whose filters let one of its paths through. The API's subscription index asks
 * it whether an event is worth recording and where it goes; the worker's resolve asks it which
 * deliveries to make (compiled filters are cached by compilePathFilter).
 */
export function subscribersOf<W extends SubscribingWebhook>(event: RoutableEvent, webhooks: readonly W[]): Subscribers<W> {
  const subscribers: Subscribers<W> = { direct: [], digest: [], groupVersion: false };
  const paths = pathsOf(event);
  for (const webhook of webhooks) {
    if (webhook.events.includes('maven.version.published') && event.type === 'file.uploaded' && event.maven) subscribers.groupVersion = true;
    if (!webhook.events.includes(event.type)) continue;
    if (!paths.some(compilePathFilter(webhook.filters))) continue;
    (webhook.digest && isFileEventType(event.type) ? subscribers.digest : subscribers.direct).push(webhook);
  }
  return subscribers;
}

/** Whether anyone listens: an event for nobody is not worth a workflow, a signal or (a download) a row. */
export function hasSubscribers(subscribers: Subscribers<unknown>): boolean {
  return subscribers.direct.length > 0 || subscribers.digest.length > 0 || subscribers.groupVersion;
}
