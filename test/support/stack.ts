import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MikroORM } from '@mikro-orm/core';
import { Client } from '@temporalio/client';
import { loadConfig, type HeraldConfig } from '@herald/config';
import { migrate, openDatabase } from '@herald/persistence';
import { connectTemporal } from '@herald/temporal';
import { createApiApp } from '../../apps/api/src/app';
import { SubscriptionIndex } from '../../apps/api/src/subscriptions/subscription-index';
import { WorkerMetricsServer } from '../../apps/worker/src/metrics/worker-metrics-server';
import { installTemporalRuntime } from '../../apps/worker/src/temporal-runtime';
import { TemporalWorkerService } from '../../apps/worker/src/temporal-worker.service';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { basicAuth } from './credentials';
import { postgresDatabase, sqliteDatabase, type TestDatabase } from './databases';
import { createTestBucket, type TestBucket } from './s3';

export const ADMIN = { username: 'admin', password: 'admin-password-1' };

export interface StackOptions {
  dialect?: 'sqlite' | 'postgresql';
  /** Extra environment, as a user would set it. */
  env?: Record<string, string>;
  /** Start the worker too (default true). */
  worker?: boolean;
  /** Where file bytes live: `file:` under DATA_DIR (default), or a fresh bucket on the run's MinIO. */
  storage?: 'file' | 's3';
}

/**
 * The whole of Herald in the test process: the API on a loopback port and the worker on its own
 * task queue, against the jest run's Temporal dev server and a fresh SQLite or PostgreSQL database.
 */
export class TestStack {
  private worker: { context: INestApplicationContext; service: TemporalWorkerService; running: Promise<void> } | null = null;
  private temporal: Client | null = null;

  private constructor(
    readonly config: HeraldConfig,
    readonly api: INestApplication,
    readonly baseUrl: string,
    private readonly database: TestDatabase,
    /** The stack's own bucket when its files live in S3. */
    readonly bucket: TestBucket | null,
  ) {}

  static async start(options: StackOptions = {}): Promise<TestStack> {
    const address = process.env.HERALD_TEST_TEMPORAL_ADDRESS;
    if (!address) throw new Error('no Temporal dev server: run through `npm test` (jest global setup)');
    const dataDir = mkdtempSync(join(tmpdir(), 'herald-stack-'));
    const database = options.dialect === 'postgresql' ? await postgresDatabase() : sqliteDatabase();
    const bucket = options.storage === 's3' ? await createTestBucket() : null;
    const config = loadConfig({
      DATA_DIR: dataDir,
      PORT: '0',
      TEMPORAL_ADDRESS: address,
      HERALD_TASK_QUEUE: `herald-test-${randomBytes(4).toString('hex')}`,
      HERALD_ADMIN_USER: ADMIN.username,
      HERALD_ADMIN_PASSWORD: ADMIN.password,
      HERALD_ALLOW_PRIVATE_TARGETS: 'true',
      HERALD_RETRY_SCHEDULE: '1s,1s,1s',
      HERALD_ATTEMPT_TIMEOUT: '5s',
      LOG_LEVEL: 'warn',
      HERALD_WORKER_METRICS_PORT: '0',
      ...(database.url ? { DATABASE_URL: database.url } : {}),
      ...(bucket ? { HERALD_STORAGE: bucket.storageUrl } : {}),
      ...options.env,
    });
    const orm = await openDatabase(config.database);
    await migrate(orm);
    await orm.close();

    const api = await createApiApp(config);
    await api.listen(0, '127.0.0.1');
    const port = (api.getHttpServer().address() as { port: number }).port;
    const stack = new TestStack({ ...config, port, publicUrl: `http://127.0.0.1:${port}` }, api, `http://127.0.0.1:${port}`, database, bucket);
    if (options.worker !== false) await stack.startWorker();
    return stack;
  }

  get orm(): MikroORM {
    return this.api.get(MikroORM);
  }

  get adminAuth(): string {
    return basicAuth(ADMIN.username, ADMIN.password);
  }

  async startWorker(): Promise<void> {
    if (this.worker) return;
    await temporalRuntimeOnce();
    const bundle = process.env.HERALD_TEST_WORKFLOW_BUNDLE;
    const context = await NestFactory.createApplicationContext(
      WorkerModule.forRoot({ config: this.config, workflows: bundle ? { workflowBundle: { codePath: bundle } } : { workflowsPath: require.resolve('../../workflows') } }),
      { logger: ['error', 'warn'] },
    );
    const service = context.get(TemporalWorkerService);
    this.worker = { context, service, running: service.run() };
  }

  /** The worker's Prometheus endpoint (`/metrics` on its own port), while the worker runs. */
  get workerMetricsUrl(): string | null {
    return this.worker?.context.get(WorkerMetricsServer).url ?? null;
  }

  async stopWorker(): Promise<void> {
    if (!this.worker) return;
    const { context, service, running } = this.worker;
    this.worker = null;
    service.shutdown();
    await running;
    await context.close();
  }

  /**
   * After a test wrote webhooks straight into the database: the API honours them from now on,
   * instead of within its change poll (250 ms), as it does for webhooks made through its API.
   */
  async webhooksChanged(): Promise<void> {
    await this.api.get(SubscriptionIndex).changed();
  }

  /** A Temporal client on the test server and this stack's namespace. */
  async temporalClient(): Promise<Client> {
    this.temporal ??= new Client({ connection: await connectTemporal({ address: this.config.temporal.address }), namespace: this.config.temporal.namespace });
    return this.temporal;
  }

  /** fetch against the API; `auth` defaults to the admin, `null` sends no credentials. */
  request(method: string, path: string, options: { auth?: string | null; body?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    const auth = options.auth === undefined ? this.adminAuth : options.auth;
    if (auth) headers.authorization = auth;
    let body: RequestInit['body'];
    if (typeof options.body === 'string' || options.body instanceof Uint8Array) body = options.body as RequestInit['body'];
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    return fetch(`${this.baseUrl}${path}`, { method, headers, body });
  }

  async stop(): Promise<void> {
    await this.stopWorker();
    await this.temporal?.connection.close();
    await this.api.close();
    await this.database.drop();
    await this.bucket?.drop();
  }
}

/** The worker's runtime, as production installs it (SDK logs at WARN, its metrics exporter); once per process. */
function temporalRuntimeOnce(): Promise<void> {
  const flag = globalThis as { __heraldRuntime?: Promise<void> };
  // An install refused means a runtime is already there (an earlier test file's): it serves.
  flag.__heraldRuntime ??= installTemporalRuntime({ sdkMetrics: true }).catch(() => undefined);
  return flag.__heraldRuntime;
}
