import { isPublishedVersionEventType, type DigestData, type EventType, type FileEventData, type FileEventType, type NotificationPayload, type PublishedVersionData } from '@herald/contracts';

/** What a fact is, so a compact channel (Slack) can pick the ones it shows. */
export type FactKey = 'repository' | 'path' | 'size' | 'actor' | 'client' | 'time' | 'contentType' | 'maven' | 'python' | 'sha256' | 'sha1' | 'md5' | 'window' | 'events' | 'actors' | 'files';

export interface NotificationFact {
  key: FactKey;
  label: string;
  value: string;
}

/**
 * The human-readable reading of a payload, shared by the email and Slack renderers so both say
 * the same thing. Every string here is plain text, not yet escaped for HTML or mrkdwn.
 */
export interface NotificationSummary {
  type: EventType;
  /** `File uploaded`, `Activity digest`… */
  title: string;
  /** One line naming the event type, repository and path (or what stands for it): the mail subject. */
  headline: string;
  repository: string;
  /** The file, when there is one to open (not for a deleted file). */
  link: { url: string; label: string } | null;
  facts: NotificationFact[];
  /** A list too long for facts: a digest's busiest paths, a version's files. */
  list: { heading: string; lines: string[]; more: number } | null;
  /** One sentence that explains the notification when its title cannot (a test fire). */
  note: string | null;
  eventId: string;
  timestamp: string;
}

const TITLES: Record<EventType, string> = {
  'file.uploaded': 'File uploaded',
  'file.downloaded': 'File downloaded',
  'file.deleted': 'File deleted',
  'webhook.test': 'Test notification',
  'file.digest': 'Activity digest',
  'maven.version.published': 'Maven version published',
  'python.version.published': 'Python version published',
};

const VERBS: Record<FileEventType, string> = { 'file.uploaded': 'uploaded', 'file.downloaded': 'downloaded', 'file.deleted': 'deleted' };

/** Lines a list shows before it says "and N more": a notification is read, not searched. */
export const LIST_LIMIT = 20;

/**
 * Control characters (CR, LF, NUL, the Unicode line separators) become spaces: user-chosen text
 * (paths, user agents) must never start a new header line or break a layout.
 */
export function oneLine(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
}

