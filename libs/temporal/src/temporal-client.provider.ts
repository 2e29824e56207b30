import { Client } from '@temporalio/client';
import type { HeraldConfig } from '@herald/config';
import { connectTemporal } from './temporal-connection';

/**
 * The API's way to Temporal: connects lazily and again after a failure, so the API boots and
 * serves files while Temporal is down; callers get an error they can retry later.
 */
export class TemporalClientProvider {
  private connecting: Promise<Client> | null = null;
  private nextTryAt = 0;
  private backoffMs = 500;

  constructor(private readonly config: HeraldConfig['temporal']) {}

  async client(): Promise<Client> {
    if (!this.connecting) {
      const wait = this.nextTryAt - Date.now();
      if (wait > 0) throw new Error(`Temporal at ${this.config.address} is unreachable; next try in ${wait} ms`);
      this.connecting = connectTemporal({ address: this.config.address, connectTimeout: '3s' }).then(
        (connection) => {
          this.backoffMs = 500;
          return new Client({ connection, namespace: this.config.namespace });
        },
        (error: unknown) => {
          this.connecting = null;
          this.nextTryAt = Date.now() + this.backoffMs;
          this.backoffMs = Math.min(this.backoffMs * 2, 30_000);
          throw error;
        },
      );
    }
    return this.connecting;
  }

  /** True when the frontend answers within `timeoutMs`, connecting included (a probe must not hang). */
  async isReachable(timeoutMs = 2_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const probe = (async () => {
      const client = await this.client();
      await client.connection.withDeadline(deadline, () => client.connection.workflowService.getSystemInfo({}));
      return true;
    })();
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([probe, timedOut]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
      // A connection attempt that outlives the probe goes on in the background; its failure is not news.
      probe.catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    const pending = this.connecting;
    this.connecting = null;
    if (pending) await pending.then((client) => client.connection.close()).catch(() => undefined);
  }
}
