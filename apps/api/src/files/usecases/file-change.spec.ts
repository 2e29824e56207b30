import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { MikroORM } from '@mikro-orm/core';
import type { HeraldConfig } from '@herald/config';
import { ArtifactRepository, Blob, FileEvent, migrate, openDatabase, StoredFile } from '@herald/persistence';
import { LocalBlobStore, PathConflictError, type BlobStore } from '@herald/storage';
import type { ChangeWatch } from '../../common/change-watch';
import { ConflictError, NotFoundError } from '../../common/domain-errors';
import type { EventRelayService } from '../../relay/event-relay.service';
import type { FileEventGroupCommit } from '../../relay/file-event-group-commit';
import { FileEventRecorder } from '../../relay/file-event-recorder';
import type { SubscriptionIndex } from '../../subscriptions/subscription-index';
import { FileMetadataCache } from '../file-metadata-cache';
import { DeleteFileUseCase } from './delete-file.usecase';
import { UploadFileUseCase } from './upload-file.usecase';

const ACTOR = { username: 'ci', ip: '127.0.0.1', userAgent: 'test' };

/** A blob store on disk whose promotion can be told to fail, as a full or broken disk would. */
function storeIn(dir: string, failures: { promote?: Error } = {}): BlobStore {
  const store = new LocalBlobStore(dir);
  const stage = store.stage.bind(store);
  store.stage = async (body, options) => {
    const staged = await stage(body, options);
    if (failures.promote) staged.promote = async () => Promise.reject(failures.promote);
    return staged;
  };
  return store;
}

/** A database whose COMMIT fails (and rolls back), as one on a full disk does, after the work went through. */
function failingCommit(orm: MikroORM): MikroORM {
  const fork = () => {
    const em = orm.em.fork();
    const transactional = em.transactional.bind(em);
    em.transactional = ((work: Parameters<typeof transactional>[0]) =>
      transactional(async (tx) => {
        await work(tx);
        throw Object.assign(new Error('COMMIT; - database or disk is full'), { code: 'SQLITE_FULL' });
      })) as typeof em.transactional;
    return em;
  };
  return { em: { fork, getConnection: () => orm.em.getConnection() } } as unknown as MikroORM;
}

/** The blobs stored under a folder's `blobs/`, by digest. */
function blobsIn(dir: string): string[] {
  return (readdirSync(join(dir, 'blobs'), { recursive: true }) as string[]).map((name) => name.split('/').pop()!).filter((name) => name.length === 64);
}

