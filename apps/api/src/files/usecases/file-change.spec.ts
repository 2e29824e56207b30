import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ConflictException } from '@nestjs/common';
import type { MikroORM } from '@mikro-orm/core';
import type { HeraldConfig } from '@herald/config';
import { ArtifactRepository, FileEvent, migrate, openDatabase, StoredFile } from '@herald/persistence';
import type { FileStore, PendingChange, StagedObject } from '@herald/storage';
import type { EventRelayService } from '../../relay/event-relay.service';
import type { FileEventGroupCommit } from '../../relay/file-event-group-commit';
import { FileEventRecorder } from '../../relay/file-event-recorder';
import type { SubscriptionIndex } from '../../subscriptions/subscription-index';
import { PathLocks } from '../path-locks';
import { DeleteFileUseCase } from './delete-file.usecase';
import { UploadFileUseCase } from './upload-file.usecase';

const ACTOR = { username: 'ci', ip: '127.0.0.1', userAgent: 'test' };

/** A file store whose commit and remove can be told to fail, as a full or broken disk would. */
function fakeStore(failures: { commit?: Error; remove?: Error }) {
  const change: PendingChange = { keep: jest.fn(async () => undefined), undo: jest.fn(async () => undefined) };
  const staged: StagedObject = {
    size: 5,
    sha256: 'a'.repeat(64),
    sha1: 'b'.repeat(40),
    md5: 'c'.repeat(32),
    commit: jest.fn(async () => {
      if (failures.commit) throw failures.commit;
      return change;
    }),
    discard: jest.fn(async () => undefined),
  };
  const store = {
    stage: jest.fn(async () => staged),
    remove: jest.fn(async () => {
      if (failures.remove) throw failures.remove;
      return change;
    }),
    list: jest.fn(async () => null),
  } as unknown as FileStore;
  return { store, staged, change };
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
  return { em: { fork } } as unknown as MikroORM;
}

describe('file changes and their events are one transaction', () => {
  let dir: string;
  let orm: MikroORM;
  let repository: ArtifactRepository;
  const relay = { dispatchSoon: jest.fn() };
  // Someone subscribes to everything, so every event is a row for the relay.
  const events = new FileEventRecorder({ wants: () => true } as unknown as SubscriptionIndex, {} as FileEventGroupCommit, relay as unknown as EventRelayService);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-usecase-'));
    orm = await openDatabase({ dialect: 'sqlite', file: join(dir, 'db.sqlite') });
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

  function upload(store: FileStore, database = orm) {
    const useCase = new UploadFileUseCase(database, store, { maxUploadBytes: 1024 } as HeraldConfig, new PathLocks(), events);
    return useCase.execute({ access: { repository, principal: null }, path: 'a/b.jar', body: Readable.from([]), contentType: undefined, expected: {}, actor: ACTOR });
  }

  async function counts() {
    const em = orm.em.fork();
    return { files: await em.count(StoredFile, {}), events: await em.count(FileEvent, {}) };
  }

  it('records metadata and the event, makes the bytes visible, then tells the relay', async () => {
    const { store, staged, change } = fakeStore({});
    const event = await upload(store);
    expect(event).toMatchObject({ type: 'file.uploaded', path: 'a/b.jar', size: 5, contentType: 'application/java-archive', actorUsername: 'ci' });
    expect(staged.commit).toHaveBeenCalledTimes(1);
    expect(change.keep).toHaveBeenCalledTimes(1);
    expect(change.undo).not.toHaveBeenCalled();
    expect(relay.dispatchSoon).toHaveBeenCalledWith(event);
    expect(await counts()).toEqual({ files: 1, events: 1 });
  });

  it('rolls back the metadata and the event when the bytes cannot be put in place', async () => {
    const { store, staged } = fakeStore({ commit: Object.assign(new Error('EIO'), { code: 'EIO' }) });
    await expect(upload(store)).rejects.toThrow('EIO');
    expect(staged.discard).toHaveBeenCalled();
    expect(relay.dispatchSoon).not.toHaveBeenCalled();
    expect(await counts()).toEqual({ files: 0, events: 0 });
  });

  it('refuses an overwrite found at commit time on a release repository, discarding the staged bytes', async () => {
    await upload(fakeStore({}).store);
    const { store, staged } = fakeStore({});
    await expect(upload(store)).rejects.toBeInstanceOf(ConflictException);
    expect(staged.commit).not.toHaveBeenCalled();
    expect(staged.discard).toHaveBeenCalled();
    expect(await counts()).toEqual({ files: 1, events: 1 });
  });

  it('keeps the file, its metadata and no event when the bytes cannot be removed', async () => {
    await upload(fakeStore({}).store);
    relay.dispatchSoon.mockClear();
    const { store } = fakeStore({ remove: Object.assign(new Error('EACCES'), { code: 'EACCES' }) });
    const remove = new DeleteFileUseCase(orm, store, new PathLocks(), events);
    await expect(remove.execute({ access: { repository, principal: null }, path: 'a/b.jar', actor: ACTOR })).rejects.toThrow('EACCES');
    expect(relay.dispatchSoon).not.toHaveBeenCalled();
    expect(await counts()).toEqual({ files: 1, events: 1 });
  });

  it('puts the previous bytes back when the commit fails after the new ones were placed', async () => {
    const { store, change } = fakeStore({});
    await expect(upload(store, failingCommit(orm))).rejects.toThrow('disk is full');
    expect(change.undo).toHaveBeenCalledTimes(1);
    expect(change.keep).not.toHaveBeenCalled();
    expect(relay.dispatchSoon).not.toHaveBeenCalled();
    expect(await counts()).toEqual({ files: 0, events: 0 });
  });

  it('puts the bytes back when the commit of a delete fails', async () => {
    await upload(fakeStore({}).store);
    relay.dispatchSoon.mockClear();
    const { store, change } = fakeStore({});
    const remove = new DeleteFileUseCase(failingCommit(orm), store, new PathLocks(), events);
    await expect(remove.execute({ access: { repository, principal: null }, path: 'a/b.jar', actor: ACTOR })).rejects.toThrow('disk is full');
    expect(change.undo).toHaveBeenCalledTimes(1);
    expect(relay.dispatchSoon).not.toHaveBeenCalled();
    expect(await counts()).toEqual({ files: 1, events: 1 });
  });
});
