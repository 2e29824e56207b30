import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/core';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { addAuthFailures, deleteAuthFailures, readFullAuthFailureWindows, type AuthFailureWindow, type UnwrittenAuthFailures } from '@herald/persistence';
import { AuditLog } from '../audit/audit-log.service';
import { WriteBehind } from '../common/write-behind';
import { TooManyFailedSignInsError } from './auth-errors';

/** A window opens at a key's first failure and lasts this long; then the key starts afresh. */
export const FAILURE_WINDOW_MS = 15 * 60_000;
/** Failures of one (address, username) pair, and of one address, a window allows. */
export const PAIR_FAILURE_LIMIT = 10;
export const ADDRESS_FAILURE_LIMIT = 50;
/** How often a process adds its failures to the shared windows and reads the full ones back. */
export const AUTH_FAILURE_FLUSH_MS = 250;
/** Keys a process keeps in memory, each map: a flood of distinct usernames or addresses grows nothing beyond. */
const KEY_LIMIT = 10_000;
/** How often expired windows are deleted from the table. */
const CLEANUP_EVERY_MS = 60_000;
/** What the table keeps of an address or a username. */
const STORED_LENGTH = 64;

/** A counter an attempt adds to: its address's, or its (address, username) pair's. */
export interface FailureKey {
  /** SHA-256 (hex) of scope, address and username: the table's key, of any username a short one. */
  key: string;
  address: string;
  username: string | null;
  limit: number;
}

export function addressKey(address: string): FailureKey {
  return { key: digest('address', address, ''), address, username: null, limit: ADDRESS_FAILURE_LIMIT };
}

export function pairKey(address: string, username: string): FailureKey {
  return { key: digest('pair', address, username), address, username, limit: PAIR_FAILURE_LIMIT };
}

/** The keys of an attempt: the address, and the pair when a username was presented (Bearer has none). */
export function failureKeys(address: string, username: string | null): FailureKey[] {
  return username === null ? [addressKey(address)] : [addressKey(address), pairKey(address, username)];
}

function digest(scope: string, address: string, username: string): string {
  return createHash('sha256').update(`${scope}\u0000${address}\u0000${username}`).digest('hex');
}

interface Window {
  failures: number;
  startedAt: number;
}

/** What a flush writes: failures to add, and pairs that signed in since (their windows are deleted). */
export interface TakenFailures {
  unwritten: UnwrittenAuthFailures[];
  cleared: string[];
}

/**
 * One process's view of the failure windows: each key's shared count as last read from the
 * table, plus the failures this process counted since. Pure arithmetic on an injected clock.
 */
export class FailureWindows {
  private readonly known = new Map<string, Window>();
  /** Password checks this process is running, per key: each may be a failure a moment from now. */
  private readonly checking = new Map<string, number>();
  private unwritten = new Map<string, UnwrittenAuthFailures>();
  private cleared = new Set<string>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** No key has a failure or a check running: nothing can be refused (the common case, answered without hashing a key). */
  get empty(): boolean {
    return this.known.size === 0 && this.checking.size === 0;
  }

  /**
   * Seconds until the fullest window of these keys frees; 0 when none is full. A window that only
   * the checks still running would fill is refused for a second: by then they have failed (the
   * window is full for its 15 minutes) or not (there is room again).
   */
  retryAfterSeconds(keys: readonly FailureKey[]): number {
    let seconds = 0;
    for (const { key, limit } of keys) {
      const window = this.current(key);
      const failures = window?.failures ?? 0;
      if (window && failures >= limit) seconds = Math.max(seconds, Math.ceil((window.startedAt + FAILURE_WINDOW_MS - this.clock()) / 1_000));
      else if (failures + (this.checking.get(key) ?? 0) >= limit) seconds = Math.max(seconds, 1);
    }
    return seconds;
  }

  /** A password check starts: until it ends it counts against its windows as a failure would. */
  checkStarted(keys: readonly FailureKey[]): void {
    for (const { key } of keys) this.checking.set(key, (this.checking.get(key) ?? 0) + 1);
  }

  checkEnded(keys: readonly FailureKey[]): void {
    for (const { key } of keys) {
      const running = (this.checking.get(key) ?? 0) - 1;
      if (running > 0) this.checking.set(key, running);
      else this.checking.delete(key);
    }
  }

