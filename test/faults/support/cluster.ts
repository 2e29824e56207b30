import type { BuiltProcess } from '../../support/built-herald';
import { BuiltStack, type ApiChild, type StackOptions } from './built-stack';

export interface ClusterOptions extends Omit<StackOptions, 'dialect'> {
  apis: number;
  workers: number;
}

/**
 * Herald scaled out: several built API and worker processes sharing one PostgreSQL database,
 * one HERALD_STORAGE, one Temporal dev server and one task queue, each API on its own port.
 * The database is migrated once, before any API starts (APIs do not migrate at boot).
 * A crashed process is replaced in its slot: an API on the port its clients still use.
 */
export class Cluster {
  readonly apis: ApiChild[] = [];
  readonly workers: BuiltProcess[] = [];

  private constructor(readonly stack: BuiltStack) {}

  static async start(options: ClusterOptions): Promise<Cluster> {
    const cluster = new Cluster(await BuiltStack.create({ ...options, dialect: 'postgresql' }));
    try {
      for (let n = 0; n < options.apis; n++) cluster.apis.push(await cluster.stack.startApi());
      for (let n = 0; n < options.workers; n++) cluster.workers.push(await cluster.stack.startWorker());
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  port(api: number): number {
    return this.apis[api].port;
  }

  /** SIGKILL of one API and one worker at the same moment. */
  async crash(api: number, worker: number): Promise<void> {
    await Promise.all([this.apis[api].kill(), this.workers[worker].kill()]);
  }

  /** A new API in the crashed slot, on the port its clients still use; resolves once it answers /healthz. */
  async restartApi(api: number): Promise<void> {
    this.apis[api] = await this.stack.startApi({}, this.apis[api].port);
  }

  /** A new worker in the crashed slot; resolves once it polls the task queue. */
  async restartWorker(worker: number, readyWithinMs?: number): Promise<void> {
    this.workers[worker] = await this.stack.startWorker(readyWithinMs);
  }

  stop(): Promise<void> {
    return this.stack.stop();
  }
}
