import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DIGEST_WORKFLOW_TYPE } from '@herald/contracts';
import { onCleanup, stopChild, track } from './cleanup';

const ROOT = join(__dirname, '..', '..');
// The built processes with their Node flags, as `npm start` runs them.
const { nodeArgs } = require('../../scripts/processes') as { nodeArgs(name: 'api' | 'worker' | 'migrate'): string[] };

interface DevServer {
  address: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

// scripts/ is plain CommonJS shared with `npm start`; typed here at the one place it is used.
const devServer = require('../../scripts/temporal-dev-server') as {
  startDevServer(options: { headless?: boolean; logLevel?: string; dbFile?: string; stdio?: Array<'ignore' | 'pipe'> }): Promise<DevServer>;
  freePort(): Promise<number>;
};

export interface StackOptions {
  /** Folder for the children's logs and, when profiling, their .cpuprofile files. */
  outDir: string;
  profile: boolean;
  /** PostgreSQL instead of the embedded SQLite database. */
  databaseUrl?: string;
  /** Settings for the API, worker and migrations beyond the bench's own (the blob store, its credentials). */
  env?: NodeJS.ProcessEnv;
}

/**
 * The built Herald as production runs it: a Temporal dev server (in memory), the migrated SQLite
 * database in a temp DATA_DIR, and the API and worker as child processes on their own task queue.
 */
export class HeraldStack {
  private temporal: Client | null = null;

  private constructor(
    readonly baseUrl: string,
    readonly temporalAddress: string,
    readonly taskQueue: string,
    readonly dataDir: string,
    readonly admin: { username: string; password: string },
    readonly api: ChildProcess,
    readonly worker: ChildProcess,
    private readonly temporalServer: ChildProcess,
  ) {}

  static async start(options: StackOptions): Promise<HeraldStack> {
    const scratch = mkdtempSync(join(tmpdir(), 'herald-bench-'));
    onCleanup(() => rmSync(scratch, { recursive: true, force: true }));
    mkdirSync(options.outDir, { recursive: true });
    // Its errors (persistence deadlines when the machine is starved) go to a log, not the table.
    const server = await devServer.startDevServer({ headless: true, logLevel: 'error', stdio: ['ignore', 'ignore', 'pipe'] });
    server.child.stderr?.pipe(createWriteStream(join(options.outDir, 'temporal.log')));
    track(server.child);
    onCleanup(() => server.stop());

    const port = await devServer.freePort();
    const dataDir = join(scratch, 'data');
    const admin = { username: 'bench', password: randomBytes(12).toString('hex') };
    const taskQueue = `herald-bench-${randomBytes(4).toString('hex')}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      TEMPORAL_ADDRESS: server.address,
      HERALD_TASK_QUEUE: taskQueue,
      HERALD_PUBLIC_URL: `http://127.0.0.1:${port}`,
      HERALD_ADMIN_USER: admin.username,
      HERALD_ADMIN_PASSWORD: admin.password,
      HERALD_ALLOW_PRIVATE_TARGETS: 'true',
      HERALD_SECRET_KEY: randomBytes(32).toString('hex'),
      // Beside a developer's `npm start`, which holds the default port.
      HERALD_WORKER_METRICS_PORT: '0',
      ...options.env,
    };
    // SQLite under DATA_DIR unless the bench was asked for PostgreSQL, whatever the shell says.
    if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
    else delete env.DATABASE_URL;

    const migrated = spawnSync(process.execPath, nodeArgs('migrate'), { cwd: ROOT, env, encoding: 'utf8' });
    if (migrated.status !== 0) throw new Error(`migrations failed: ${migrated.stderr || migrated.stdout}`);

    const api = launch('api', env, options);
    const worker = launch('worker', env, options);
    // Stop order: API and worker first (they drain), then Temporal, then the scratch folder.
    onCleanup(() => Promise.all([stopChild(api), stopChild(worker)]).then(() => undefined));

