import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@herald/contracts';
import type { FileMetadata } from '@herald/persistence';
import { BLOB_STORE, type BlobStore, type ByteRange } from '@herald/storage';
import { FileEventRecorder } from '../../relay/file-event-recorder';
import { DownloadCounter } from '../download-counter';
import { FileMetadataCache } from '../file-metadata-cache';
import type { FileAccess } from '../file-access';
import { decideRange, etagOf, isNotModified, type ReadConditions } from '../http-conditions';
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
  /** The bytes (of the range) to send, for a GET answered 200 or 206: the blob the metadata names. */
  body(): Promise<Buffer | Readable>;
}

/**
 * Answers a GET or HEAD of a stored file: its metadata (remembered, so repeated reads read no
 * database), the request's conditions and range, and the bytes of the blob the metadata names,
 * which never change, so they always agree with the checksums sent beside them. A GET that sends
 * a body counts a download, and records `file.downloaded` before it is answered when a webhook
 * subscribes to it; HEAD counts and records nothing, and never touches the blob store. Null when
 * there is no file at the path.
 */
@Injectable()
export class DownloadFileUseCase {
  constructor(
    @Inject(BLOB_STORE) private readonly store: BlobStore,
    private readonly events: FileEventRecorder,
    private readonly counter: DownloadCounter,
    private readonly known: FileMetadataCache,
  ) {}

  async execute(command: DownloadFileCommand): Promise<Download | null> {
    const { repository } = command.access;
    const file = await this.known.read(repository.id, command.path);
    if (!file) return null;

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
      if (this.events.wantsDownload(repository.name, file.path)) await this.events.recordDownload(newFileEvent('file.downloaded', repository, file, command.actor, now));
      this.counter.count(file.id, now);
    }
    return { file, etag, status, range, body: () => this.store.read(file.sha256, file.size, range ?? undefined) };
  }
}
