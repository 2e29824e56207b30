/**
 * Fairness between targets: at most `perHost` attempts to one host run at once in this worker,
 * and at most `queuePerHost` more wait (briefly) for a turn. An attempt that finds the host
 * full is turned back at once, without sending or recording anything, and its workflow waits on
 * a timer instead of an activity slot. So a host that hangs holds at most
 * `perHost + queuePerHost` of the worker's activity slots, and every other target keeps the rest.
 */
export const ACTIVITY_SLOTS = 100;
export const ATTEMPTS_PER_HOST = 10;
export const WAITING_PER_HOST = 10;
/** How long an attempt waits for its host before it is turned back. */
export const HOST_WAIT_MS = 2_000;

export type Release = () => void;

interface HostState {
  active: number;
  waiting: Array<(release: Release) => void>;
}

export class HostGate {
  private readonly hosts = new Map<string, HostState>();

  constructor(
    private readonly perHost = ATTEMPTS_PER_HOST,
    private readonly queuePerHost = WAITING_PER_HOST,
  ) {}

  /** A release function once the host has room, or null when it stays full for `waitMs`. */
  acquire(host: string, waitMs = HOST_WAIT_MS): Promise<Release | null> {
    let state = this.hosts.get(host);
    if (!state) {
      state = { active: 0, waiting: [] };
      this.hosts.set(host, state);
    }
    if (state.active < this.perHost) {
      state.active += 1;
      return Promise.resolve(this.releaser(host, state));
    }
    if (state.waiting.length >= this.queuePerHost || waitMs <= 0) return Promise.resolve(null);
    const queue = state.waiting;
    return new Promise((resolve) => {
      const turn = (release: Release) => {
        clearTimeout(timer);
        resolve(release);
      };
      const timer = setTimeout(() => {
        queue.splice(queue.indexOf(turn), 1);
        resolve(null);
      }, waitMs);
      queue.push(turn);
    });
  }

  /** Attempts running for a host (for tests and diagnostics). */
  inFlight(host: string): number {
    return this.hosts.get(host)?.active ?? 0;
  }

  private releaser(host: string, state: HostState): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = state.waiting.shift();
      // The slot passes straight to the next waiter: `active` stays as it is.
      if (next) return next(this.releaser(host, state));
      state.active -= 1;
      if (state.active === 0) this.hosts.delete(host);
    };
  }
}
