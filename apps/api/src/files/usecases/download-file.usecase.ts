import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/knex';
import type { Actor } from '@herald/contracts';
import { StoredFile } from '@herald/persistence';
import { FILE_STORE, type ByteRange, type FileStore, type OpenedObject } from '@herald/storage';
import { FileEventRecorder } from '../../relay/file-event-recorder';
import { DownloadCounter } from '../download-counter';
import type { FileAccess } from '../file-access';
import { decideRange, etagOf, isNotModified, type ReadConditions } from '../http-conditions';
import { PathLocks } from '../path-locks';
import { newFileEvent } from './new-file-event';

export interface DownloadFileCommand {
  access: FileAccess;
  path: string;
  /** GET sends the bytes and counts a download; HEAD only describes them. */
  sendBody: boolean;
  conditions: ReadConditions;
  actor: Actor;
}

/** What a read needs of a file's metadata: read as a plain row, no entity. */
export type FileMetadata = Pick<StoredFile, 'id' | 'path' | 'size' | 'sha256' | 'sha1' | 'md5' | 'contentType' | 'updatedAt'>;
const METADATA_FIELDS = ['id', 'path', 'size', 'sha256', 'sha1', 'md5', 'contentType', 'updatedAt'] as const;

export interface Download {
  file: FileMetadata;
  etag: string;
  status: 200 | 206 | 304 | 416;
  range: ByteRange | null;
  /** The bytes, opened for a GET: stream them for 200/206, close them otherwise. Null for HEAD. */
  opened: OpenedObject | null;
}

/**
 * Answers a GET or HEAD of a stored file: its metadata and, for a GET, the bytes those checksums
 * describe (read under the file's lock, so an upload never slips in between), the request's
 * conditions and range. A GET that sends a body counts a download, and records `file.downloaded`
 * before it is answered when a webhook subscribes to it. HEAD never opens the bytes and counts
 * nothing. Null when there is no file at the path.
 */
@Injectable()
export class DownloadFileUseCase {
  private readonly logger = new Logger('DownloadFile');

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(FILE_STORE) private readonly store: FileStore,
    private readonly locks: PathLocks,
    private readonly events: FileEventRecorder,
    private readonly counter: DownloadCounter,
  ) {}

  async execute(command: DownloadFileCommand): Promise<Download | null> {
    const { repository } = command.access;
    const key = `${repository.name}/${command.path}`;
    const found = await this.locks.run(key, async () => {
      const file = await this.metadata(repository.id, command.path);
      if (!file || !command.sendBody) return file && { file, opened: null };
      const opened = await this.store.open(key);
      if (!opened) this.logger.error(`${key} has metadata but no bytes in the file store`);
      return opened && { file, opened };
    });
    if (!found) return null;
    const { file, opened } = found;

    const etag = etagOf(file.sha256);
    let status: Download['status'] = 200;
    let range: ByteRange | null = null;
    if (isNotModified(command.conditions, etag, file.updatedAt)) status = 304;
    else {
      const decision = decideRange(command.conditions, file.size, etag, file.updatedAt);
      if (decision.kind === 'unsatisfiable') status = 416;
      if (decision.kind === 'partial') [status, range] = [206, decision.range];
    }
    if (opened && (status === 200 || status === 206)) {
      const now = new Date();
      try {
        if (this.events.wantsDownload(repository.name, file.path)) await this.events.recordDownload(newFileEvent('file.downloaded', repository.name, file, command.actor, now));
      } catch (error) {
        await opened.close();
        throw error;
      }
      this.counter.count(file.id, now);
    }
    return { file, etag, status, range, opened };
  }

  /** The metadata of one file as a plain row: a read on the hottest path hydrates no entity. */
  private async metadata(repositoryId: string, path: string): Promise<FileMetadata | null> {
    // Both of Herald's drivers are SQL drivers, whose entity managers build queries.
    const em = this.orm.em.fork() as SqlEntityManager;
    const row: FileMetadata | null = await em
      .createQueryBuilder(StoredFile)
      .select([...METADATA_FIELDS])
      .where({ repository: repositoryId, path })
      .execute('get', true);
    return row ?? null;
  }
}
