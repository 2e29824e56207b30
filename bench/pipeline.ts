import { randomBytes } from 'node:crypto';
import type { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { sleep } from '../test/support/timing';
import { cpuMsPer, type CpuSeconds, type HeraldStack } from './support/herald-stack';
import { closedLoop, keepAliveAgent, send } from './support/http-client';
import type { TimestampReceiver } from './support/receiver';
import { uniqueName, type Seeder } from './support/seed';
import { latencyPercentiles, round, type Percentiles } from './support/stats';

export interface PipelineRun {
  webhooks: number;
  events: number;
  /** Uploads answered 201. */
  accepted: number;
  /** Upload requests started per second, as offered (open loop) or as fast as C clients went. */
  offeredPerSec: number;
  /** Uploads answered 201 per second, first upload start to last answer. */
  uploadsPerSec: number;
  /** Events whose every webhook got its POST, per second, first upload start to last receipt. */
  deliveredEventsPerSec: number;
  deliveriesPerSec: number;
  deliveries: number;
  /** Upload start to receipt, over every delivery. */
  latencyMs: Percentiles;
  /** All expected deliveries arrived before the deadline. */
  complete: boolean;
  /** CPU time each process spent per accepted upload, from the first upload to the last receipt. */
  cpuMsPerEvent: CpuSeconds;
}

const ARTIFACT = randomBytes(1024);
/** Open-loop runs stop adding requests past this many in flight: the API is saturated there. */
const MAX_IN_FLIGHT = 512;

/**
 * Uploads small artifacts into a repository whose W JSON webhooks point at the loopback receiver,
 * and times each upload from its first byte to each webhook POST arriving.
 */
export class PipelineBench {
  private readonly agent: Agent;

  constructor(
    private readonly stack: HeraldStack,
    private readonly seeder: Seeder,
    private readonly receiver: TimestampReceiver,
    private readonly clients: number,
    private readonly deliveryTimeoutMs: number,
  ) {
    this.agent = keepAliveAgent(Math.max(clients, 64));
  }

  /** Proves the whole path works and lets both processes warm up before anything is timed. */
  async warmUp(events: number): Promise<void> {
    const run = await this.saturate(1, events, 'bench-warmup');
    if (!run.complete || run.accepted === 0) throw new Error(`warm-up: ${run.accepted} of ${events} uploads accepted, ${run.deliveries} webhook deliveries arrived; see bench/results/logs/`);
  }

  /** N uploads from C concurrent clients, as fast as they go (closed loop). */
  async saturate(webhooks: number, events: number, prefix = `bench-w${webhooks}`): Promise<PipelineRun> {
    const repository = await this.prepare(prefix, webhooks);
    return this.measure(repository, webhooks, events, (upload) => closedLoop(this.clients, events, upload));
  }

  /** Uploads started at a fixed rate whatever the answers (open loop), one webhook each. */
  async paced(ratePerSec: number, events: number): Promise<PipelineRun> {
    const repository = await this.prepare(`bench-rate${Math.round(ratePerSec)}`, 1);
    return this.measure(repository, 1, events, async (upload) => {
      const interval = 1000 / ratePerSec;
      const origin = performance.now();
      const inFlight = new Set<Promise<void>>();
      for (let index = 0; index < events; index++) {
        const wait = origin + index * interval - performance.now();
        if (wait > 1) await sleep(wait);
        while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
        const request = upload(index).finally(() => inFlight.delete(request));
        inFlight.add(request);
      }
      await Promise.all(inFlight);
    });
  }

  private async prepare(prefix: string, webhooks: number): Promise<string> {
    const repository = uniqueName(prefix);
    await this.seeder.repository(repository);
    for (let index = 0; index < webhooks; index++) await this.seeder.jsonWebhook(repository, `${this.receiver.url}/hook/${index}`, ['file.uploaded']);
    return repository;
  }

  private async measure(repository: string, webhooks: number, events: number, drive: (upload: (index: number) => Promise<void>) => Promise<void>): Promise<PipelineRun> {
    const startedAt = new Map<string, number>();
    const acceptedPaths = new Set<string>();
    let accepted = 0;
    let lastStart = 0;
    let lastAnswer = 0;
    let firstError = '';
    await this.stack.settle(this.deliveryTimeoutMs);
    this.receiver.expect(events * webhooks);
    const cpuBefore = this.stack.cpuSeconds();
    const origin = performance.now();
    await drive(async (index) => {
      const path = `com/example/bench/1.0.${index}/bench-1.0.${index}.jar`;
      const start = performance.now();
      startedAt.set(path, start);
      lastStart = start;
      try {
        const answer = await send(`${this.stack.baseUrl}/repositories/${repository}/${path}`, {
          method: 'PUT',
          agent: this.agent,
          headers: { authorization: this.stack.adminAuth, 'content-type': 'application/java-archive', 'content-length': ARTIFACT.length },
          body: ARTIFACT,
        });
        if (answer.status === 201) {
          accepted += 1;
          acceptedPaths.add(path);
        } else firstError ||= `PUT answered ${answer.status}: ${answer.body.slice(0, 200)}`;
      } catch (error) {
        firstError ||= `PUT failed: ${(error as Error).message}`;
      }
      lastAnswer = performance.now();
    });
    if (firstError) console.error(`  ${events - accepted} of ${events} uploads failed; first: ${firstError}`);
    this.receiver.forgo((events - accepted) * webhooks);
    const complete = await this.receiver.waitForExpected(this.deliveryTimeoutMs);
    const cpuMsPerEvent = cpuMsPer(cpuBefore, this.stack.cpuSeconds(), Math.max(1, accepted));

    const latencies: number[] = [];
    let delivered = 0;
    let lastReceipt = origin;
    for (const [path, start] of startedAt) {
      if (!acceptedPaths.has(path)) continue;
      const arrivals = this.receiver.arrivalsOf(path);
      if (arrivals.length >= webhooks) delivered += 1;
      for (const at of arrivals) {
        latencies.push(at - start);
        lastReceipt = Math.max(lastReceipt, at);
      }
    }
    const perSec = (count: number, until: number) => (until > origin ? round((count * 1000) / (until - origin)) : NaN);
    return {
      webhooks,
      events,
      accepted,
      offeredPerSec: perSec(events - 1, lastStart),
      uploadsPerSec: perSec(accepted, lastAnswer),
      deliveredEventsPerSec: perSec(delivered, lastReceipt),
      deliveriesPerSec: perSec(latencies.length, lastReceipt),
      deliveries: latencies.length,
      latencyMs: latencyPercentiles(latencies),
      complete,
      cpuMsPerEvent,
    };
  }
}
