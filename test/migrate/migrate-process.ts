import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface MigrateRun {
  child: ChildProcess;
  /** Resolves when the process has ended, however it ended. */
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/**
 * `npm run migrate` on the source in the working tree (ts-node, no build of dist/), as a real
 * process that a test can kill. `onLine` sees each line of its output as it comes.
 */
export function runMigrate(env: Record<string, string>, onLine: (line: string, child: ChildProcess) => void = () => undefined): MigrateRun {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', ...env };
  for (const variable of ['DATABASE_URL', 'HERALD_STORAGE']) if (!(variable in env)) delete childEnv[variable];
  const child = spawn(process.execPath, ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', 'apps/api/src/migrate.ts'], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk;
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop()!;
    for (const line of lines) onLine(line, child);
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, ended };
}