  failed(keys: readonly FailureKey[]): void {
    const now = this.clock();
    for (const { key, address, username } of keys) {
      const window = this.current(key);
      if (window) window.failures += 1;
      else this.remember(key, { failures: 1, startedAt: now });
      const unwritten = this.unwritten.get(key);
      // Unwritten failures of a window that has since expired (the table was out of reach) are not carried into the next.
      if (unwritten && unwritten.firstAt.getTime() + FAILURE_WINDOW_MS > now) unwritten.failures += 1;
      else if (unwritten || this.unwritten.size < KEY_LIMIT) {
        this.unwritten.set(key, { key, address: address.slice(0, STORED_LENGTH), username: username?.slice(0, STORED_LENGTH) ?? null, failures: 1, firstAt: new Date(now) });
      }
    }
  }

  /** A pair that signed in starts from nothing, here and, at the next flush, in the table. */
  succeeded(key: FailureKey): void {
    const known = this.known.delete(key.key);
    const unwritten = this.unwritten.delete(key.key);
    if ((known || unwritten) && this.cleared.size < KEY_LIMIT) this.cleared.add(key.key);
  }

  /** What to write now; none of it is handed out twice unless put back. */
  take(): TakenFailures {
    const taken = { unwritten: [...this.unwritten.values()], cleared: [...this.cleared] };
    this.unwritten = new Map();
    this.cleared = new Set();
    return taken;
  }

  /** A write that failed: its failures wait for the next, beside those counted meanwhile. */
  putBack(taken: TakenFailures): void {
    for (const failures of taken.unwritten) {
      const newer = this.unwritten.get(failures.key);
      if (newer) this.unwritten.set(failures.key, { ...failures, failures: failures.failures + newer.failures });
      else if (this.unwritten.size < KEY_LIMIT) this.unwritten.set(failures.key, failures);
    }
    for (const key of taken.cleared) if (this.cleared.size < KEY_LIMIT) this.cleared.add(key);
  }

  /** Windows as the table holds them after a flush; failures counted during the flush are added on top. */
  stored(windows: readonly AuthFailureWindow[]): void {
    const now = this.clock();
    for (const { key, failures, windowStartedAt } of windows) {
      if (windowStartedAt.getTime() + FAILURE_WINDOW_MS <= now || this.cleared.has(key)) continue;
      this.remember(key, { failures: failures + (this.unwritten.get(key)?.failures ?? 0), startedAt: windowStartedAt.getTime() });
    }
    for (const [key, window] of this.known) if (window.startedAt + FAILURE_WINDOW_MS <= now) this.known.delete(key);
  }

  private current(key: string): Window | null {
    const window = this.known.get(key);
    if (!window) return null;
    if (window.startedAt + FAILURE_WINDOW_MS > this.clock()) return window;
    this.known.delete(key);
    return null;
  }

  private remember(key: string, window: Window): void {
    if (this.known.size >= KEY_LIMIT && !this.known.has(key)) this.known.delete(this.known.keys().next().value as string);
    this.known.set(key, window);
  }
}

function refuse(windows: FailureWindows, keys: readonly FailureKey[]): void {
  const seconds = windows.retryAfterSeconds(keys);
  if (seconds > 0) throw new TooManyFailedSignInsError(seconds);
}

/**
 * Slows password guessers down: failed authentications count per address and per (address,
 * username) in windows every API process shares through the `auth_failure` table, and a full
 * window is refused before any hash is computed. Failures are counted in memory and added to the
 * table every AUTH_FAILURE_FLUSH_MS; the full windows of other processes are read back at the
 * same time. Without the database, counting goes on in memory.
 */
