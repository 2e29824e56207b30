import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import type { Actor } from '@herald/contracts';
import { StoredFile, type FileEvent } from '@herald/persistence';
import { FILE_STORE, type FileStore } from '@herald/storage';
import { FileEventRecorder } from '../../relay/file-event-recorder';
import type { FileAccess } from '../file-access';
import { PathLocks } from '../path-locks';
import { newFileEvent } from './new-file-event';
import { transactionWithDiskChange } from './transaction-with-disk-change';

export interface DeleteFileCommand {
  access: FileAccess;
  path: string;
  actor: Actor;
}

/**
 * Deletes a file and records `file.deleted`: metadata, event and taking the bytes away in one
 * transaction under the file's lock, so a failed removal leaves the file, its metadata and no
 * event, and a failed commit puts the bytes back.
 */
@Injectable()
export class DeleteFileUseCase {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(FILE_STORE) private readonly store: FileStore,
    private readonly locks: PathLocks,
    private readonly events: FileEventRecorder,
  ) {}

  async execute(command: DeleteFileCommand): Promise<FileEvent> {
    const { repository } = command.access;
    const key = `${repository.name}/${command.path}`;
    const event = await this.locks.run(key, () =>
      transactionWithDiskChange(this.orm, async (tx) => {
        const file = await tx.findOne(StoredFile, { repository: repository.id, path: command.path });
        if (!file) {
          if (command.path === '' || (await this.store.list(key))) throw new ConflictException('folders are not deleted as a whole: delete their files');
          throw new NotFoundException(`${command.path} does not exist in ${repository.name}`);
        }
        const recorded = this.events.addToTransaction(tx, newFileEvent('file.deleted', repository.name, file, command.actor, new Date()));
        tx.remove(file);
        await tx.flush();
        return { result: recorded, change: await this.store.remove(key) };
      }),
    );
    this.events.committed(event);
    return event;
  }
}
