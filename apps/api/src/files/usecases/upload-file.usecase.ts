import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import type { Actor } from '@herald/contracts';
import { ArtifactRepository, FileEvent, StoredFile } from '@herald/persistence';
import { FILE_STORE, type ExpectedChecksums, type FileStore } from '@herald/storage';
import { EventRelayService } from '../../relay/event-relay.service';
import { mavenCoordinates } from '../maven-coordinates';

export interface UploadFileCommand {
  repository: string;
  path: string;
  body: Readable;
  contentType: string;
  expected: ExpectedChecksums;
  actor: Actor;
}

/**
 * Stores a file and records its `file.uploaded` event. The bytes are staged and verified first;
 * the metadata and the event are written in one transaction; only then is the staged file
 * renamed into place, and the relay told.
 */
@Injectable()
export class UploadFileUseCase {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(FILE_STORE) private readonly store: FileStore,
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
    private readonly relay: EventRelayService,
  ) {}

  async execute(command: UploadFileCommand): Promise<FileEvent> {
    const em = this.orm.em.fork();
    const repository = await em.findOne(ArtifactRepository, { name: command.repository });
    if (!repository) throw new NotFoundException(`repository ${command.repository} does not exist`);

    const staged = await this.store.stage(`${repository.name}/${command.path}`, command.body, {
      maxBytes: this.config.maxUploadBytes,
      expected: command.expected,
    });
    let event: FileEvent;
    try {
      event = await em.transactional(async (tx) => {
        const now = new Date();
        const existing = await tx.findOne(StoredFile, { repository, path: command.path });
        const file = existing ?? tx.create(StoredFile, { repository, path: command.path, size: 0, sha256: '', sha1: '', md5: '', contentType: command.contentType, createdAt: now, updatedAt: now });
        Object.assign(file, { size: staged.size, sha256: staged.sha256, sha1: staged.sha1, md5: staged.md5, contentType: command.contentType, uploadedBy: command.actor.username, updatedAt: now });
        return tx.create(FileEvent, {
          type: 'file.uploaded',
          repository: repository.name,
          path: command.path,
          name: basename(command.path),
          size: staged.size,
          sha256: staged.sha256,
          sha1: staged.sha1,
          md5: staged.md5,
          contentType: command.contentType,
          actorUsername: command.actor.username,
          actorIp: command.actor.ip,
          actorUserAgent: command.actor.userAgent,
          maven: mavenCoordinates(command.path),
          occurredAt: now,
        });
      });
    } catch (error) {
      await staged.discard();
      throw error;
    }
    await staged.commit();
    this.relay.dispatchSoon(event);
    return event;
  }
}
