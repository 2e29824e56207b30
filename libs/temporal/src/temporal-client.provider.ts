import { Client, Connection } from '@temporalio/client';
import type { HeraldConfig } from '@herald/config';

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
      this.connecting = Connection.connect({ address: this.config.address, connectTimeout: '3s' }).then(
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

  /** True when the frontend answers within `timeoutMs`. */
  async isReachable(timeoutMs = 2_000): Promise<boolean> {
    try {
      const client = await this.client();
      await client.connection.withDeadline(Date.now() + timeoutMs, () =>
        client.connection.workflowService.getSystemInfo({}),
      );
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    const pending = this.connecting;
    this.connecting = null;
    if (pending) await pending.then((client) => client.connection.close()).catch(() => undefined);
  }
}
