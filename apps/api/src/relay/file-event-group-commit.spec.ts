import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import { FileEvent, migrate, openDatabase } from '@herald/persistence';
import { FileEventGroupCommit } from './file-event-group-commit';

function download(n: number): FileEvent {
  return Object.assign(new FileEvent(), { type: 'file.downloaded', repository: 'libs', path: `a/${n}.jar`, name: `${n}.jar`, actorUsername: 'ci' });
}

describe('FileEventGroupCommit', () => {
  let dir: string;
  let orm: MikroORM;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-group-commit-'));
    orm = await openDatabase({ dialect: 'sqlite', file: join(dir, 'db.sqlite') });
    await migrate(orm);
  });

  afterEach(async () => {
    await orm.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits many concurrent events in few statements, each write settled once its row is there', async () => {
    const statements = jest.fn();
    const forking = orm.em.fork.bind(orm.em);
    const counting = {
      em: {
        fork: () => {
          const em = forking();
          const insertMany = em.insertMany.bind(em);
          em.insertMany = ((...args: Parameters<typeof insertMany>) => {
            statements();
            return insertMany(...args);
          }) as typeof em.insertMany;
          return em;
        },
      },
    } as unknown as MikroORM;
    const commit = new FileEventGroupCommit(counting);
    const events = Array.from({ length: 300 }, (_, n) => download(n));
    await Promise.all(events.map((event) => commit.write(event)));

    const stored = await orm.em.fork().find(FileEvent, {});
    expect(stored.map((event) => event.id).sort()).toEqual(events.map((event) => event.id).sort());
    expect(stored.every((event) => event.dispatchedAt === null)).toBe(true);
    // Writes of one turn of the event loop go together, 256 at most in one statement.
    expect(statements).toHaveBeenCalledTimes(2);
  });

  it('fails every write of a failed statement, and takes the next writes as usual', async () => {
    const commit = new FileEventGroupCommit(orm);
    const first = download(1);
    await commit.write(first);
    // The same id again: the statement fails on its primary key, with the writes beside it.
    const results = await Promise.allSettled([commit.write(download(2)), commit.write(Object.assign(download(3), { id: first.id })), commit.write(download(4))]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    await commit.write(download(5));
    expect(await orm.em.fork().count(FileEvent, {})).toBe(2);
  });
});
