import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { cpuMsPer, type CpuSeconds, type HeraldStack } from './support/herald-stack';
import { forDuration, keepAliveAgent, send } from './support/http-client';
import type { TimestampReceiver } from './support/receiver';
import { uniqueName, type Seeder } from './support/seed';
import { round } from './support/stats';

export interface SmallGetResult {
  reqPerSec: number;
  reqPerSecWithEvents: number;
  ratio: number;
  /** req/s of each round without and with the webhook, and the CPU each process spent per GET, its event's workflow included. */
  rounds: Array<{ reqPerSec: number; reqPerSecWithEvents: number; cpuMsPerGet: CpuSeconds; cpuMsPerGetWithEvents: CpuSeconds }>;
  /** Every round's work (workflows, deliveries) finished before the next began. */
  settled: boolean;
}

const WARM_UP_MS = 1_000;
const SETTLE_TIMEOUT_MS = 180_000;

/**
 * 1 KiB artifact GETs from C keep-alive clients for a fixed time, alternately with no webhook on
 * the repository and with one JSON webhook subscribed to file.downloaded (switched by PATCH
 * `active`): what download notifications cost. Every GET records a file.downloaded event either
 * way; between phases the bench waits until the event workflows of the last one finished, so a
 * phase never pays for its predecessor. Each mode keeps its best round.
 */
export async function measureSmallGets(stack: HeraldStack, seeder: Seeder, receiver: TimestampReceiver, clients: number, phaseMs: number, rounds: number): Promise<SmallGetResult> {
  const repository = uniqueName('bench-small');
  await seeder.repository(repository);
  const url = `${stack.baseUrl}/repositories/${repository}/com/example/small/1.0/small-1.0.pom`;
  const put = await send(url, { method: 'PUT', headers: { authorization: stack.adminAuth, 'content-length': 1024 }, body: randomBytes(1024) });
  if (put.status !== 201) throw new Error(`PUT of the 1 KiB file answered ${put.status}`);
  const webhook = await seeder.jsonWebhook(repository, `${receiver.url}/hook/downloads`, ['file.downloaded']);
  await seeder.setWebhookActive(webhook, false);

  const agent = keepAliveAgent(clients);
  let failures = 0;
  let firstFailure = '';
  const get = async () => {
    const answer = await send(url, { method: 'GET', agent, headers: { authorization: stack.adminAuth } });
    if (answer.status !== 200 || answer.bytes !== 1024) {
      failures += 1;
      firstFailure ||= `GET answered ${answer.status} with ${answer.bytes} bytes`;
    }
  };
  await get();
  if (failures) throw new Error(firstFailure);

  let settled = await stack.settle(SETTLE_TIMEOUT_MS);
  const phase = async () => {
    await forDuration(clients, WARM_UP_MS, get);
    const cpuBefore = stack.cpuSeconds();
    const start = performance.now();
    const completed = await forDuration(clients, phaseMs, get);
    const perSec = (completed * 1000) / (performance.now() - start);
    settled = (await stack.settle(SETTLE_TIMEOUT_MS)) && settled;
    return { perSec: round(perSec), cpu: cpuMsPer(cpuBefore, stack.cpuSeconds(), completed) };
  };

  const measured: SmallGetResult['rounds'] = [];
  try {
    for (let index = 0; index < rounds; index++) {
      const plain = await phase();
      await seeder.setWebhookActive(webhook, true);
      const notified = await phase();
      await seeder.setWebhookActive(webhook, false);
      measured.push({ reqPerSec: plain.perSec, reqPerSecWithEvents: notified.perSec, cpuMsPerGet: plain.cpu, cpuMsPerGetWithEvents: notified.cpu });
    }
  } finally {
    agent.destroy();
  }
  if (failures) console.error(`  ${failures} GETs failed; first: ${firstFailure}`);
  const reqPerSec = Math.max(...measured.map((entry) => entry.reqPerSec));
  const reqPerSecWithEvents = Math.max(...measured.map((entry) => entry.reqPerSecWithEvents));
  return { reqPerSec, reqPerSecWithEvents, ratio: round(reqPerSecWithEvents / reqPerSec), rounds: measured, settled };
}
