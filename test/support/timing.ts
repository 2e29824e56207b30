/** How often a probe is asked by default: cross-process tests time changes that land within a second. */
const POLL_EVERY_MS = 20;
const WAIT_AT_MOST_MS = 60_000;

/**
 * What every API process promises about a change made through another (a webhook, a revoked token,
 * a disabled user, a failed sign-in): it is honoured within a second. The processes poll change
 * counters every 250 ms and flush shared counts as often.
 */
export const ACROSS_PROCESSES_MS = 1_000;

export interface PollOptions {
  /** How long to keep asking; the probe is asked once more at the deadline. */
  timeoutMs?: number;
  /** Pause between two probes; a probe that costs the server something may ask less often. */
  everyMs?: number;
  /** A reason to stop at once instead of at the deadline (the process that would do the work exited, say). */
  giveUp?: () => string | undefined;
}

type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `probe` until it gives a truthy value and returns that value: for background work that is
 * done in its own time. A falsy answer or a thrown error means "not yet"; after the timeout it
 * fails naming `what` and the last error the probe threw.
 */
export async function eventually<T>(probe: () => T | Promise<T>, what: string, options: PollOptions = {}): Promise<Truthy<T>> {
  const { timeoutMs = WAIT_AT_MOST_MS, everyMs = POLL_EVERY_MS, giveUp } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as Truthy<T>;
    } catch (error) {
      lastError = error;
    }
    const reason = giveUp?.();
    if (reason !== undefined || Date.now() > deadline) {
      const last = lastError === undefined ? '' : `; last error: ${lastError instanceof Error ? lastError.message : String(lastError)}`;
      const stopped = reason === undefined ? `timed out after ${timeoutMs} ms` : `gave up (${reason})`;
      throw new Error(`${stopped} waiting for ${what}${last}`, { cause: lastError });
    }
    await sleep(everyMs);
  }
}

/**
 * Whether `check` came to hold within `timeoutMs`: for a fault scenario or a benchmark that records
 * the outcome instead of failing on it. It polls less often by default, to stay out of what it measures.
 */
export function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 250): Promise<boolean> {
  return eventually(check, 'a condition', { timeoutMs, everyMs }).then(
    () => true,
    () => false,
  );
}
