import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import type { Actor } from '@herald/contracts';
import { ArtifactRepository, StoredFile, type FileEvent } from '@herald/persistence';
import { FILE_STORE, type ExpectedChecksums, type FileStore } from '@herald/storage';
import { FileEventRecorder } from '../../relay/file-event-recorder';
import { contentTypeFor } from '../content-type';
import type { FileAccess } from '../file-access';
import { mayOverwrite, overwriteRefused } from '../overwrite-policy';
import { PathLocks } from '../path-locks';
import { newFileEvent } from './new-file-event';
import { transactionWithDiskChange } from './transaction-with-disk-change';

export interface UploadFileCommand {
  access: FileAccess;
  path: string;
  body: Readable;
  /** As the client sent it; absent or octet-stream means "from the extension". */
  contentType: string | undefined;
  expected: ExpectedChecksums;
  actor: Actor;
}

/**
 * Stores a file and records its `file.uploaded` event. The bytes are staged and verified first;
 * then, under the file's lock and in one transaction, the metadata and the event are written and
 * the staged file is renamed into place. A failed rename rolls the transaction back, and a failed
 * commit puts the previous bytes back, so an event exists exactly when the new bytes do.
 */
@Injectable()
export class UploadFileUseCase {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(FILE_STORE) private readonly store: FileStore,
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
    private readonly locks: PathLocks,
    private readonly events: FileEventRecorder,
  ) {}

  async execute(command: UploadFileCommand): Promise<FileEvent> {
    const { repository } = command.access;
    const key = `${repository.name}/${command.path}`;
    const contentType = contentTypeFor(command.path, command.contentType);
    const staged = await this.store.stage(key, command.body, { maxBytes: this.config.maxUploadBytes, expected: command.expected });
    let event: FileEvent;
    try {
      event = await this.locks.run(key, () =>
        transactionWithDiskChange(this.orm, async (tx) => {
          const now = new Date();
          const existing = await tx.findOne(StoredFile, { repository: repository.id, path: command.path });
          if (existing && !mayOverwrite(repository.policy, command.path)) throw overwriteRefused(repository.name, command.path);
          const file =
            existing ??
            tx.create(StoredFile, { repository: tx.getReference(ArtifactRepository, repository.id), path: command.path, size: 0, sha256: '', sha1: '', md5: '', contentType, createdAt: now });
          Object.assign(file, { size: staged.size, sha256: staged.sha256, sha1: staged.sha1, md5: staged.md5, contentType, uploadedBy: command.actor.username, updatedAt: now });
          const recorded = this.events.addToTransaction(tx, newFileEvent('file.uploaded', repository.name, file, command.actor, now));
          await tx.flush();
          return { result: recorded, change: await staged.commit() };
        }),
      );
    } catch (error) {
      await staged.discard();
      throw error;
    }
    this.events.committed(event);
    return event;
  }
}
