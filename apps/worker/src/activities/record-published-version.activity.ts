import { isSideFile } from '@herald/subscriptions';
import type { PublishedVersionCoordinates, PublishedVersionData, PublishedVersionEventType, RecordPublishedVersionInput, RecordedEventResult } from '@herald/contracts';
import type { StoredFile } from '@herald/persistence';
import type { ActivityPorts } from './activity-deps';
import { composedEventId } from './composed-event-id';

/** How an announcement names its version, by format: its type, coordinates, folder and name. */
interface VersionNames {
  type: PublishedVersionEventType;
  coordinates: PublishedVersionCoordinates;
  /** The version's folder in the repository: the event's path. */
  path: string;
  name: string;
}

function versionNames(input: RecordPublishedVersionInput): VersionNames {
  if ('python' in input) {
    const { project, version } = input.python;
    // The layout of a python repository: packages/{project}/{version}/{filename}.
    return { type: 'python.version.published', coordinates: { python: { project, version } }, path: `packages/${project}/${version}`, name: `${project}-${version}` };
  }
  const { groupId, artifactId, version } = input.maven;
  return { type: 'maven.version.published', coordinates: { maven: { groupId, artifactId, version } }, path: `${groupId.split('.').join('/')}/${artifactId}/${version}`, name: `${artifactId}-${version}` };
}

/**
 * Stores a quiet version (Maven or Python) as one `*.version.published` event: its files as they
 * are stored now (an overwritten file with its final checksum, a deleted one left out), without
 * checksum and signature side files, whose content the sha256 of each file already says. The
 * version's workflow starts the event's workflow itself, so the row is born dispatched.
 */
export function recordPublishedVersionActivity(ports: Pick<ActivityPorts, 'events' | 'now'>) {
  const now = ports.now ?? (() => new Date());

  return async function recordPublishedVersion(input: RecordPublishedVersionInput): Promise<RecordedEventResult> {
    const paths = [...new Set(input.paths)].filter((path) => !isSideFile(path));
    const stored = await ports.events.storedFiles(input.repository, paths);
    if (stored.length === 0) return { event: null, stop: false };

    const { type, coordinates, path, name } = versionNames(input);
    const at = new Date(input.quietAt);
    const id = composedEventId('evt', at, input.key);
    const data: PublishedVersionData = {
      id,
      repository: input.repository,
      ...coordinates,
      files: stored.map((file) => ({ path: file.path, size: Number(file.size), sha256: file.sha256 })),
    };
    await ports.events.recordOnce({
      id,
      type,
      repository: input.repository,
      path,
      name,
      actorUsername: lastWritten(stored).uploadedBy,
      payload: data,
      occurredAt: at,
      dispatchedAt: now(),
    });
    return { event: { eventId: id, eventType: type, repository: input.repository, path }, stop: false };
  };
}

/** The file uploaded (or overwritten) last: whoever wrote it published the version. */
function lastWritten(files: StoredFile[]): StoredFile {
  return files.reduce((latest, file) => (file.updatedAt > latest.updatedAt ? file : latest));
}
