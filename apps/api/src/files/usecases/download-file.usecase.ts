import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import type { Actor } from '@herald/contracts';
import { readFileMetadata, type FileMetadata } from '@herald/persistence';
import { FILE_STORE, type ByteRange, type FileStore, type OpenedObject } from '@herald/storage';
import { FileEventRecorder } from '../../relay/file-event-recorder';
import { DownloadCounter } from '../download-counter';
import { FileMetadataCache } from '../file-metadata-cache';
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

export interface Download {
  file: FileMetadata;
  etag: string;
  status: 200 | 206 | 304 | 416;
  range: ByteRange | null;
  /** The bytes: stream them for a GET answered 200/206, close them otherwise. */
  opened: OpenedObject;
}

interface Found {
  file: FileMetadata;
  opened: OpenedObject;
}

/**
 * Answers a GET or HEAD of a stored file: the bytes and the metadata that describes exactly
 * them (opened under the file's lock, so an upload never slips in between), the request's
 * conditions and range. A GET that sends a body counts a download, and records `file.downloaded`
 * before it is answered when a webhook subscribes to it; HEAD counts and records nothing. Null
 * when there is no file at the path.
 */
@Injectable()
export class DownloadFileUseCase {
  private readonly logger = new Logger('DownloadFile');

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
    @Inject(FILE_STORE) private readonly store: FileStore,
    private readonly locks: PathLocks,
    private readonly events: FileEventRecorder,
    private readonly counter: DownloadCounter,
    private readonly known: FileMetadataCache,
  ) {}

  async execute(command: DownloadFileCommand): Promise<Download | null> {
    const { repository } = command.access;
    const key = `${repository.name}/${command.path}`;
    const found = await this.locks.run(key, () => this.openWithMetadata(repository.id, command.path, key));
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
    if (command.sendBody && (status === 200 || status === 206)) {
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

  /**
   * The bytes, and the metadata of exactly that version of them, remembered by version, so
   * repeated reads of a file read no database (a HEAD too: opening a file costs less than a
   * query). Call it under the file's lock.
   */
  private async openWithMetadata(repositoryId: string, path: string, key: string): Promise<Found | null> {
    const opened = await this.store.open(key);
    if (!opened) {
      if (await readFileMetadata(this.orm, this.config.database, repositoryId, path)) this.logger.error(`${key} has metadata but no bytes in the file store`);
      return null;
    }
    let file = this.known.get(key, opened.version);
    if (!file) {
      const read = await readFileMetadata(this.orm, this.config.database, repositoryId, path).catch(async (error: unknown) => {
        await opened.close();
        throw error;
      });
      if (!read) {
        // Bytes nobody recorded: not a file of this repository (a folder has no metadata either).
        await opened.close();
        return null;
      }
      this.known.set(key, opened.version, read);
      file = read;
    }
    return { file, opened };
  }
}
