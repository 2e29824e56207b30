import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ATTEMPTS_PER_HOST } from '../apps/worker/src/activities/host-gate';
import { sleep, waitUntil } from '../test/support/timing';
import type { HeraldStack } from './support/herald-stack';
import { closedLoop, keepAliveAgent, send } from './support/http-client';
import type { TimestampReceiver } from './support/receiver';
import { uniqueName, type Seeder } from './support/seed';
import { latencyPercentiles, round, type Percentiles } from './support/stats';

export interface FairnessResult {
  /** Upload-to-receipt latency of the healthy target's deliveries, alone and beside a hanging target. */
  alone: Percentiles;
  besideHanging: Percentiles;
  healthyEvents: number;
  /** Uploads whose webhook points at a target that accepts connections and never answers. */
  hangingEvents: number;
  /** The most attempts the hanging target had open at once (the worker allows ATTEMPTS_PER_HOST). */
  hangingMaxInFlight: number;
  complete: boolean;
}

/** A target that takes every request and never answers, counting how many it holds at once. */
class HangingTarget {
  inFlight = 0;
  maxInFlight = 0;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<HangingTarget> {
    let target: HangingTarget | null = null;
    const server = createServer((request) => {
      if (!target) return;
      target.inFlight += 1;
      target.maxInFlight = Math.max(target.maxInFlight, target.inFlight);
      request.socket.once('close', () => target && (target.inFlight -= 1));
    });
    target = new HangingTarget(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return target;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const ARTIFACT = Buffer.alloc(256, 1);
const RATE_PER_SEC = 10;
const SETTLE_MS = 5_000;

/**
 * Fairness between targets: the latency of deliveries to a healthy receiver, at a gentle paced
 * rate, first alone, then while a burst of deliveries to a target that hangs (each attempt held
 * for HERALD_ATTEMPT_TIMEOUT) competes for the same worker. The per-host gate keeps the hanging
 * host to ATTEMPTS_PER_HOST attempts, so the healthy latency should stay where it was.
 */
export async function measureFairness(stack: HeraldStack, seeder: Seeder, receiver: TimestampReceiver, options: { healthyEvents: number; hangingEvents: number; timeoutMs: number }): Promise<FairnessResult> {
  const hanging = await HangingTarget.start();
  const agent = keepAliveAgent(32);
  const healthy = uniqueName('fair-ok');
  const slow = uniqueName('fair-hang');
  await seeder.repository(healthy);
  await seeder.repository(slow);
  await seeder.jsonWebhook(healthy, `${receiver.url}/fair`, ['file.uploaded']);
  const hangingWebhook = await seeder.jsonWebhook(slow, hanging.url, ['file.uploaded']);
  const upload = (repository: string, path: string) =>
    send(`${stack.baseUrl}/repositories/${repository}/${path}`, { method: 'PUT', agent, headers: { authorization: stack.adminAuth, 'content-length': ARTIFACT.length }, body: ARTIFACT });

  /** Paced uploads to the healthy repository; upload start to receipt, per delivery. */
  const pacedHealthy = async (label: string): Promise<{ latency: Percentiles; complete: boolean }> => {
    receiver.expect(options.healthyEvents);
    const started = new Map<string, number>();
    const origin = performance.now();
    const uploads: Array<Promise<unknown>> = [];
    for (let index = 0; index < options.healthyEvents; index++) {
      const wait = origin + (index * 1000) / RATE_PER_SEC - performance.now();
      if (wait > 1) await sleep(wait);
      const path = `com/example/fair/${label}/${index}/fair-${index}.jar`;
      started.set(path, performance.now());
      uploads.push(upload(healthy, path));
    }
    await Promise.all(uploads);
    const complete = await receiver.waitForExpected(options.timeoutMs);
    const latencies = [...started].flatMap(([path, start]) => receiver.arrivalsOf(path).slice(0, 1).map((at) => at - start));
    return { latency: latencyPercentiles(latencies), complete };
  };

  try {
    const alone = await pacedHealthy('alone');
    // The burst first, so the hanging host is full before the healthy uploads begin.
    await closedLoop(16, options.hangingEvents, (index) => upload(slow, `com/example/hang/${index}/hang-${index}.jar`).then(() => undefined));
    await waitUntil(() => hanging.inFlight >= ATTEMPTS_PER_HOST, 30_000, 100);
    // Measured in the steady state of a hanging host, not while the burst's own events are resolved.
    await sleep(SETTLE_MS);
    const beside = await pacedHealthy('beside');
    return {
      alone: alone.latency,
      besideHanging: beside.latency,
      healthyEvents: options.healthyEvents,
      hangingEvents: options.hangingEvents,
      hangingMaxInFlight: hanging.maxInFlight,
      complete: alone.complete && beside.complete,
    };
  } finally {
    // The hanging deliveries must not weigh on whatever is measured next.
    await seeder.setWebhookActive(hangingWebhook, false);
    await hanging.stop();
    agent.destroy();
  }
}

export function fairnessLine(result: FairnessResult): string {
  const ms = (value: number) => `${round(value)} ms`;
  return (
    `fairness: healthy target p50 ${ms(result.alone.p50)} / p99 ${ms(result.alone.p99)} alone, ` +
    `p50 ${ms(result.besideHanging.p50)} / p99 ${ms(result.besideHanging.p99)} beside a hanging target ` +
    `(${result.hangingEvents} deliveries to it, at most ${result.hangingMaxInFlight} attempts open at once; the gate allows ${ATTEMPTS_PER_HOST})` +
    (result.complete ? '' : ' INCOMPLETE')
  );
}
