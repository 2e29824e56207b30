import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import type { Actor } from '@herald/contracts';
import { forUpdate, isFolder, StoredFile, type FileEvent } from '@herald/persistence';
import { FileEventRecorder } from '../../relay/file-event-recorder';
import type { FileAccess } from '../file-access';
import { FileMetadataCache } from '../file-metadata-cache';
import { newFileEvent } from './new-file-event';
import { ConflictError, NotFoundError } from '../../common/domain-errors';

export interface DeleteFileCommand {
  access: FileAccess;
  path: string;
  actor: Actor;
}

/**
 * Deletes a file and records `file.deleted` in one transaction. The bytes stay in the blob store
 * (another file may hold the same content, and a download under way keeps reading them) until
 * garbage collection finds no file has pointed at them for its grace period.
 */
@Injectable()
export class DeleteFileUseCase {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
    private readonly events: FileEventRecorder,
    private readonly known: FileMetadataCache,
  ) {}

  async execute(command: DeleteFileCommand): Promise<FileEvent> {
    const { repository } = command.access;
    const event = await this.orm.em.fork().transactional(async (tx) => {
      // Locked like an upload's, so that a delete and an upload of one path are recorded in the order they commit.
      const file = await tx.findOne(StoredFile, { repository: repository.id, path: command.path }, forUpdate(this.config.database));
      if (!file) {
        if (command.path === '' || (await isFolder(tx, this.config.database, repository.id, command.path))) throw new ConflictError('folders are not deleted as a whole: delete their files');
        throw new NotFoundError(`${command.path} does not exist in ${repository.name}`);
      }
      const recorded = this.events.addToTransaction(tx, newFileEvent('file.deleted', repository, file, command.actor, new Date()));
      tx.remove(file);
      await tx.flush();
      return recorded;
    });
    this.known.changed();
    this.events.committed(event);
    return event;
  }
}
