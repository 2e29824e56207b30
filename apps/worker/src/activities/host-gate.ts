import { urlHost, type OpenedTarget } from '@herald/persistence';

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
/** Bounds of the wait suggested to a turned-back attempt. */
export const RETRY_MIN_MS = 1_000;
export const RETRY_MAX_MS = 30_000;

export type Release = () => void;

/** The host an attempt occupies: the URL's host of a JSON or Slack target, the one SMTP server for all mail. */
export function gateKey(target: OpenedTarget): string {
  return target.type === 'email' ? 'smtp' : urlHost(target.url);
}

interface HostState {
  /** Start times of the attempts running, by slot. */
  running: Set<{ startedAt: number }>;
  waiting: Array<(release: Release) => void>;
  /** Smoothed duration of this host's recent attempts; null before the first ends. */
  typicalMs: number | null;
}

export class HostGate {
  private readonly hosts = new Map<string, HostState>();

  constructor(
    private readonly perHost = ATTEMPTS_PER_HOST,
    private readonly queuePerHost = WAITING_PER_HOST,
    private readonly clock: () => number = Date.now,
  ) {}

  /** A release function once the host has room, or null when it stays full for `waitMs`. */
  acquire(host: string, waitMs = HOST_WAIT_MS): Promise<Release | null> {
    const state = this.stateOf(host);
    if (state.running.size < this.perHost) return Promise.resolve(this.occupy(host, state));
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

  /**
   * How long a turned-back attempt should wait before trying the host again: about as long as its
   * attempts take (at least as long as the oldest running one has taken so far), so a host that
   * hangs is asked seldom and a merely busy one soon.
   */
  retryAfterMs(host: string): number {
    const state = this.hosts.get(host);
    if (!state) return RETRY_MIN_MS;
    const now = this.clock();
    const oldest = Math.max(0, ...[...state.running].map((slot) => now - slot.startedAt));
    return Math.min(RETRY_MAX_MS, Math.max(RETRY_MIN_MS, state.typicalMs ?? 0, oldest));
  }

  /** Attempts running for a host (for tests and diagnostics). */
  inFlight(host: string): number {
    return this.hosts.get(host)?.running.size ?? 0;
  }

  private stateOf(host: string): HostState {
    let state = this.hosts.get(host);
    if (!state) {
      state = { running: new Set(), waiting: [], typicalMs: null };
      this.hosts.set(host, state);
    }
    return state;
  }

  private occupy(host: string, state: HostState): Release {
    const slot = { startedAt: this.clock() };
    state.running.add(slot);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const tookMs = this.clock() - slot.startedAt;
      state.typicalMs = state.typicalMs === null ? tookMs : 0.8 * state.typicalMs + 0.2 * tookMs;
      state.running.delete(slot);
      const next = state.waiting.shift();
      if (next) next(this.occupy(host, state));
      else if (state.running.size === 0) this.hosts.delete(host);
    };
  }
}
