import { Client } from 'pg';
import { Receiver } from '../support/receiver';
import { POSTGRES_ADMIN_URL } from '../support/databases';
import { dialectsForDescribe } from '../webhooks/helpers';
import { createRepository, download, subscribeJsonWebhook, upload } from './support/admin';
import { sleep, waitUntil } from '../support/timing';
import { ADMIN_AUTH, BuiltStack, ensureBuilt } from './support/built-stack';
import { DeliveryLedger } from './support/ledger';
import { report } from './support/report';
import { recordedTags } from './support/rows';

const REPOSITORY = 'dbkill';
const KILL_EVERY_MS = 700;
const KILLING_MS = 8_000;
const BLACKOUT_MS = 4_000;

jest.setTimeout(300_000);

/** Ends every session Herald holds on its database, as a failover or an operator would. */
async function terminateBackends(admin: Client, database: string): Promise<number> {
  const result = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database]);
  return result.rowCount ?? 0;
}

/**
 * Scenario 3 (PostgreSQL): Herald's database sessions are terminated again and again while
 * uploads run, then the database refuses connections for a few seconds. Every answer must be
 * 201 or 503 (never a 500), the API must recover by itself, and every 201 must stand for an
 * event row that is then delivered.
 */
const withPostgres = dialectsForDescribe().includes('postgresql');
if (!withPostgres) process.stdout.write('[faults] 3-postgres-connections-killed: skipped, PostgreSQL does not answer at 127.0.0.1:5432\n');

(withPostgres ? describe : describe.skip)('faults: PostgreSQL connections killed mid-run', () => {
  let stack: BuiltStack;
  let receiver: Receiver;
  let ledger: DeliveryLedger;
  let admin: Client;
  let database: string;

  beforeAll(async () => {
    ensureBuilt();
    receiver = await Receiver.start();
    ledger = new DeliveryLedger('dbkill');
    stack = await BuiltStack.create({ name: '3-postgres-connections-killed', dialect: 'postgresql' });
    database = new URL(stack.database.url!).pathname.slice(1);
    admin = new Client({ connectionString: POSTGRES_ADMIN_URL });
    await admin.connect();
    await stack.startApi();
    await stack.startWorker();
    await createRepository(stack.port, REPOSITORY);
    await subscribeJsonWebhook(stack.port, ledger, { receiver, path: `/hooks/${REPOSITORY}`, repository: REPOSITORY, events: ['file.uploaded', 'file.downloaded'] });
  });

  afterAll(async () => {
    if (admin && database) await admin.query(`alter database ${database} allow_connections true`).catch(() => undefined);
    await admin?.end();
    await stack?.stop();
    await receiver?.stop();
  });

  it('answers 201 or 503, recovers by itself, and records and delivers every 201', async () => {
    type Phase = 'killing' | 'blackout' | 'recovery' | 'done';
    const answers: Array<{ type: string; status: number; phase: Phase; tag: string; path: string }> = [];
    let phase: Phase = 'killing';
    let n = 0;
    const client = async () => {
      while (phase !== 'done') {
        const during = phase;
        n += 1;
        const path = `com/example/dbkill/${n}/dbkill-${n}.jar`;
        const tag = ledger.nextTag();
        const put = await upload(stack.port, ADMIN_AUTH, REPOSITORY, path, `dbkill artifact ${n}`, tag, 30_000);
        answers.push({ type: 'file.uploaded', status: put.status, phase: during, tag, path });
        if (put.status === 201) {
          ledger.acknowledge(tag, REPOSITORY, 'file.uploaded');
          const getTag = ledger.nextTag();
          const get = await download(stack.port, ADMIN_AUTH, REPOSITORY, path, getTag, 30_000);
          answers.push({ type: 'file.downloaded', status: get.status, phase: during, tag: getTag, path });
          if (get.status === 200) ledger.acknowledge(getTag, REPOSITORY, 'file.downloaded');
        }
        await sleep(100);
      }
    };
    const clients = Promise.all(Array.from({ length: 4 }, client));

    let terminated = 0;
    let rounds = 0;
    for (const end = Date.now() + KILLING_MS; Date.now() < end; rounds++) {
      terminated += await terminateBackends(admin, database);
      await sleep(KILL_EVERY_MS);
    }
    phase = 'blackout';
    await admin.query(`alter database ${database} allow_connections false`);
    terminated += await terminateBackends(admin, database);
    await sleep(BLACKOUT_MS);
    await admin.query(`alter database ${database} allow_connections true`);
    phase = 'recovery';
    const recoveredAt = Date.now();
    // Recovers by itself: no restart, the next requests find the database again.
    const recovered = await waitUntil(() => answers.some((answer) => answer.phase === 'recovery' && answer.status === 201), 30_000, 100);
    const recoverySeconds = (Date.now() - recoveredAt) / 1000;
    const settledFrom = answers.length;
    await sleep(2_000);
    phase = 'done';
    await clients;

    const tally = await ledger.settle(180_000);
    const recorded = await recordedTags(stack, REPOSITORY);
    const unrecorded = answers.filter((answer) => answer.status < 300 && recorded.get(answer.tag) !== 1);
    const refused = answers.filter((answer) => answer.status === 503);
    const refusedButRecorded = refused.filter((answer) => recorded.has(answer.tag)).length;
    const statusCounts = countBy(answers.map((answer) => `${answer.type} ${answer.status}`));
    report('3-postgres-connections-killed', {
      dialect: 'postgresql',
      injected: `pg_terminate_backend on every session of the database every ${KILL_EVERY_MS} ms for ${KILLING_MS / 1000} s (${rounds} rounds, ${terminated} sessions ended), then connections refused (allow_connections false) for ${BLACKOUT_MS / 1000} s`,
      statusCounts,
      answersByPhase: countBy(answers.map((answer) => `${answer.phase} ${answer.status}`)),
      acknowledgedWithoutEventRow: unrecorded.length,
      refusedButRecorded,
      secondsToFirst201AfterBlackout: recoverySeconds,
      ...tally,
    });

    expect(Object.keys(statusCounts).filter((key) => !/ (200|201|503)$/.test(key))).toEqual([]);
    expect(refused.length).toBeGreaterThan(0);
    expect(answers.some((answer) => answer.phase === 'blackout' && answer.status === 503)).toBe(true);
    expect(recovered).toBe(true);
    // Once recovered, it stays recovered.
    expect(answers.slice(settledFrom).filter((answer) => answer.status !== 201 && answer.status !== 200)).toEqual([]);
    expect(unrecorded).toEqual([]);
    expect(tally.missingSample).toEqual([]);
    expect(tally).toMatchObject({ missing: 0, idConflicts: 0 });
    expect(stack.api?.alive && stack.worker?.alive).toBe(true);
  });
});

function countBy(keys: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}
