import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from './timing';

/**
 * The built Herald (dist/) as production runs it, one process at a time: for the fault suite,
 * which kills and restarts them, and for the benchmark, which measures them.
 */

const ROOT = join(__dirname, '..', '..');
const OUTPUT_KEPT = 2 * 1024 * 1024;

export type BuiltApp = 'api' | 'worker' | 'migrate';

export interface DevServerOptions {
  port?: number;
  uiPort?: number;
  dbFile?: string;
  headless?: boolean;
  logLevel?: string;
  stdio?: Array<'ignore' | 'pipe' | 'inherit'>;
}

export interface DevServer {
  address: string;
  port: number;
  uiPort: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

// scripts/ is plain CommonJS shared with `npm start`; typed here, where the tests and the bench use it.
const scripts = {
  // The built processes with their Node flags, as `npm start` runs them.
  processes: require('../../scripts/processes') as { nodeArgs(name: BuiltApp): string[] },
  devServer: require('../../scripts/temporal-dev-server') as { freePort(): Promise<number>; startDevServer(options: DevServerOptions): Promise<DevServer> },
};

export const freePort = (): Promise<number> => scripts.devServer.freePort();
export const startDevServer = (options: DevServerOptions): Promise<DevServer> => scripts.devServer.startDevServer(options);

/** Runs the built migrations with `env` (its DATA_DIR or DATABASE_URL); throws with their output when they fail. */
export function migrateBuilt(env: NodeJS.ProcessEnv): void {
  const migrated = spawnSync(process.execPath, scripts.processes.nodeArgs('migrate'), { cwd: ROOT, env, encoding: 'utf8' });
  if (migrated.status !== 0) throw new Error(`migrate.js failed: ${migrated.stderr || migrated.stdout}`);
}

export interface LaunchOptions {
  /** Node flags before the app's own (the bench's CPU profiler). */
  nodeFlags?: string[];
  /** Where the whole output is written as well; the process itself keeps its last 2 MiB. */
  logFile?: string;
}

/** Starts a built API or worker with `env` (the whole environment it sees). */
export function spawnBuilt(app: 'api' | 'worker', env: NodeJS.ProcessEnv, options: LaunchOptions = {}): ChildProcess {
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), ...scripts.processes.nodeArgs(app)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (options.logFile) {
    const log = createWriteStream(options.logFile);
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    child.once('exit', () => log.end());
  }
  return child;
}

/** One built process: its pid, its recent output, its end. */
export class BuiltProcess {
  /** The last OUTPUT_KEPT characters or so, as chunks: a busy API logs megabytes a second, and the bench shares its core. */
  private readonly chunks: string[] = [];
  private kept = 0;
  readonly exited: Promise<void>;

  constructor(
    readonly name: string,
    readonly process: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.chunks.push(text);
      this.kept += text.length;
      while (this.kept - this.chunks[0].length >= OUTPUT_KEPT) this.kept -= (this.chunks.shift() as string).length;
    };
    process.stdout?.on('data', keep);
    process.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => process.once('exit', () => resolve()));
  }

  private get output(): string {
    return this.chunks.join('');
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

  /** Polls `probe` while the process runs; fails with its output when it exits first or the time runs out. */
  async waitFor(probe: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
    const exited = () => (this.alive ? undefined : `${this.name} exited`);
    await eventually(probe, what, { timeoutMs, everyMs: 100, giveUp: exited }).catch((error: Error) => {
      throw new Error(`${this.name}: ${error.message}:\n${this.output}`);
    });
  }

  waitForOutput(text: string, timeoutMs = 60_000): Promise<void> {
    return this.waitFor(() => this.output.includes(text), `"${text}" in its output`, timeoutMs);
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat (Linux: 100 ticks a second). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces: fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The resident memory of a process and its peak (VmHWM), in bytes, from /proc (Linux). */
export function memoryOf(pid: number): { rssBytes: number; peakBytes: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssBytes: kib('VmRSS') * 1024, peakBytes: kib('VmHWM') * 1024 };
}
