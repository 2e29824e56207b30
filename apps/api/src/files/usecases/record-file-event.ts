import { basename } from 'node:path';
import type { EntityManager } from '@mikro-orm/core';
import type { Actor, FileEventType } from '@herald/contracts';
import { FileEvent, type StoredFile } from '@herald/persistence';
import { mavenCoordinates } from '../maven-coordinates';

/** Adds the event row of a file change to the caller's transaction: the outbox entry. */
export function recordFileEvent(tx: EntityManager, type: FileEventType, repository: string, file: StoredFile, actor: Actor, occurredAt: Date): FileEvent {
  return tx.create(FileEvent, {
    type,
    repository,
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
    maven: mavenCoordinates(file.path),
    occurredAt,
  });
}