    const stack = new HeraldStack(`http://127.0.0.1:${port}`, server.address, taskQueue, dataDir, admin, api, worker, server.child);
    await stack.waitReady(120_000);
    return stack;
  }

  get adminAuth(): string {
    return `Basic ${Buffer.from(`${this.admin.username}:${this.admin.password}`).toString('base64')}`;
  }

  /** CPU seconds (user + system) each process has used so far; the bench includes the baseline worker. */
  cpuSeconds(): CpuSeconds {
    return {
      temporal: cpuSecondsOf(this.temporalServer.pid),
      api: cpuSecondsOf(this.api.pid),
      worker: cpuSecondsOf(this.worker.pid),
      bench: cpuSecondsOf(process.pid),
    };
  }

  /** A client of the stack's Temporal server (default namespace), connected on first use. */
  async temporalClient(): Promise<Client> {
    if (!this.temporal) {
      const connection = await Connection.connect({ address: this.temporalAddress });
      onCleanup(() => connection.close());
      this.temporal = new Client({ connection });
    }
    return this.temporal;
  }

  /**
   * Waits until no event workflow of this stack is running (bounded), so one measurement's
   * leftovers do not slow the next. False at the deadline. A digest workflow waits idle for an
   * hour after its last window by design, so it is not waited for; the event workflow that
   * delivers its digest is.
   */
  async settle(timeoutMs: number): Promise<boolean> {
    const temporal = await this.temporalClient();
    const query = `TaskQueue = "${this.taskQueue}" AND ExecutionStatus = "Running" AND WorkflowType != "${DIGEST_WORKFLOW_TYPE}"`;
    const deadline = Date.now() + timeoutMs;
    // The relay starts workflows just after answering: give the last starts a moment to land.
    await new Promise((resolve) => setTimeout(resolve, 500));
    while ((await temporal.workflow.count(query)).count > 0) {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return true;
  }

  /** The API answers /readyz 200 (database and Temporal reachable); the worker is proven by a warm-up. */
  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const [name, child] of [['api', this.api], ['worker', this.worker]] as const) {
        if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} during boot; see its log`);
      }
      if (await fetch(`${this.baseUrl}/readyz`).then((response) => response.status === 200, () => false)) return;
      if (Date.now() > deadline) throw new Error(`the API did not answer /readyz 200 within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

function launch(name: 'api' | 'worker', env: NodeJS.ProcessEnv, options: StackOptions): ChildProcess {
  const profiling = options.profile
    ? ['--require', join(__dirname, 'exit-on-second-sigterm.js'), '--cpu-prof', `--cpu-prof-dir=${join(options.outDir, 'profiles')}`, `--cpu-prof-name=${name}.cpuprofile`]
    : [];
  const child = spawn(process.execPath, [...profiling, ...nodeArgs(name)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  track(child);
  const log = createWriteStream(join(options.outDir, `${name}.log`));
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  child.once('exit', () => log.end());
  return child;
}

export interface CpuSeconds {
  temporal: number;
  api: number;
  worker: number;
  bench: number;
}

/** CPU milliseconds per unit of work between two readings, per process. */
export function cpuMsPer(before: CpuSeconds, after: CpuSeconds, units: number): CpuSeconds {
  const per = (key: keyof CpuSeconds) => Math.round(((after[key] - before[key]) * 1000 * 100) / units) / 100;
  return { temporal: per('temporal'), api: per('api'), worker: per('worker'), bench: per('bench') };
}

/** utime + stime from /proc/<pid>/stat, in seconds (Linux; clock ticks are 100 Hz there). */
function cpuSecondsOf(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Current and peak resident set of a process, in MiB, from /proc (Linux). */
export function memoryOf(pid: number): { rssMB: number; peakMB: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMB: kib('VmRSS') / 1024, peakMB: kib('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** Resets VmHWM so the next peak read covers only what follows; false where the kernel refuses. */
export function resetPeakMemory(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
