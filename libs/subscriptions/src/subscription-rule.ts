import {
  FILE_EVENT_TYPES,
  isPublishedVersionEventType,
  type EventType,
  type FileEventType,
  type MavenCoordinates,
  type PublishedVersionCoordinates,
  type PublishedVersionData,
  type PublishedVersionEventType,
  type PythonCoordinates,
  type WebhookDigest,
  type WebhookFilters,
} from '@herald/contracts';
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
  /** Set for a file of a `python` repository. */
  python?: PythonCoordinates | null;
  /** The files of a `*.version.published`, whose paths its filters are judged on. */
  payload?: unknown;
}

/** Who asked to hear of one event. */
export interface Subscribers<W> {
  /** One delivery each, through the event's workflow (resolve splits them by endpoint health). */
  direct: W[];
  /** Digesting webhooks: the event joins their open window instead of a delivery of its own. */
  digest: W[];
  /** An upload of a version some webhook wants announced (`maven.version.published`…): feed the version's workflow. */
  groupVersion: boolean;
}

/** The version an upload belongs to, and the event that announces that version once it is quiet. */
export interface UploadedVersion {
  eventType: PublishedVersionEventType;
  version: PublishedVersionCoordinates;
}

function isFileEventType(type: string): type is FileEventType {
  return (FILE_EVENT_TYPES as readonly string[]).includes(type);
}

/** For an upload with Maven coordinates or a Python distribution: its version; null for anything else. */
export function uploadedVersion(event: Pick<RoutableEvent, 'type' | 'maven' | 'python'>): UploadedVersion | null {
  if (event.type !== 'file.uploaded') return null;
  if (event.python) {
    const { project, version } = event.python;
    return { eventType: 'python.version.published', version: { python: { project, version } } };
  }
  if (event.maven) {
    const { groupId, artifactId, version } = event.maven;
    return { eventType: 'maven.version.published', version: { maven: { groupId, artifactId, version } } };
  }
  return null;
}

/** The paths a webhook's filters are judged on: the file's, or for a version any of its files. */
function pathsOf(event: RoutableEvent): string[] {
  if (isPublishedVersionEventType(event.type)) return ((event.payload as PublishedVersionData | null | undefined)?.files ?? []).map((file) => file.path);
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
  const grouping = uploadedVersion(event)?.eventType;
  for (const webhook of webhooks) {
    if (grouping && webhook.events.includes(grouping)) subscribers.groupVersion = true;
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
