import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { ApiToken } from '@herald/persistence';
import { WriteBehind } from '../common/write-behind';

/** How often the uses of tokens are written: a request costs no write of its own. */
export const TOKEN_USE_FLUSH_MS = 2_000;
/** `lastUsedAt` is coarse: a token's use is written again only once the stored one is this old. */
export const TOKEN_USE_GRANULARITY_MS = 60_000;
/** Beyond this many tokens remembered, forget them all: each is then written once more. */
const REMEMBERED_LIMIT = 10_000;

/** Which token uses are worth writing: the first, then one a minute per token. */
export class TokenUses {
  private readonly written = new Map<string, number>();
  private pending = new Map<string, Date>();

  /** What the database holds, as read when the token was verified. */
  stored(id: string, lastUsedAt: Date | null): void {
    if (lastUsedAt && (this.written.get(id) ?? -Infinity) < lastUsedAt.getTime()) this.remember(id, lastUsedAt.getTime());
  }

  used(id: string, at: Date): void {
    const last = this.written.get(id);
    if (last !== undefined && at.getTime() - last < TOKEN_USE_GRANULARITY_MS) return;
    this.pending.set(id, at);
    this.remember(id, at.getTime());
  }

  /** The uses to write now; none of them is handed out twice unless put back. */
  take(): Map<string, Date> {
    const taken = this.pending;
    this.pending = new Map();
    return taken;
  }

  /** Uses a failed write could not store wait for the next one (newer uses win). */
  putBack(taken: Map<string, Date>): void {
    for (const [id, at] of taken) if (!this.pending.has(id)) this.pending.set(id, at);
  }

  private remember(id: string, at: number): void {
    if (this.written.size >= REMEMBERED_LIMIT && !this.written.has(id)) this.written.clear();
    this.written.set(id, at);
  }
}

/** Writes tokens' `lastUsedAt` every TOKEN_USE_FLUSH_MS (and at shutdown). */
@Injectable()
export class TokenUseRecorder extends WriteBehind {
  private readonly uses = new TokenUses();

  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {
    super(new Logger('TokenUseRecorder'), TOKEN_USE_FLUSH_MS, 'token uses');
  }

  stored(id: string, lastUsedAt: Date | null): void {
    this.uses.stored(id, lastUsedAt);
  }

  used(id: string, at: Date): void {
    this.uses.used(id, at);
  }

  async flush(): Promise<void> {
    const taken = this.uses.take();
    if (taken.size === 0) return;
    const ok = await this.written(async () => {
      const em = this.orm.em.fork();
      for (const [id, at] of taken) await em.nativeUpdate(ApiToken, { id }, { lastUsedAt: at });
    });
    if (!ok) this.uses.putBack(taken);
  }
}
