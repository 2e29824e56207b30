import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { PortalSession, User } from '@herald/persistence';
import { WriteBehind } from '../../common/write-behind';
import { SESSION_TTL_MS } from './portal-session';

/** A session the database still holds for an admin who may use the portal. */
export interface ActiveSession {
  username: string;
  /** The cookie's secret: the session's CSRF token is derived from it. */
  secret: string;
}

/** How often remembered activity is written. */
export const SESSION_ACTIVITY_FLUSH_MS = 1_000;
/** 32 random bytes as base64url: anything else is no cookie of ours and costs no query. */
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const ADDRESS_LIMIT = 64;

interface Activity {
  /** The latest request this process served for the session. */
  seen: number;
  /** The latest `lastSeenAt` stored or queued for writing. */
  written: number;
}

/**
 * Portal sessions, one row each, keyed by the SHA-256 of the cookie's secret (a copy of the table
 * signs nobody in). Every request reads its row, so a row deleted by any process (sign-out, a
 * password change, a disabled user) is refused at the next request. Activity is written coarsely:
 * `lastSeenAt` moves only once it lags by a tenth of the idle timeout (a minute at most), so another
 * process may judge a session idle that much early, never late.
 */
@Injectable()
export class PortalSessions extends WriteBehind {
  private readonly idleMs: number;
  private readonly granularityMs: number;
  /** Expired and idle rows are deleted this often, by one statement. */
  private readonly sweepEveryMs: number;
  private readonly activity = new Map<string, Activity>();
  private pending = new Map<string, Date>();
  private lastSweep = Date.now();

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(HERALD_CONFIG) config: HeraldConfig,
  ) {
    super(new Logger('PortalSessions'), SESSION_ACTIVITY_FLUSH_MS, "portal sessions' last-seen times");
    this.idleMs = config.portal.sessionIdleMs;
    this.granularityMs = Math.min(60_000, this.idleMs / 10);
    this.sweepEveryMs = Math.min(60_000, this.idleMs);
  }

  /** Signs `username` in: the answer's secret goes into the cookie and nowhere else. */
  async start(username: string, address: string | null, now = new Date()): Promise<{ secret: string; expiresAt: Date }> {
    const secret = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    const em = this.orm.em.fork();
    const user = await em.findOneOrFail(User, { username }, { fields: ['id'] });
    await em.insert(PortalSession, { id: sessionId(secret), user: user.id, createdAt: now, lastSeenAt: now, expiresAt, address: address?.slice(0, ADDRESS_LIMIT) ?? null });
    return { secret, expiresAt };
  }

  /** The session of a cookie, counted as activity; null when ended, expired, idle, or its user may no longer use the portal. */
  async read(secret: string | undefined, now = Date.now()): Promise<ActiveSession | null> {
    if (!secret || !SECRET_PATTERN.test(secret)) return null;
    const id = sessionId(secret);
    const row = await this.orm.em
      .fork()
      .findOne(PortalSession, { id, expiresAt: { $gt: new Date(now) }, user: { role: 'admin', disabled: false } }, { populate: ['user'], fields: ['lastSeenAt', 'user.username'] });
    if (!row) {
      this.activity.delete(id);
      return null;
    }
    const stored = row.lastSeenAt.getTime();
    const known = this.activity.get(id);
    if (now - Math.max(stored, known?.seen ?? stored) >= this.idleMs) return null;
    this.noteActivity(id, Math.max(stored, known?.written ?? stored), now);
    return { username: row.user.username, secret };
  }

  /** Signs out: the row goes, so the same cookie is refused by every process. */
  async end(secret: string | undefined): Promise<void> {
    if (!secret || !SECRET_PATTERN.test(secret)) return;
    const id = sessionId(secret);
    this.activity.delete(id);
    this.pending.delete(id);
    await this.orm.em.fork().nativeDelete(PortalSession, { id });
  }

  async flush(now = Date.now()): Promise<void> {
    for (const [id, { seen }] of this.activity) if (now - seen >= this.idleMs) this.activity.delete(id);
    const taken = this.pending;
    this.pending = new Map();
    if (taken.size > 0) {
      const ok = await this.written(async () => {
        const em = this.orm.em.fork();
        // Never moves lastSeenAt back: another process may have written a later request.
        for (const [id, at] of taken) await em.nativeUpdate(PortalSession, { id, lastSeenAt: { $lt: at } }, { lastSeenAt: at });
      });
      if (!ok) for (const [id, at] of taken) if (!this.pending.has(id)) this.pending.set(id, at);
    }
    if (now - this.lastSweep >= this.sweepEveryMs) await this.sweep(now);
  }

  private noteActivity(id: string, written: number, now: number): void {
    if (now - written < this.granularityMs) {
      this.activity.set(id, { seen: now, written });
      return;
    }
    this.activity.set(id, { seen: now, written: now });
    this.pending.set(id, new Date(now));
  }

  /** Leaves a margin for activity other processes have not written yet. */
  private async sweep(now: number): Promise<void> {
    this.lastSweep = now;
    const idleBefore = new Date(now - this.idleMs - this.granularityMs - SESSION_ACTIVITY_FLUSH_MS);
    await this.written(async () => {
      await this.orm.em.fork().nativeDelete(PortalSession, { $or: [{ expiresAt: { $lte: new Date(now) } }, { lastSeenAt: { $lt: idleBefore } }] });
    });
  }
}

function sessionId(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
