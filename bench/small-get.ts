import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { HeraldStack } from './support/herald-stack';
import { forDuration, keepAliveAgent, send } from './support/http-client';
import type { TimestampReceiver } from './support/receiver';
import { uniqueName, type Seeder } from './support/seed';
import { round } from './support/stats';

export interface SmallGetResult {
  reqPerSec: number;
  reqPerSecWithEvents: number;
  ratio: number;
  /** file.downloaded deliveries that reached the receiver while the second half ran. */
  deliveriesDuringRun: number;
}

const WARM_UP_MS = 1_000;

/**
 * 1 KiB artifact GETs from C keep-alive clients for a fixed time, first with no webhook on the
 * repository, then with one JSON webhook subscribed to file.downloaded: what download events cost.
 */
export async function measureSmallGets(stack: HeraldStack, seeder: Seeder, receiver: TimestampReceiver, clients: number, durationMs: number): Promise<SmallGetResult> {
  const repository = uniqueName('bench-small');
  await seeder.repository(repository);
  const url = `${stack.baseUrl}/repositories/${repository}/com/example/small/1.0/small-1.0.pom`;
  const put = await send(url, { method: 'PUT', headers: { authorization: stack.adminAuth, 'content-length': 1024 }, body: randomBytes(1024) });
  if (put.status !== 201) throw new Error(`PUT of the 1 KiB file answered ${put.status}`);

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

  const throughput = async () => {
    await forDuration(clients, WARM_UP_MS, get);
    const start = performance.now();
    const completed = await forDuration(clients, durationMs, get);
    return (completed * 1000) / (performance.now() - start);
  };

  const plain = await throughput();
  await seeder.jsonWebhook(repository, `${receiver.url}/hook/downloads`, ['file.downloaded']);
  receiver.expect(0);
  const withEvents = await throughput();
  const deliveriesDuringRun = receiver.received;
  agent.destroy();
  if (failures) console.error(`  ${failures} GETs failed; first: ${firstFailure}`);
  return { reqPerSec: round(plain), reqPerSecWithEvents: round(withEvents), ratio: round(withEvents / plain), deliveriesDuringRun };
}
