import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { MikroORM, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import type { Actor } from '@herald/contracts';
import { adoptBlob, ArtifactRepository, claimBlob, forUpdate, pathClashes, StoredFile, type FileEvent } from '@herald/persistence';
import { BLOB_STORE, PathConflictError, type BlobStore, type ExpectedChecksums, type StagedBlob } from '@herald/storage';
import { FileEventRecorder } from '../../relay/file-event-recorder';
import { contentTypeFor } from '../content-type';
import type { FileAccess } from '../file-access';
import { FileMetadataCache } from '../file-metadata-cache';
import { mayOverwrite, overwriteRefused } from '../overwrite-policy';
import { newFileEvent } from './new-file-event';

export interface UploadFileCommand {
  access: FileAccess;
  path: string;
  body: Readable;
  /** As the client sent it; absent or octet-stream means "from the extension". */
  contentType: string | undefined;
  expected: ExpectedChecksums;
  actor: Actor;
  /** Hashes BLAKE2b-256 too (twine sends it with a Python distribution). */
  blake2b256?: boolean;
  /** Checks the stored bytes before they become visible (a Python distribution's form and metadata); throws to refuse them. */
  verify?(blob: StagedBlob): Promise<void>;
  /** Writes what goes with the new file in its transaction (a Python distribution's index entry). */
  recordAlso?(tx: EntityManager, file: StoredFile): Promise<void>;
}

/**
 * Stores a file and records its `file.uploaded` event:
 *
 * 1. the body is staged and verified in the blob store (nothing visible);
 * 2. its blob is claimed, then stored under its digest unless it already is (identical files are
 *    stored once), and checked by the command's `verify` if it has one;
 * 3. one transaction points the path at the blob and records the event: the file is visible to
 *    every process from its commit, and an event exists exactly when the new version does.
 *
 * The database decides between concurrent uploads of one path, in any process: the unique
 * (repository, path) index lets one new file in, and a release repository refuses the others.
 */
@Injectable()
export class UploadFileUseCase {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(BLOB_STORE) private readonly store: BlobStore,
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
    private readonly events: FileEventRecorder,
    private readonly known: FileMetadataCache,
  ) {}

  async execute(command: UploadFileCommand): Promise<FileEvent> {
    const staged = await this.store.stage(command.body, { maxBytes: this.config.maxUploadBytes, expected: command.expected, blake2b256: command.blake2b256 });
    let event: FileEvent;
    try {
      await claimBlob(this.orm, this.config.database, staged, new Date());
      await staged.promote();
      await command.verify?.(staged);
      event = await this.pointAt(command, staged).catch((error: unknown) => {
        // Another upload created the path first: it is an existing file now, and the rules for one apply.
        if (error instanceof UniqueConstraintViolationException) return this.pointAt(command, staged);
        throw error;
      });
    } finally {
      await staged.discard();
    }
    this.known.changed();
    this.events.committed(event);
    return event;
  }

  /** The transaction that makes the new version visible, with its event. */
  private pointAt(command: UploadFileCommand, blob: StagedBlob): Promise<FileEvent> {
    const { repository } = command.access;
    const contentType = contentTypeFor(command.path, command.contentType);
    return this.orm.em.fork().transactional(async (tx) => {
      // Locked, so that concurrent uploads of one path commit one after the other, and the time
      // (and id) of each one's event is taken after the previous one's commit: the last upload
      // recorded is always the one whose bytes are in place.
      const existing = await tx.findOne(StoredFile, { repository: repository.id, path: command.path }, forUpdate(this.config.database));
      const now = new Date();
      if (existing && !mayOverwrite(repository, command.path)) throw overwriteRefused(repository, command.path);
      if (!existing && (await pathClashes(tx, this.config.database, repository.id, command.path))) throw new PathConflictError(`${repository.name}/${command.path}`);
      const file =
        existing ??
        tx.create(StoredFile, { repository: tx.getReference(ArtifactRepository, repository.id), path: command.path, size: 0, sha256: '', sha1: '', md5: '', contentType, createdAt: now });
      Object.assign(file, { size: blob.size, sha256: blob.sha256, sha1: blob.sha1, md5: blob.md5, contentType, uploadedBy: command.actor.username, updatedAt: now });
      await adoptBlob(tx, this.config.database, blob.sha256);
      await command.recordAlso?.(tx, file);
      const recorded = this.events.addToTransaction(tx, newFileEvent('file.uploaded', repository, file, command.actor, now));
      await tx.flush();
      return recorded;
    });
  }
}
