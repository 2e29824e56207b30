/** The file events build tools cause. */
export const FILE_EVENT_TYPES = ['file.uploaded', 'file.downloaded', 'file.deleted'] as const;
export type FileEventType = (typeof FILE_EVENT_TYPES)[number];

/** Every event type a receiver can get. */
export const EVENT_TYPES = [
  ...FILE_EVENT_TYPES,
  'webhook.test',
  'file.digest',
  'maven.version.published',
  'python.version.published',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The announcements of a version whose uploads went quiet, one per repository format. */
export const PUBLISHED_VERSION_EVENT_TYPES = ['maven.version.published', 'python.version.published'] as const;
export type PublishedVersionEventType = (typeof PUBLISHED_VERSION_EVENT_TYPES)[number];

export function isPublishedVersionEventType(type: string): type is PublishedVersionEventType {
  return (PUBLISHED_VERSION_EVENT_TYPES as readonly string[]).includes(type);
}

/** The event types a webhook may subscribe to. */
export const SUBSCRIBABLE_EVENT_TYPES = [...FILE_EVENT_TYPES, ...PUBLISHED_VERSION_EVENT_TYPES] as const;
export type SubscribableEventType = (typeof SUBSCRIBABLE_EVENT_TYPES)[number];

export interface MavenCoordinates {
  groupId: string;
  artifactId: string;
  version: string;
  classifier: string | null;
  extension: string;
}

/** The Python distribution a file of a `python` repository is. */
export interface PythonCoordinates {
  /** The project's normalized name (PEP 503): `demo-lib`. */
  project: string;
  version: string;
  filename: string;
  packageType: PythonPackageType;
}

export const PYTHON_PACKAGE_TYPES = ['sdist', 'bdist_wheel'] as const;
export type PythonPackageType = (typeof PYTHON_PACKAGE_TYPES)[number];

export interface Actor {
  username: string | null;
  ip: string | null;
  userAgent: string | null;
}

/** `data` of file.uploaded, file.downloaded, file.deleted and webhook.test. */
export interface FileEventData {
  id: string;
  repository: string;
  path: string;
  name: string;
  size: number | null;
  sha256: string | null;
  sha1: string | null;
  md5: string | null;
  contentType: string | null;
  actor: Actor;
  url: string;
  /** Absent in a `python` repository. */
  maven?: MavenCoordinates | null;
  /** Only in a `python` repository. */
  python?: PythonCoordinates | null;
}

/** `data` of file.digest. */
export interface DigestData {
  id: string;
  repository: string;
  windowStart: string;
  windowEnd: string;
  counts: Partial<Record<FileEventType, number>>;
  paths: Array<{ path: string; counts: Partial<Record<FileEventType, number>> }>;
  actors: string[];
  /**
   * When the earliest and the latest event of the window happened: they may precede windowStart
   * when an outage held events back. Always sent by Herald; optional for readers of the type.
   */
  firstEventAt?: string;
  lastEventAt?: string;
}

/** One file of a published version, as stored when its uploads went quiet. */
export interface PublishedFile {
  path: string;
  size: number | null;
  sha256: string | null;
}

/** `data` of maven.version.published. */
export interface PublishedMavenVersionData {
  id: string;
  repository: string;
  maven: Pick<MavenCoordinates, 'groupId' | 'artifactId' | 'version'>;
  files: PublishedFile[];
}

/** `data` of python.version.published: the project's sdist and wheels of one version. */
export interface PublishedPythonVersionData {
  id: string;
  repository: string;
  python: Pick<PythonCoordinates, 'project' | 'version'>;
  files: PublishedFile[];
}

/** `data` of a published version, of either format: `maven` or `python` says which. */
export type PublishedVersionData = PublishedMavenVersionData | PublishedPythonVersionData;

/** What names a version in its repository: the coordinates its announcement carries. */
export type PublishedVersionCoordinates = Pick<PublishedMavenVersionData, 'maven'> | Pick<PublishedPythonVersionData, 'python'>;

export type EventData = FileEventData | DigestData | PublishedVersionData;

/** What a receiver gets: the JSON body, and what email and Slack render. */
export interface NotificationPayload<D extends EventData = EventData> {
  type: EventType;
  timestamp: string;
  data: D;
}
