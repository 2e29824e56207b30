import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM, raw } from '@mikro-orm/core';
import type { Actor } from '@herald/contracts';
import { StoredFile } from '@herald/persistence';
import { FILE_STORE, type ByteRange, type FileStore, type OpenedObject } from '@herald/storage';
import { EventRelayService } from '../../relay/event-relay.service';
import type { FileAccess } from '../file-access';
import { decideRange, etagOf, isNotModified, type ReadConditions } from '../http-conditions';
import { PathLocks } from '../path-locks';
import { recordFileEvent } from './record-file-event';

export interface DownloadFileCommand {
  access: FileAccess;
  path: string;
  /** GET sends the bytes and records a download; HEAD only describes them. */
  sendBody: boolean;
  conditions: ReadConditions;
  actor: Actor;
}

export interface Download {
  file: StoredFile;
  etag: string;
  status: 200 | 206 | 304 | 416;
  range: ByteRange | null;
  /** Stream it for 200/206 with a body; close it otherwise. */
  opened: OpenedObject;
}

/**
 * Opens a stored file with the metadata that describes exactly those bytes, answers the request's
 * conditions and range, and, when a body will be sent, records `file.downloaded` in the same
 * transaction as the file's download count. Null when there is no file at the path.
 */
@Injectable()
export class DownloadFileUseCase {
  private readonly logger = new Logger('DownloadFile');

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(FILE_STORE) private readonly store: FileStore,
    private readonly locks: PathLocks,
    private readonly relay: EventRelayService,
  ) {}

  async execute(command: DownloadFileCommand): Promise<Download | null> {
    const { repository } = command.access;
    const key = `${repository.name}/${command.path}`;
    const found = await this.locks.run(key, async () => {
      const file = await this.orm.em.fork().findOne(StoredFile, { repository: repository.id, path: command.path });
      if (!file) return null;
      const opened = await this.store.open(key);
      if (!opened) this.logger.error(`${key} has metadata but no bytes in the file store`);
      return opened ? { file, opened } : null;
    });
    if (!found) return null;
    const { file, opened } = found;

    const etag = etagOf(file.sha256);
    let status: Download['status'] = 200;
    let range: ByteRange | null = null;
    if (isNotModified(command.conditions, etag, file.updatedAt)) status = 304;
    else {
      const decision = decideRange(command.conditions, opened.size, etag, file.updatedAt);
      if (decision.kind === 'unsatisfiable') status = 416;
      if (decision.kind === 'partial') [status, range] = [206, decision.range];
    }
    if (command.sendBody && (status === 200 || status === 206)) {
      try {
        await this.recordDownload(repository.name, file, command.actor);
      } catch (error) {
        await opened.close();
        throw error;
      }
    }
    return { file, etag, status, range, opened };
  }

  private async recordDownload(repository: string, file: StoredFile, actor: Actor): Promise<void> {
    const event = await this.orm.em.fork().transactional(async (tx) => {
      const now = new Date();
      // Counted in SQL, so concurrent downloads never lose an increment.
      await tx.nativeUpdate(StoredFile, { id: file.id }, { downloadCount: raw('download_count + 1'), lastDownloadedAt: now });
      return recordFileEvent(tx, 'file.downloaded', repository, file, actor, now);
    });
    this.relay.dispatchSoon(event);
  }
}