@Injectable()
export class AuthThrottle extends WriteBehind {
  private readonly windows = new FailureWindows();
  private running: Promise<void> | null = null;
  private cleanedAt = 0;

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
    private readonly audit: AuditLog,
  ) {
    super(new Logger('AuthThrottle'), AUTH_FAILURE_FLUSH_MS, 'failed sign-in counts');
  }

  /** False while no key has a failure or a check running (the common case): then nothing is refused. */
  get mayRefuse(): boolean {
    return !this.windows.empty;
  }

  /** Seconds until an attempt from this address (with this username) may be made; 0 when it may now. */
  retryAfterSeconds(address: string, username: string | null): number {
    return this.windows.empty ? 0 : this.windows.retryAfterSeconds(failureKeys(address, username));
  }

  refuseIfThrottled(address: string, username: string | null): void {
    if (!this.windows.empty) refuse(this.windows, failureKeys(address, username));
  }

  failed(address: string, username: string | null): void {
    this.windows.failed(failureKeys(address, username));
  }

  succeeded(address: string, username: string | null): void {
    if (username !== null && !this.windows.empty) this.windows.succeeded(pairKey(address, username));
  }

  /**
   * Runs a password check (a slow hash) from this address for this username, refusing it first when
   * the address or the pair failed too often. While it runs it counts against its windows, so
   * guesses sent together cannot all be hashed before the first of them fails: at most a window's
   * limit is hashed. `outcome` says what the check's result means for the throttle.
   */
  async check<T>(address: string, username: string, run: () => Promise<T>, outcome: (result: T) => 'failed' | 'succeeded'): Promise<T> {
    const keys = failureKeys(address, username);
    refuse(this.windows, keys);
    this.windows.checkStarted(keys);
    let result: T;
    try {
      result = await run();
    } finally {
      this.windows.checkEnded(keys);
    }
    if (outcome(result) === 'failed') this.windows.failed(keys);
    else this.succeeded(address, username);
    return result;
  }

  /** One flush at a time: a tick that comes while one runs shares it. */
  flush(): Promise<void> {
    this.running ??= this.write().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async write(): Promise<void> {
    const taken = this.windows.take();
    const now = new Date();
    const expiredAt = now.getTime() - this.cleanedAt >= CLEANUP_EVERY_MS ? new Date(now.getTime() - FAILURE_WINDOW_MS) : null;
    let stored: AuthFailureWindow[] = [];
    const ok = await this.written(async () => {
      const em = this.orm.em.fork();
      if (taken.unwritten.length === 0 && taken.cleared.length === 0 && !expiredAt) stored = await this.readFull(em, now);
      else stored = await em.transactional((tx) => this.writeTaken(tx, taken, now, expiredAt));
    });
    if (!ok) return this.windows.putBack(taken);
    if (expiredAt) this.cleanedAt = now.getTime();
    this.windows.stored(stored);
  }

  private async writeTaken(tx: EntityManager, taken: TakenFailures, now: Date, expiredAt: Date | null): Promise<AuthFailureWindow[]> {
    const { database } = this.config;
    if (taken.cleared.length > 0 || expiredAt) await deleteAuthFailures(tx, database, { keys: taken.cleared, expiredAt });
    const added = await addAuthFailures(tx, database, taken.unwritten, now, FAILURE_WINDOW_MS);
    const addedTo = new Map(taken.unwritten.map((failures) => [failures.key, failures]));
    for (const window of added) {
      const failures = addedTo.get(window.key);
      if (failures) this.auditIfFilled(tx, failures, window, now);
    }
    return [...added, ...(await this.readFull(tx, now))];
  }

  /** The write that filled a window records it, so it is audited once per window whichever process saw the failures. */
  private auditIfFilled(tx: EntityManager, failures: UnwrittenAuthFailures, window: AuthFailureWindow, now: Date): void {
    const limit = failures.username === null ? ADDRESS_FAILURE_LIMIT : PAIR_FAILURE_LIMIT;
    if (window.failures < limit || window.failures - failures.failures >= limit) return;
    const retryAfterSeconds = Math.ceil((window.windowStartedAt.getTime() + FAILURE_WINDOW_MS - now.getTime()) / 1_000);
    this.audit.record(
      tx,
      {
        actor: { username: null, address: failures.address },
        action: 'auth.throttled',
        subjectType: 'address',
        subjectId: failures.address,
        detail: { ...(failures.username === null ? {} : { username: failures.username }), failures: window.failures, retryAfterSeconds },
      },
      now,
    );
  }

  private readFull(em: EntityManager, now: Date): Promise<AuthFailureWindow[]> {
    return readFullAuthFailureWindows(em, this.config.database, new Date(now.getTime() - FAILURE_WINDOW_MS), { address: ADDRESS_FAILURE_LIMIT, pair: PAIR_FAILURE_LIMIT }, KEY_LIMIT);
  }
}
