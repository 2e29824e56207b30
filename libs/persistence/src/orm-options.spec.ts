import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import { AuditEntry } from './entities';
import { migrate, openDatabase } from './migrate';

/** The slice of better-sqlite3 this test uses (the package ships no types). */
interface RawConnection {
  prepare(sql: string): { run(): unknown };
  close(): void;
}
const Database = require('better-sqlite3') as new (file: string, options: { timeout: number }) => RawConnection;

describe('SQLite transactions shared with another process', () => {
  let dir: string;
  let orm: MikroORM;
  let other: RawConnection;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-orm-'));
    const file = join(dir, 'herald.sqlite');
    orm = await openDatabase({ dialect: 'sqlite', file });
    await migrate(orm);
    // The other process (the worker, say): its own connection to the same file, a short wait.
    other = new Database(file, { timeout: 100 });
  });

  afterAll(async () => {
    other.close();
    await orm.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits a transaction that read before it wrote although the other connection tried to write meanwhile', async () => {
    let otherWrite = 'not tried';
    await orm.em.fork().transactional(async (tx) => {
      await tx.count(AuditEntry, {});
      try {
        other.prepare(`insert into audit_entry (id, action, subject_type, subject_id, created_at) values ('aud_other', 'x', 'y', 'z', 0)`).run();
        otherWrite = 'committed';
      } catch (error) {
        otherWrite = (error as { code?: string }).code ?? 'failed';
      }
      tx.create(AuditEntry, { action: 'bench.checked', subjectType: 'test', subjectId: '1' });
    });
    // The transaction held the write lock from its start, so the other writer waited and gave up,
    // instead of this transaction failing at its first write with a stale snapshot.
    expect(otherWrite).toBe('SQLITE_BUSY');
    expect(await orm.em.fork().count(AuditEntry, { action: 'bench.checked' })).toBe(1);
  });
});
