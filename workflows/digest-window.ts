import type { DigestData, DigestEventSignal, FileEventType } from '../libs/contracts/src';

/**
 * The state of a digest workflow: the open window's aggregates and the event ids seen lately.
 * Plain JSON, so it crosses continue-as-new as the next run's input. Pure and deterministic:
 * the workflow passes its own clock in.
 */
export interface DigestWindow {
  startMs: number;
  endMs: number;
  counts: Partial<Record<FileEventType, number>>;
  /** Per path, in the order the paths first appeared. */
  paths: Record<string, Partial<Record<FileEventType, number>>>;
  actors: string[];
  firstEventAt: string;
  lastEventAt: string;
}

export interface DigestState {
  window: DigestWindow | null;
  /** Event id → when it arrived (ms): a signal sent twice (a retried resolve) is counted once. */
  seen: Record<string, number>;
}

/** How long an event id is remembered: a resolve retried after a worker outage repeats its signal late. */
export const SEEN_FOR_MS = 3_600_000;
/** At most this many ids are remembered, the newest, so the state stays small on a busy day. */
export const SEEN_LIMIT = 20_000;
/**
 * At most this many paths are listed per window, so a digest stays one reasonable payload;
 * events on further paths still count in `counts`.
 */
export const PATHS_LIMIT = 2_000;

export function emptyDigestState(): DigestState {
  return { window: null, seen: {} };
}

/** Adds one event to the open window, opening one when none is; false for an event already seen. */
export function addEvent(state: DigestState, event: DigestEventSignal, nowMs: number): boolean {
  if (state.seen[event.eventId] !== undefined) return false;
  state.seen[event.eventId] = nowMs;
  const window = (state.window ??= {
    startMs: nowMs,
    endMs: nowMs + Math.max(1, event.windowSeconds) * 1000,
    counts: {},
    paths: {},
    actors: [],
    firstEventAt: event.occurredAt,
    lastEventAt: event.occurredAt,
  });
  window.counts[event.type] = (window.counts[event.type] ?? 0) + 1;
  const path = window.paths[event.path] ?? (Object.keys(window.paths).length < PATHS_LIMIT ? (window.paths[event.path] = {}) : null);
  if (path) path[event.type] = (path[event.type] ?? 0) + 1;
  if (event.actor !== null && !window.actors.includes(event.actor)) window.actors.push(event.actor);
  // ISO times of one format compare as text.
  if (event.occurredAt < window.firstEventAt) window.firstEventAt = event.occurredAt;
  if (event.occurredAt > window.lastEventAt) window.lastEventAt = event.occurredAt;
  return true;
}

/** Closes the open window into the digest's data (without its id, which the activity gives). */
export function closeWindow(state: DigestState, repository: string, nowMs: number): Omit<DigestData, 'id'> | null {
  const window = state.window;
  if (!window) return null;
  state.window = null;
  return {
    repository,
    windowStart: new Date(window.startMs).toISOString(),
    windowEnd: new Date(nowMs).toISOString(),
    counts: window.counts,
    paths: Object.keys(window.paths)
      .sort()
      .map((path) => ({ path, counts: window.paths[path] })),
    actors: [...window.actors].sort(),
    firstEventAt: window.firstEventAt,
    lastEventAt: window.lastEventAt,
  };
}

/** Forgets ids older than SEEN_FOR_MS, and the oldest beyond SEEN_LIMIT. */
export function forgetOld(state: DigestState, nowMs: number): void {
  const ids = Object.keys(state.seen);
  const excess = ids.length - SEEN_LIMIT;
  ids.forEach((id, index) => {
    if (index < excess || nowMs - state.seen[id] > SEEN_FOR_MS) delete state.seen[id];
  });
}
