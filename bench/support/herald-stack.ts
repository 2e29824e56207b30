import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DIGEST_WORKFLOW_TYPE } from '@herald/contracts';
import { BuiltProcess, cpuSeconds, freePort, memoryOf as memoryBytesOf, migrateBuilt, spawnBuilt, startDevServer } from '../../test/support/built-herald';
import { basicAuth } from '../../test/support/credentials';
import { sleep, waitUntil } from '../../test/support/timing';
import { onCleanup, track } from './cleanup';

const MiB = 1024 * 1024;

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
    readonly api: BuiltProcess,
    readonly worker: BuiltProcess,
    private readonly temporalServer: ChildProcess,
  ) {}

  static async start(options: StackOptions): Promise<HeraldStack> {
    const scratch = mkdtempSync(join(tmpdir(), 'herald-bench-'));
    onCleanup(() => rmSync(scratch, { recursive: true, force: true }));
    mkdirSync(options.outDir, { recursive: true });
    // Its errors (persistence deadlines when the machine is starved) go to a log, not the table.
    const server = await startDevServer({ headless: true, logLevel: 'error', stdio: ['ignore', 'ignore', 'pipe'] });
    server.child.stderr?.pipe(createWriteStream(join(options.outDir, 'temporal.log')));
    track(server.child);
    onCleanup(() => server.stop());

    const port = await freePort();
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

    migrateBuilt(env);

    const api = launch('api', env, options);
    const worker = launch('worker', env, options);
    // Stop order: API and worker first (they drain), then Temporal, then the scratch folder.
    onCleanup(() => Promise.all([api.stop(10_000), worker.stop(10_000)]).then(() => undefined));

    const stack = new HeraldStack(`http://127.0.0.1:${port}`, server.address, taskQueue, dataDir, admin, api, worker, server.child);
    await stack.waitReady(120_000);
    return stack;
  }

  get adminAuth(): string {
    return basicAuth(this.admin.username, this.admin.password);
  }

  /** CPU seconds (user + system) each process has used so far; the bench includes the baseline worker. */
  cpuSeconds(): CpuSeconds {
    return {
      temporal: cpuSecondsOf(this.temporalServer.pid ?? 0),
      api: cpuSecondsOf(this.api.pid),
      worker: cpuSecondsOf(this.worker.pid),
      bench: cpuSecondsOf(process.pid),
    };
  }

  /** A client of the stack's Temporal server (default namespace), connected on first use. */
  async temporalClient(): Promise<Client> {
    if (!this.temporal) {
      // A digest workflow's history holds the events of every GET it counted: past gRPC's default 4 MiB in a fast run.
      const connection = await Connection.connect({ address: this.temporalAddress, channelArgs: { 'grpc.max_receive_message_length': 64 * 1024 * 1024 } });
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
    // The relay starts workflows just after answering: give the last starts a moment to land.
    await sleep(500);
    return waitUntil(async () => (await temporal.workflow.count(query)).count === 0, timeoutMs - 500);
  }

  /** The API answers /readyz 200 (database and Temporal reachable); the worker is proven by a warm-up. */
  private async waitReady(timeoutMs: number): Promise<void> {
    await this.api.waitFor(() => fetch(`${this.baseUrl}/readyz`).then((response) => response.status === 200), '/readyz 200', timeoutMs);
    if (!this.worker.alive) throw new Error(`the worker exited during boot:\n${this.worker.log}`);
  }
}

function launch(app: 'api' | 'worker', env: NodeJS.ProcessEnv, options: StackOptions): BuiltProcess {
  const nodeFlags = options.profile
    ? ['--require', join(__dirname, 'exit-on-second-sigterm.js'), '--cpu-prof', `--cpu-prof-dir=${join(options.outDir, 'profiles')}`, `--cpu-prof-name=${app}.cpuprofile`]
    : [];
  const child = new BuiltProcess(app, spawnBuilt(app, env, { nodeFlags, logFile: join(options.outDir, `${app}.log`) }));
  track(child.process);
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

/** CPU seconds of a process, NaN once it is gone. */
function cpuSecondsOf(pid: number): number {
  try {
    return cpuSeconds(pid);
  } catch {
    return NaN;
  }
}

/** Current and peak resident set of a process, in MiB; null once it is gone. */
export function memoryOf(pid: number): { rssMB: number; peakMB: number } | null {
  try {
    const { rssBytes, peakBytes } = memoryBytesOf(pid);
    return { rssMB: rssBytes / MiB, peakMB: peakBytes / MiB };
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
