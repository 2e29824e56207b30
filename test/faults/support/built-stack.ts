import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresDatabase, sqliteDatabase, type TestDatabase } from '../../support/databases';
import { basicAuth, send } from './http';

const ROOT = join(__dirname, '..', '..', '..');
const OUTPUT_KEPT = 2 * 1024 * 1024;
const ARTIFACTS = join(ROOT, 'test-artifacts', 'faults');

export const ADMIN = { username: 'admin', password: 'faults-admin-password' };
export const ADMIN_AUTH = basicAuth(ADMIN.username, ADMIN.password);

// scripts/ is plain CommonJS shared with `npm start`; typed here where the suite uses it.
const scripts = {
  build: require('../../../scripts/ensure-build') as { ensureBuild(): boolean },
  devServer: require('../../../scripts/temporal-dev-server') as {
    freePort(): Promise<number>;
    startDevServer(options: { port?: number; uiPort?: number; dbFile?: string; headless?: boolean }): Promise<DevServer>;
  },
  // The built processes with their Node flags, as `npm start` runs them.
  processes: require('../../../scripts/processes') as { nodeArgs(name: 'api' | 'worker' | 'migrate'): string[] },
};

export interface DevServer {
  address: string;
  port: number;
  uiPort: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Compiles dist/ when a source is newer, as `npm run build` would: the suite runs the built apps.
 * HERALD_FAULTS_SKIP_BUILD=1 runs dist/ as it is (a tree where someone else's edit does not compile).
 */
export function ensureBuilt(): void {
  if (process.env.HERALD_FAULTS_SKIP_BUILD !== '1') scripts.build.ensureBuild();
}

export const freePort = (): Promise<number> => scripts.devServer.freePort();
export const startDevServer = scripts.devServer.startDevServer;

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

/** One child process of the built Herald: its pid, its recent output, its end. */
export class HeraldChild {
  private output = '';
  readonly exited: Promise<void>;

  constructor(
    readonly name: string,
    readonly process: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString('utf8')).slice(-OUTPUT_KEPT));
    process.stdout?.on('data', keep);
    process.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => process.once('exit', () => resolve()));
  }

  get pid(): number {
    return this.process.pid ?? 0;
  }

  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  get log(): string {
    return this.output;
  }

  /** SIGKILL: no drain, no shutdown hook, as a crash or an OOM kill. */
  async kill(): Promise<void> {
    if (this.alive) this.process.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.alive) return;
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    this.process.kill('SIGTERM');
    await this.exited;
    clearTimeout(timer);
  }

  async waitForOutput(text: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.output.includes(text)) {
      if (!this.alive) throw new Error(`${this.name} exited before printing "${text}":\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`${this.name} did not print "${text}" within ${timeoutMs} ms:\n${this.output}`);
      await sleep(100);
    }
  }
}

/** A running API process and the port it answers on. */
export class ApiChild extends HeraldChild {
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
  readonly children = new Set<HeraldChild>();
  api: ApiChild | null = null;
  worker: HeraldChild | null = null;

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
    const migrated = spawnSync(process.execPath, scripts.processes.nodeArgs('migrate'), { cwd: ROOT, env, encoding: 'utf8' });
    if (migrated.status !== 0) throw new Error(`migrate.js failed: ${migrated.stderr || migrated.stdout}`);
    return new BuiltStack(options.name, dataDir, database, env);
  }

  /**
   * Starts an API process (another replica when one runs) and waits for /healthz. `port` restarts
   * a killed one where its clients still connect; a free port otherwise.
   */
  async startApi(env: Record<string, string> = {}, port?: number): Promise<ApiChild> {
    port ??= await freePort();
    const child = new ApiChild(this.spawn('api', { PORT: String(port), HERALD_PUBLIC_URL: `http://127.0.0.1:${port}`, ...env }), port);
    this.children.add(child);
    const deadline = Date.now() + 60_000;
    while (!(await send(port, 'GET', '/healthz', { timeoutMs: 2_000 }).then((answer) => answer.status === 200, () => false))) {
      if (!child.alive) throw new Error(`the API exited during boot:\n${child.log}`);
      if (Date.now() > deadline) throw new Error(`the API did not answer /healthz within 60 s:\n${child.log}`);
      await sleep(100);
    }
    this.api ??= child;
    return child;
  }

  /**
   * Starts the worker and waits until it polls its task queue (a busy machine may ask for longer
   * than a minute). It logs at info, which says so; the worker writes little else at that level.
   */
  async startWorker(readyWithinMs = 60_000): Promise<HeraldChild> {
    const child = new HeraldChild('worker', this.spawn('worker', { LOG_LEVEL: 'info' }));
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

  private spawn(name: 'api' | 'worker', env: Record<string, string>): ChildProcess {
    return spawn(process.execPath, scripts.processes.nodeArgs(name), { cwd: ROOT, env: { ...this.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  }
}

/** The resident memory of a process, from /proc (Linux). */
export function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) * 1024;
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat (Linux: 100 ticks a second). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces: fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `check` holds or `timeoutMs` passes; returns whether it held. */
export async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 250): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
}
