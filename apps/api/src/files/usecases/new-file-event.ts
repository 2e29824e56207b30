import { basename } from 'node:path';
import type { Actor, FileEventType } from '@herald/contracts';
import { FileEvent, type StoredFile } from '@herald/persistence';
import type { RepositoryFacts } from '../../repositories/repository-catalog';
import { mavenCoordinates } from '../maven-coordinates';
import { pythonCoordinates } from '../python-coordinates';

/** What an event says of its file: the metadata of the bytes it concerns. */
export type EventFile = Pick<StoredFile, 'path' | 'size' | 'sha256' | 'sha1' | 'md5' | 'contentType'>;

/** The event row of a file change or download, not yet written: the relay's recorder decides whether and how. */
export function newFileEvent(type: FileEventType, repository: Pick<RepositoryFacts, 'name' | 'format'>, file: EventFile, actor: Actor, occurredAt: Date): FileEvent {
  return Object.assign(new FileEvent(), {
    type,
    repository: repository.name,
    path: file.path,
    name: basename(file.path),
    size: file.size,
    sha256: file.sha256,
    sha1: file.sha1,
    md5: file.md5,
    contentType: file.contentType,
    actorUsername: actor.username,
    actorIp: actor.ip,
    actorUserAgent: actor.userAgent,
    maven: repository.format === 'maven' ? mavenCoordinates(file.path) : null,
    python: repository.format === 'python' ? pythonCoordinates(file.path) : null,
    occurredAt,
  });
}
