import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

/**
 * What a request only notes in memory and a timer writes later (download counts, token uses,
 * session activity, failed sign-ins): flushed every `everyMs` and once more at shutdown. A
 * failing write is logged once when it starts failing and once when it works again, not at
 * every tick; what it could not write is the subclass's to keep for the next flush.
 */
export abstract class WriteBehind implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private failing = false;

  protected constructor(
    private readonly logger: Logger,
    private readonly everyMs: number,
    /** e.g. "download counts": "… wait in memory", "… are written again". */
    private readonly what: string,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.flush(), this.everyMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  abstract flush(): Promise<void>;

  /** Runs one write, reporting a change between failing and working; true when it worked. */
  protected async written(write: () => Promise<void>): Promise<boolean> {
    try {
      await write();
      if (this.failing) this.logger.log(`${this.what} are written again`);
      this.failing = false;
      return true;
    } catch (error) {
      if (!this.failing) this.logger.warn(`${this.what} wait in memory: ${error instanceof Error ? error.message : String(error)}`);
      this.failing = true;
      return false;
    }
  }
}
