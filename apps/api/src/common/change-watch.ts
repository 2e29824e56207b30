import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { readChangeVersions, type ChangeName } from '@herald/persistence';

/** How often each API process asks whether any process changed webhooks or repositories: well within a second. */
export const CHANGE_POLL_MS = 250;

/**
 * Tells what an API process keeps in memory (its subscription index, its repositories) that
 * another process changed it: polls the `change_version` counters every CHANGE_POLL_MS and runs
 * the listeners of each counter that moved. The first poll, at boot, runs every listener. A
 * listener that fails is run again at the next poll.
 */
@Injectable()
export class ChangeWatch implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ChangeWatch');
  private readonly seen = new Map<ChangeName, string>();
  private readonly listeners = new Map<ChangeName, Array<() => Promise<void>>>();
  private timer: NodeJS.Timeout | null = null;
  private polling = false;
  private failing = false;

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
  ) {}

  /** Registers a listener; call it from a constructor, before the first poll. */
  on(name: ChangeName, listener: () => Promise<void>): void {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.poll();
    this.timer = setInterval(() => void this.poll(), CHANGE_POLL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      for (const [name, version] of await readChangeVersions(this.orm, this.config.database)) {
        if (this.seen.get(name) === version) continue;
        await Promise.all((this.listeners.get(name) ?? []).map((listener) => listener()));
        this.seen.set(name, version);
      }
      if (this.failing) this.logger.log('changes are followed again');
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.warn(`could not follow changes of other processes (what this one keeps stays as it was): ${error instanceof Error ? error.message : String(error)}`);
      this.failing = true;
    } finally {
      this.polling = false;
    }
  }
}
