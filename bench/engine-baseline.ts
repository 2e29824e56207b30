import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { baselineActivities } from './baseline/activities';
import { waitUntil } from '../test/support/timing';
import { closedLoop } from './support/http-client';
import { onCleanup } from './support/cleanup';
import { cpuMsPer, type CpuSeconds } from './support/herald-stack';

export interface BaselineResult {
  workflows: number;
  completed: number;
  perSec: number;
  durationMs: number;
  /** CPU time per workflow of the Temporal server and of the bench process (starter + worker). */
  cpuMsPerWorkflow: { temporal: number; bench: number };
}

const silent = { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} };

/**
 * The engine's ceiling on this machine, measured on the same Temporal server as Herald: start N
 * minimal workflows (one no-op activity each) from C concurrent starters, and time until the
 * last one closed, by the server's own close times.
 */
export class EngineBaseline {
  private constructor(
    private readonly code: string,
    private readonly connection: NativeConnection,
    private readonly client: Client,
  ) {}

  static async start(address: string): Promise<EngineBaseline> {
    // The bench owns Ctrl-C (see cleanup.ts); Temporal's own signal handling stays off.
    Runtime.install({ shutdownSignals: [], logger: new DefaultLogger('WARN') });
    const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('./baseline/workflows'), logger: silent });
    const connection = await NativeConnection.connect({ address });
    const clientConnection = await Connection.connect({ address });
    onCleanup(async () => {
      await clientConnection.close();
      await connection.close();
    });
    return new EngineBaseline(code, connection, new Client({ connection: clientConnection }));
  }

  /** A fresh worker on a fresh task queue per measurement, so the visibility query counts only it. */
  async measure(workflows: number, clients: number, timeoutMs: number, cpu: () => CpuSeconds): Promise<BaselineResult> {
    const taskQueue = `bench-baseline-${randomBytes(4).toString('hex')}`;
    const worker = await Worker.create({ connection: this.connection, taskQueue, workflowBundle: { code: this.code }, activities: baselineActivities });
    const running = worker.run();
    const stop = async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => undefined);
    };
    onCleanup(stop);
    try {
      const cpuBefore = cpu();
      const startedAt = Date.now();
      await closedLoop(clients, workflows, async (index) => {
        await this.client.workflow.start('baselineWorkflow', { taskQueue, workflowId: `${taskQueue}-${index}`, args: [] });
      });
      const query = `TaskQueue = "${taskQueue}" AND ExecutionStatus = "Completed"`;
      let completed = 0;
      await waitUntil(async () => (completed = (await this.client.workflow.count(query)).count) >= workflows, timeoutMs, 200);
      const cpuUsed = cpuMsPer(cpuBefore, cpu(), workflows);
      let lastClose = startedAt;
      for await (const execution of this.client.workflow.list({ query })) {
        if (execution.closeTime) lastClose = Math.max(lastClose, execution.closeTime.getTime());
      }
      const durationMs = lastClose - startedAt;
      return { workflows, completed, perSec: durationMs > 0 ? (completed * 1000) / durationMs : NaN, durationMs, cpuMsPerWorkflow: { temporal: cpuUsed.temporal, bench: cpuUsed.bench } };
    } finally {
      await stop();
    }
  }
}
