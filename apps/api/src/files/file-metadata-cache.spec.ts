import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import type { HeraldConfig } from '@herald/config';
import { ArtifactRepository, migrate, openDatabase, StoredFile } from '@herald/persistence';
import type { ChangeWatch } from '../common/change-watch';
import { FileMetadataCache } from './file-metadata-cache';

describe('FileMetadataCache', () => {
  let dir: string;
  let orm: MikroORM;
  let config: HeraldConfig;
  let repositoryId: string;
  let onChange: () => Promise<void>;
  let cache: FileMetadataCache;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-cache-'));
    config = { database: { dialect: 'sqlite', file: join(dir, 'db.sqlite') } } as HeraldConfig;
    orm = await openDatabase(config.database);
    await migrate(orm);
    const em = orm.em.fork();
    const repository = em.create(ArtifactRepository, { name: 'libs', policy: 'snapshot' });
    await em.flush();
    repositoryId = repository.id;
    cache = new FileMetadataCache(orm, config, { on: (_name: string, listener: () => Promise<void>) => (onChange = listener) } as unknown as ChangeWatch);
  });

  afterEach(async () => {
    await orm.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function store(path: string, sha256: string): Promise<void> {
    const em = orm.em.fork();
    const existing = await em.findOne(StoredFile, { repository: repositoryId, path });
    const file = existing ?? em.create(StoredFile, { repository: em.getReference(ArtifactRepository, repositoryId), path, size: 1, sha256, sha1: 's', md5: 'm', contentType: 'text/plain' });
    file.sha256 = sha256;
    await em.flush();
  }

  it('answers from memory until a change of any file is announced', async () => {
    await store('a.jar', 'a'.repeat(64));
    expect((await cache.read(repositoryId, 'a.jar'))?.sha256).toBe('a'.repeat(64));
    await store('a.jar', 'b'.repeat(64));
    expect((await cache.read(repositoryId, 'a.jar'))?.sha256).toBe('a'.repeat(64));
    await onChange();
    expect((await cache.read(repositoryId, 'a.jar'))?.sha256).toBe('b'.repeat(64));
  });

  it('never remembers a file that is not there, so a new upload is served at once', async () => {
    expect(await cache.read(repositoryId, 'new.jar')).toBeNull();
    await store('new.jar', 'c'.repeat(64));
    expect((await cache.read(repositoryId, 'new.jar'))?.sha256).toBe('c'.repeat(64));
  });

  it('does not remember what a read saw when a change came while it ran', async () => {
    await store('a.jar', 'a'.repeat(64));
    const reading = cache.read(repositoryId, 'a.jar');
    cache.changed();
    expect((await reading)?.sha256).toBe('a'.repeat(64));
    await store('a.jar', 'b'.repeat(64));
    expect((await cache.read(repositoryId, 'a.jar'))?.sha256).toBe('b'.repeat(64));
  });
});
