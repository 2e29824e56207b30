import { isSideFile } from '@herald/subscriptions';
import type { PublishedVersionData, RecordPublishedVersionInput, RecordedEventResult } from '@herald/contracts';
import { FileEvent, StoredFile } from '@herald/persistence';
import type { ActivityDeps } from './activity-deps';
import { composedEventId } from './composed-event-id';

/**
 * Stores a quiet Maven version as one `maven.version.published` event: its files as they are
 * stored now (an overwritten file with its final checksum, a deleted one left out), without the
 * checksum and signature side files, whose content the sha256 of each file already says. The
 * version's workflow starts the event's workflow itself, so the row is born dispatched.
 */
export function recordPublishedVersionActivity(deps: ActivityDeps) {
  return async function recordPublishedVersion(input: RecordPublishedVersionInput): Promise<RecordedEventResult> {
    const em = deps.orm.em.fork();
    const paths = [...new Set(input.paths)].filter((path) => !isSideFile(path));
    const stored = paths.length ? await em.find(StoredFile, { repository: { name: input.repository }, path: { $in: paths } }, { orderBy: { path: 'asc' } }) : [];
    if (stored.length === 0) return { event: null, stop: false };

    const { groupId, artifactId, version } = input.maven;
    const at = new Date(input.quietAt);
    const id = composedEventId('evt', at, input.key);
    const path = `${groupId.split('.').join('/')}/${artifactId}/${version}`;
    if (!(await em.findOne(FileEvent, { id }))) {
      const data: PublishedVersionData = {
        id,
        repository: input.repository,
        maven: { groupId, artifactId, version },
        files: stored.map((file) => ({ path: file.path, size: Number(file.size), sha256: file.sha256 })),
      };
      em.create(FileEvent, {
        id,
        type: 'maven.version.published',
        repository: input.repository,
        path,
        name: `${artifactId}-${version}`,
        actorUsername: stored[stored.length - 1].uploadedBy,
        payload: data,
        occurredAt: at,
        dispatchedAt: new Date(),
      });
      await em.flush();
    }
    return { event: { eventId: id, eventType: 'maven.version.published', repository: input.repository, path }, stop: false };
  };
}
