import type { ChildProcess } from 'node:child_process';

type Step = () => Promise<void> | void;

const steps: Step[] = [];
const children = new Set<ChildProcess>();
let stopping = false;

/** Runs `step` when the bench ends, however it ends; the last registered runs first. */
export function onCleanup(step: Step): void {
  steps.push(step);
}

/** A child that must not outlive the bench, even when the bench dies abruptly. */
export function track(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

export async function cleanup(): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const step of steps.reverse()) {
    try {
      await step();
    } catch (error) {
      console.error(`bench: cleanup step failed: ${(error as Error).message}`);
    }
  }
}

/** Ctrl-C and SIGTERM stop every child and remove the temp folders; a crash still kills children. */
export function installSignalHandlers(): void {
  const interrupt = (signal: NodeJS.Signals) => {
    console.error(`\nbench: ${signal}, stopping...`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  process.on('exit', () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
}

/** Sends SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. */
export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