/** `1.2 KiB`; below 1 KiB, `N bytes`. */
export function humanSize(bytes: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** `1.2 KiB (1,234 bytes)`: the rounded size for the eye, the exact one for comparing. */
export function sizeText(bytes: number): string {
  return bytes < 1024 ? humanSize(bytes) : `${humanSize(bytes)} (${bytes.toLocaleString('en-US')} bytes)`;
}

/** `2026-11-28 22:00:00 UTC`: one unambiguous zone for every reader. */
export function timeText(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return oneLine(iso);
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function countsText(counts: Partial<Record<FileEventType, number>>): string {
  const parts = (Object.keys(VERBS) as FileEventType[]).filter((type) => (counts[type] ?? 0) > 0).map((type) => `${counts[type]} ${VERBS[type]}`);
  return parts.length ? parts.join(', ') : 'no events';
}

function total(counts: Partial<Record<FileEventType, number>>): number {
  return Object.values(counts).reduce<number>((sum, count) => sum + (count ?? 0), 0);
}

function capped(lines: string[]): { lines: string[]; more: number } {
  return { lines: lines.slice(0, LIST_LIMIT), more: Math.max(0, lines.length - LIST_LIMIT) };
}

function fileEventSummary(type: EventType, data: FileEventData): Pick<NotificationSummary, 'headline' | 'link' | 'facts' | 'list' | 'note'> {
  const path = oneLine(data.path ?? '');
  const facts: NotificationFact[] = [
    { key: 'repository', label: 'Repository', value: oneLine(data.repository) },
    { key: 'path', label: 'Path', value: path },
  ];
  if (data.size !== null && data.size !== undefined) facts.push({ key: 'size', label: 'Size', value: sizeText(data.size) });
  if (data.maven) {
    const { groupId, artifactId, version, classifier, extension } = data.maven;
    const coordinates = [groupId, artifactId, version].map(oneLine).join(':');
    const detail = [classifier && `classifier ${oneLine(classifier)}`, extension && oneLine(extension)].filter(Boolean).join(', ');
    facts.push({ key: 'maven', label: 'Maven', value: detail ? `${coordinates} (${detail})` : coordinates });
  }
  if (data.python) {
    const { project, version, packageType, filename } = data.python;
    facts.push({ key: 'python', label: 'Python', value: `${oneLine(project)} ${oneLine(version)} (${oneLine(packageType)} ${oneLine(filename)})` });
  }
  if (data.contentType) facts.push({ key: 'contentType', label: 'Content type', value: oneLine(data.contentType) });
  if (data.sha256) facts.push({ key: 'sha256', label: 'SHA-256', value: oneLine(data.sha256) });
  if (data.sha1) facts.push({ key: 'sha1', label: 'SHA-1', value: oneLine(data.sha1) });
  if (data.md5) facts.push({ key: 'md5', label: 'MD5', value: oneLine(data.md5) });
  const actor = data.actor ?? { username: null, ip: null, userAgent: null };
  const who = actor.username ? oneLine(actor.username) : 'anonymous';
  facts.push({ key: 'actor', label: 'By', value: actor.ip ? `${who} from ${oneLine(actor.ip)}` : who });
  if (actor.userAgent) facts.push({ key: 'client', label: 'Client', value: oneLine(actor.userAgent) });
  // A deleted file has nothing left to open: its link would only answer 404.
  const link = type !== 'file.deleted' && /^https?:\/\//i.test(data.url ?? '') ? { url: data.url, label: path } : null;
  return { headline: `${type} ${oneLine(data.repository)} ${path}`, link, facts, list: null, note: null };
}

/** A test fire points at no stored file: it says who sent it, and that nothing changed. */
function testSummary(data: FileEventData): Pick<NotificationSummary, 'headline' | 'link' | 'facts' | 'list' | 'note'> {
  const facts = fileEventSummary('webhook.test', data).facts.filter((fact) => fact.key === 'repository' || fact.key === 'actor' || fact.key === 'client');
  return {
    headline: `webhook.test ${oneLine(data.repository)}`,
    link: null,
    facts,
    list: null,
    note: `A test notification from Herald for a webhook of ${oneLine(data.repository)}: this target receives its notifications. No file changed.`,
  };
}

function digestSummary(data: DigestData): Pick<NotificationSummary, 'headline' | 'link' | 'facts' | 'list' | 'note'> {
  const counts = data.counts ?? {};
  const paths = data.paths ?? [];
  const actors = (data.actors ?? []).map(oneLine);
  const facts: NotificationFact[] = [
    { key: 'repository', label: 'Repository', value: oneLine(data.repository) },
    { key: 'window', label: 'Window', value: `${timeText(data.windowStart)} to ${timeText(data.windowEnd)}` },
    { key: 'events', label: 'Events', value: `${total(counts)} (${countsText(counts)}) on ${paths.length} ${paths.length === 1 ? 'path' : 'paths'}` },
  ];
  if (actors.length) facts.push({ key: 'actors', label: 'By', value: actors.length > LIST_LIMIT ? `${actors.slice(0, LIST_LIMIT).join(', ')} and ${actors.length - LIST_LIMIT} more` : actors.join(', ') });
  const ranked = [...paths].sort((a, b) => total(b.counts ?? {}) - total(a.counts ?? {}));
  return {
    headline: `file.digest ${oneLine(data.repository)} ${total(counts)} events on ${paths.length} ${paths.length === 1 ? 'path' : 'paths'}`,
    link: null,
    facts,
    list: ranked.length ? { heading: 'Busiest paths', ...capped(ranked.map((entry) => `${oneLine(entry.path)}: ${countsText(entry.counts ?? {})}`)) } : null,
    note: null,
  };
}

/** The version as its ecosystem names it: `com.example:demo:1.0.0`, `demo-lib 1.0.0`. */
function versionFact(data: PublishedVersionData): NotificationFact {
  if ('python' in data) return { key: 'python', label: 'Python', value: `${oneLine(data.python.project)} ${oneLine(data.python.version)}` };
  return { key: 'maven', label: 'Maven', value: [data.maven.groupId, data.maven.artifactId, data.maven.version].map(oneLine).join(':') };
}

function publishedVersionSummary(type: EventType, data: PublishedVersionData): Pick<NotificationSummary, 'headline' | 'link' | 'facts' | 'list' | 'note'> {
  const version = versionFact(data);
  const files = data.files ?? [];
  const facts: NotificationFact[] = [
    { key: 'repository', label: 'Repository', value: oneLine(data.repository) },
    version,
    { key: 'files', label: 'Files', value: String(files.length) },
  ];
  const lines = files.map((file) => (file.size === null ? oneLine(file.path) : `${oneLine(file.path)} (${humanSize(file.size)})`));
  return {
    headline: `${type} ${oneLine(data.repository)} ${version.value}`,
    link: null,
    facts,
    list: lines.length ? { heading: 'Files', ...capped(lines) } : null,
    note: null,
  };
}

/** Reads a payload of any event type into the summary both human-facing channels render. */
export function summarize(payload: NotificationPayload): NotificationSummary {
  const parts =
    payload.type === 'file.digest'
      ? digestSummary(payload.data as DigestData)
      : isPublishedVersionEventType(payload.type)
        ? publishedVersionSummary(payload.type, payload.data as PublishedVersionData)
        : payload.type === 'webhook.test'
          ? testSummary(payload.data as FileEventData)
          : fileEventSummary(payload.type, payload.data as FileEventData);
  const facts = [...parts.facts, { key: 'time' as const, label: 'When', value: timeText(payload.timestamp) }];
  return {
    type: payload.type,
    title: TITLES[payload.type] ?? oneLine(payload.type),
    repository: oneLine(payload.data.repository),
    eventId: oneLine(payload.data.id),
    timestamp: payload.timestamp,
    ...parts,
    facts,
  };
}
