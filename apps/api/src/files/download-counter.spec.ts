import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import { ArtifactRepository, StoredFile, migrate, openDatabase } from '@herald/persistence';
import { DownloadCounter } from './download-counter';

describe('DownloadCounter', () => {
  let dir: string;
  let orm: MikroORM;
  let files: StoredFile[];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-counter-'));
    orm = await openDatabase({ dialect: 'sqlite', file: join(dir, 'db.sqlite') });
    await migrate(orm);
    const em = orm.em.fork();
    const repository = em.create(ArtifactRepository, { name: 'libs' });
    files = ['a.jar', 'b.jar'].map((path) => em.create(StoredFile, { repository, path, size: 1, sha256: 's', sha1: 's', md5: 'm', contentType: 'application/java-archive' }));
    await em.flush();
  });

  afterEach(async () => {
    await orm.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const unwrittenOf = (counter: DownloadCounter, fileId: string) => counter.between(async (unwritten) => unwritten(fileId));
  const stored = async () => (await orm.em.fork().find(StoredFile, {}, { orderBy: { path: 'asc' } })).map((file) => [file.downloadCount, file.lastDownloadedAt?.getTime() ?? null]);

  it('writes counted downloads in one flush, adding to what two processes counted', async () => {
    const here = new DownloadCounter(orm);
    const there = new DownloadCounter(orm);
    for (let n = 0; n < 700; n++) here.count(files[n % 2].id, new Date(1_000 + n));
    for (let n = 0; n < 300; n++) there.count(files[0].id, new Date(5_000));
    expect(await unwrittenOf(here, files[0].id)).toEqual({ count: 350, lastAt: new Date(1_698) });
    await Promise.all([here.flush(), there.flush()]);
    expect(await stored()).toEqual([
      [650, expect.any(Number)],
      [350, 1_699],
    ]);
    expect(await unwrittenOf(here, files[0].id)).toBeUndefined();
    await here.flush();
    expect((await stored())[1][0]).toBe(350);
  });

  it('adds stored and unwritten counts up exactly for a read made while a flush is under way', async () => {
    const counter = new DownloadCounter(orm);
    for (let n = 0; n < 5; n++) counter.count(files[0].id, new Date(1_000 + n));
    const flushing = counter.flush();
    const total = counter.between(async (unwritten) => {
      const [file] = await orm.em.fork().find(StoredFile, { id: files[0].id });
      return file.downloadCount + (unwritten(file.id)?.count ?? 0);
    });
    // Read meanwhile, the tallies would be out of memory and not yet in the row: 0.
    expect(await total).toBe(5);
    await flushing;
    expect(await unwrittenOf(counter, files[0].id)).toBeUndefined();
  });

  it('keeps the tallies of a failed flush for the next one', async () => {
    let failures = 1;
    const flaky = {
      em: {
        fork: () => {
          const em = orm.em.fork();
          if (failures-- > 0) em.transactional = (async () => Promise.reject(new Error('database is locked'))) as typeof em.transactional;
          return em;
        },
      },
    } as unknown as MikroORM;
    const counter = new DownloadCounter(flaky);
    counter.count(files[0].id, new Date(1_000));
    await counter.flush();
    counter.count(files[0].id, new Date(2_000));
    expect(await unwrittenOf(counter, files[0].id)).toEqual({ count: 2, lastAt: new Date(2_000) });
    await counter.flush();
    expect((await stored())[0]).toEqual([2, 2_000]);
  });
});