describe('file changes and their events are one transaction', () => {
  let dir: string;
  let orm: MikroORM;
  let config: HeraldConfig;
  let repository: ArtifactRepository;
  const relay = { dispatchSoon: jest.fn() };
  // Someone subscribes to everything, so every event is a row for the relay.
  const events = new FileEventRecorder({ wants: () => true } as unknown as SubscriptionIndex, {} as FileEventGroupCommit, relay as unknown as EventRelayService);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-usecase-'));
    config = { maxUploadBytes: 1024, database: { dialect: 'sqlite', file: join(dir, 'db.sqlite') } } as HeraldConfig;
    orm = await openDatabase(config.database);
    await migrate(orm);
    const em = orm.em.fork();
    repository = em.create(ArtifactRepository, { name: 'rel', policy: 'release' });
    await em.flush();
    relay.dispatchSoon.mockClear();
  });

  afterEach(async () => {
    await orm.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const known = () => new FileMetadataCache(orm, config, { on: () => undefined } as unknown as ChangeWatch);

  function upload(store: BlobStore, path = 'a/b.jar', database = orm, content = 'hello') {
    const useCase = new UploadFileUseCase(database, store, config, events, known());
    return useCase.execute({ access: { repository, principal: null }, path, body: Readable.from([Buffer.from(content)]), contentType: undefined, expected: {}, actor: ACTOR });
  }

  async function counts() {
    const em = orm.em.fork();
    return { files: await em.count(StoredFile, {}), events: await em.count(FileEvent, {}) };
  }

  async function blobRow(sha256: string) {
    return orm.em.fork().findOne(Blob, { sha256 });
  }

  it('stores the bytes under their digest, points the path at them with the event, then tells the relay', async () => {
    const event = await upload(storeIn(dir));
    expect(event).toMatchObject({ type: 'file.uploaded', path: 'a/b.jar', size: 5, contentType: 'application/java-archive', actorUsername: 'ci' });
    expect(relay.dispatchSoon).toHaveBeenCalledWith(event);
    expect(await counts()).toEqual({ files: 1, events: 1 });
    expect(blobsIn(dir)).toEqual([event.sha256]);
    expect(await blobRow(event.sha256!)).toMatchObject({ size: 5, orphanedAt: null });
    // Nothing staged is left behind.
    expect(readdirSync(join(dir, 'uploads'))).toEqual([]);
  });

  it('stores identical content once, however many paths show it', async () => {
    const first = await upload(storeIn(dir), 'a/one.jar');
    const second = await upload(storeIn(dir), 'b/two.jar');
    expect(second.sha256).toBe(first.sha256);
    expect(blobsIn(dir)).toEqual([first.sha256]);
    expect(await orm.em.fork().count(Blob, {})).toBe(1);
  });

  it('records nothing when the bytes cannot be stored, leaving the claimed blob to collection', async () => {
    await expect(upload(storeIn(dir, { promote: Object.assign(new Error('EIO'), { code: 'EIO' }) }))).rejects.toThrow('EIO');
    expect(relay.dispatchSoon).not.toHaveBeenCalled();
    expect(await counts()).toEqual({ files: 0, events: 0 });
    const [claimed] = await orm.em.fork().find(Blob, {});
    expect(claimed.orphanedAt).toBeInstanceOf(Date);
    expect(readdirSync(join(dir, 'uploads'))).toEqual([]);
  });

  it('refuses an overwrite found at commit time on a release repository', async () => {
    const first = await upload(storeIn(dir));
    await expect(upload(storeIn(dir), 'a/b.jar', orm, 'other')).rejects.toBeInstanceOf(ConflictError);
    expect(await counts()).toEqual({ files: 1, events: 1 });
    const file = await orm.em.fork().findOneOrFail(StoredFile, { path: 'a/b.jar' });
    expect(file.sha256).toBe(first.sha256);
  });

  it('refuses a file where a folder is, and a folder where a file is', async () => {
    await upload(storeIn(dir), 'a/b.jar');
    await expect(upload(storeIn(dir), 'a/b.jar/c.pom')).rejects.toBeInstanceOf(PathConflictError);
    await expect(upload(storeIn(dir), 'a')).rejects.toBeInstanceOf(PathConflictError);
    expect(await counts()).toEqual({ files: 1, events: 1 });
  });

  it('shows nothing of an upload whose commit fails', async () => {
    await expect(upload(storeIn(dir), 'a/b.jar', failingCommit(orm))).rejects.toThrow('disk is full');
    expect(relay.dispatchSoon).not.toHaveBeenCalled();
    expect(await counts()).toEqual({ files: 0, events: 0 });
  });

  it('deletes the file with its event and leaves the bytes to collection', async () => {
    const uploaded = await upload(storeIn(dir));
    relay.dispatchSoon.mockClear();
    const event = await new DeleteFileUseCase(orm, config, events, known()).execute({ access: { repository, principal: null }, path: 'a/b.jar', actor: ACTOR });
    expect(event).toMatchObject({ type: 'file.deleted', path: 'a/b.jar', sha256: uploaded.sha256 });
    expect(relay.dispatchSoon).toHaveBeenCalledWith(event);
    expect(await counts()).toEqual({ files: 0, events: 2 });
    expect(blobsIn(dir)).toEqual([uploaded.sha256]);
  });

  it('keeps the file and records no event when the commit of a delete fails', async () => {
    await upload(storeIn(dir));
    relay.dispatchSoon.mockClear();
    const remove = new DeleteFileUseCase(failingCommit(orm), config, events, known());
    await expect(remove.execute({ access: { repository, principal: null }, path: 'a/b.jar', actor: ACTOR })).rejects.toThrow('disk is full');
    expect(relay.dispatchSoon).not.toHaveBeenCalled();
    expect(await counts()).toEqual({ files: 1, events: 1 });
  });

  it('answers a folder delete with 409 and a missing file with 404', async () => {
    await upload(storeIn(dir));
    const remove = new DeleteFileUseCase(orm, config, events, known());
    await expect(remove.execute({ access: { repository, principal: null }, path: 'a', actor: ACTOR })).rejects.toBeInstanceOf(ConflictError);
    await expect(remove.execute({ access: { repository, principal: null }, path: 'a/b.jar/x', actor: ACTOR })).rejects.toBeInstanceOf(NotFoundError);
  });
});
