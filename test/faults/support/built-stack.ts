import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BuiltProcess, freePort, migrateBuilt, spawnBuilt } from '../../support/built-herald';
import { basicAuth } from '../../support/credentials';
import { postgresDatabase, sqliteDatabase, type TestDatabase } from '../../support/databases';
import { send } from './http';

const ARTIFACTS = join(__dirname, '..', '..', '..', 'test-artifacts', 'faults');

export const ADMIN = { username: 'admin', password: 'faults-admin-password' };
export const ADMIN_AUTH = basicAuth(ADMIN.username, ADMIN.password);

// scripts/ is plain CommonJS shared with `npm start`; typed here where the suite uses it.
const { ensureBuild } = require('../../../scripts/ensure-build') as { ensureBuild(): boolean };

/**
 * Compiles dist/ when a source is newer, as `npm run build` would: the suite runs the built apps.
 * HERALD_FAULTS_SKIP_BUILD=1 runs dist/ as it is (a tree where someone else's edit does not compile).
 */
export function ensureBuilt(): void {
  if (process.env.HERALD_FAULTS_SKIP_BUILD !== '1') ensureBuild();
}

export interface StackOptions {
  /** Names the children's log, kept as test-artifacts/faults/<name>.log. */
  name: string;
  dialect: 'sqlite' | 'postgresql';
  /** An existing, empty folder (a small filesystem, say); a fresh temp folder otherwise. */
  dataDir?: string;
  /** Defaults to the jest run's dev server. */
  temporalAddress?: string;
  env?: Record<string, string>;
}

/** A running API process and the port it answers on. */
export class ApiChild extends BuiltProcess {
  constructor(
    process: ChildProcess,
    readonly port: number,
  ) {
    super('api', process);
  }
}

/**
 * The built Herald as production runs it, for fault injection: `dist/` API and worker as child
 * processes (so they can be SIGKILLed and their memory read from /proc), a fresh SQLite or
 * PostgreSQL database migrated by `migrate.js`, a temp DATA_DIR and a task queue of their own.
 */
export class BuiltStack {
  readonly children = new Set<BuiltProcess>();
  api: ApiChild | null = null;
  worker: BuiltProcess | null = null;

  private constructor(
    readonly name: string,
    readonly dataDir: string,
    readonly database: TestDatabase,
    readonly env: Record<string, string>,
  ) {}

  static async create(options: StackOptions): Promise<BuiltStack> {
    const temporalAddress = options.temporalAddress ?? process.env.HERALD_TEST_TEMPORAL_ADDRESS;
    if (!temporalAddress) throw new Error('no Temporal dev server: run through `npm run test:faults`');
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'herald-faults-'));
    const database = options.dialect === 'postgresql' ? await postgresDatabase() : sqliteDatabase();
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      DATA_DIR: dataDir,
      TEMPORAL_ADDRESS: temporalAddress,
      HERALD_TASK_QUEUE: `herald-faults-${randomBytes(4).toString('hex')}`,
      HERALD_ADMIN_USER: ADMIN.username,
      HERALD_ADMIN_PASSWORD: ADMIN.password,
      HERALD_ALLOW_PRIVATE_TARGETS: 'true',
      HERALD_RETRY_SCHEDULE: '1s,1s,2s,2s,5s',
      HERALD_ATTEMPT_TIMEOUT: '2s',
      HERALD_SECRET_KEY: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      // Several stacks may run at once on this machine: no two workers on the default port.
      HERALD_WORKER_METRICS_PORT: '0',
      ...(database.url ? { DATABASE_URL: database.url } : {}),
      ...options.env,
    };
    migrateBuilt(env);
    return new BuiltStack(options.name, dataDir, database, env);
  }

  /**
   * Starts an API process (another replica when one runs) and waits for /healthz. `port` restarts
   * a killed one where its clients still connect; a free port otherwise.
   */
  async startApi(env: Record<string, string> = {}, port?: number): Promise<ApiChild> {
    port ??= await freePort();
    const child = new ApiChild(spawnBuilt('api', { ...this.env, PORT: String(port), HERALD_PUBLIC_URL: `http://127.0.0.1:${port}`, ...env }), port);
    this.children.add(child);
    await child.waitFor(() => send(port, 'GET', '/healthz', { timeoutMs: 2_000 }).then((answer) => answer.status === 200), '/healthz 200');
    this.api ??= child;
    return child;
  }

  /**
   * Starts the worker and waits until it polls its task queue (a busy machine may ask for longer
   * than a minute). It logs at info, which says so; the worker writes little else at that level.
   */
  async startWorker(readyWithinMs = 60_000): Promise<BuiltProcess> {
    const child = new BuiltProcess('worker', spawnBuilt('worker', { ...this.env, LOG_LEVEL: 'info' }));
    this.children.add(child);
    this.worker = child;
    await child.waitForOutput('polling task queue', readyWithinMs);
    return child;
  }

  get port(): number {
    if (!this.api) throw new Error('the API is not running');
    return this.api.port;
  }

  /** Stops every child, keeps their output, drops the database and removes DATA_DIR. */
  async stop(): Promise<void> {
    await Promise.all([...this.children].map((child) => child.stop(5_000)));
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, `${this.name}.log`), this.logs());
    // HERALD_FAULTS_KEEP_DATA=1 keeps the database and DATA_DIR of a run to look into.
    if (process.env.HERALD_FAULTS_KEEP_DATA === '1') return void process.stdout.write(`[faults] ${this.name}: kept ${this.dataDir} ${this.database.url ?? ''}\n`);
    await this.database.drop().catch(() => undefined);
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** The last output of every child, for a failure message. */
  logs(): string {
    return [...this.children].map((child) => `--- ${child.name} (pid ${child.pid})\n${child.log}`).join('\n');
  }
}
