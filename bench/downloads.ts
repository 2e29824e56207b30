import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { Agent } from 'node:http';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Client } from '@temporalio/client';
import { sleep, waitUntil } from '../test/support/timing';
import type { BaselineResult } from './engine-baseline';
import type { HeraldStack } from './support/herald-stack';
import { forDuration, keepAliveAgent, send } from './support/http-client';
import { PlainFileServer } from './support/plain-file-server';
import type { TargetLog, TimestampReceiver } from './support/receiver';
import { uniqueName, type Seeder } from './support/seed';
import { latencyPercentiles, round, type Percentiles } from './support/stats';
import { ratePerEvent, startedBetween, temporalCost, type TemporalWork } from './support/temporal-cost';

/** bench/results/latest.json `downloads`: the keys of the download issue, each Temporal cost per GET. */
export interface DownloadsFigures {
  plainReqPerSec: number;
  unsubscribed: { reqPerSec: number; ratio: number; p99Ms: number; temporalWorkflowsPerEvent: number; temporal: TemporalWork };
  /** The reader's API token as Bearer, measured in turns with its password as Basic (issue 16: Bearer >= Basic). */
  bearer: { reqPerSec: number; ratio: number; p99Ms: number; basicReqPerSec: number; basicP99Ms: number; ratioToBasic: number };
  head: { reqPerSec: number; ratio: number };
  digest: { reqPerSec: number; ratio: number; countedExactly: boolean; temporal: TemporalWork };
  perEvent: { reqPerSec: number; deliveredPerSec: number; ratioToBaseline: number; allDelivered: boolean; temporal: TemporalWork };
}

export interface DownloadsOptions {
  clients: number;
  phaseMs: number;
  warmUpMs: number;
  /** The per-event phase stops here even before phaseMs: each GET is a workflow the engine must run. */
  perEventMaxGets: number;
  /** How long deliveries and digests may take to arrive after a phase. */
  deliveryTimeoutMs: number;
  /** Where the plain server's copy of the files goes. */
  scratch: string;
  /** The engine's workflows/s on this stack: the pipeline part's, or measured now. */
  engineBaseline: () => Promise<BaselineResult>;
}

export interface DownloadsResult {
  figures: DownloadsFigures;
  /** For details.json: every phase's counts, latencies and Temporal totals. */
  details: Record<string, unknown>;
}

/** What one timed load saw: successful requests' latencies, timed from the first start to the last answer. */
interface Sample {
  latencies: number[];
  failed: number;
  firstFailure: string;
  elapsedMs: number;
}

/** One or more timed loads summed up: successful requests only. */
interface Load {
  ok: number;
  failed: number;
  firstFailure: string;
  reqPerSec: number;
  latencyMs: Percentiles;
}

const FILES = 50;
const FILE_BYTES = 2048;
const DIGEST_WINDOW_SECONDS = 10;
const TURNS = ['basic', 'bearer', 'bearer', 'basic', 'bearer', 'basic', 'basic', 'bearer'] as const;

/**
 * Downloads of small files at the speed of a file server (issue 13): the same 50 files of 2 KiB,
 * the same keep-alive client, one phase after another, against a plain Node server (the floor)
 * and against Herald as a build tool reads it (a reader, Basic auth, a private repository): with
 * no webhook, with the reader's API token as Bearer beside its password, HEAD, with a digest
 * webhook and with a per-event webhook on file.downloaded.
 */
export async function measureDownloads(stack: HeraldStack, seeder: Seeder, receiver: TimestampReceiver, options: DownloadsOptions): Promise<DownloadsResult> {
  const bench = await DownloadBench.prepare(stack, seeder, receiver, options);
  try {
    const plain = await bench.plain();
    const unsubscribed = await bench.unsubscribed();
    const credentials = await bench.bearerBesideBasic();
    const head = await bench.head();
    const digest = await bench.digest();
    const perEvent = await bench.perEvent();
    const baseline = await options.engineBaseline();
    const ratio = (load: Load) => round(load.reqPerSec / plain.reqPerSec);
    const figures: DownloadsFigures = {
      plainReqPerSec: plain.reqPerSec,
      unsubscribed: { reqPerSec: unsubscribed.reqPerSec, ratio: ratio(unsubscribed), p99Ms: unsubscribed.latencyMs.p99, temporalWorkflowsPerEvent: ratePerEvent(unsubscribed.workflowsStarted, unsubscribed.ok), temporal: unsubscribed.temporal.perEvent },
      bearer: {
        reqPerSec: credentials.bearer.reqPerSec,
        ratio: ratio(credentials.bearer),
        p99Ms: credentials.bearer.latencyMs.p99,
        basicReqPerSec: credentials.basic.reqPerSec,
        basicP99Ms: credentials.basic.latencyMs.p99,
        ratioToBasic: round(credentials.bearer.reqPerSec / credentials.basic.reqPerSec),
      },
      head: { reqPerSec: head.reqPerSec, ratio: ratio(head) },
      digest: { reqPerSec: digest.reqPerSec, ratio: ratio(digest), countedExactly: digest.gets > 0 && digest.counted === digest.gets, temporal: digest.temporal.perEvent },
      perEvent: { reqPerSec: perEvent.reqPerSec, deliveredPerSec: perEvent.deliveredPerSec, ratioToBaseline: round(perEvent.deliveredPerSec / baseline.perSec), allDelivered: perEvent.allDelivered, temporal: perEvent.temporal.perEvent },
    };
    return { figures, details: { files: FILES, fileBytes: FILE_BYTES, plain, unsubscribed, credentials, head, digest, perEvent: { ...perEvent, baseline }, settled: bench.settled } };
  } finally {
    bench.close();
  }
}

/**
 * The phases, each on a settled engine (the last phase's workflows finished), each Herald phase
 * after a warm-up of its own; the Temporal cost of a phase is read from the server.
 */
class DownloadBench {
  settled = true;
  private readonly agent: Agent;

  private constructor(
    private readonly stack: HeraldStack,
    private readonly seeder: Seeder,
    private readonly receiver: TimestampReceiver,
    private readonly temporal: Client,
    private readonly options: DownloadsOptions,
    private readonly repository: string,
    private readonly readerAuth: string,
    private readonly readerToken: string,
    private readonly paths: string[],
    private readonly root: string,
  ) {
    this.agent = keepAliveAgent(options.clients);
  }

  static async prepare(stack: HeraldStack, seeder: Seeder, receiver: TimestampReceiver, options: DownloadsOptions): Promise<DownloadBench> {
    const repository = uniqueName('bench-downloads');
    await seeder.repository(repository);
    const reader = uniqueName('bench-reader');
    const readerAuth = await seeder.user(reader, randomBytes(12).toString('hex'), 'reader');
    const readerToken = await seeder.token(reader);
    const root = mkdtempSync(join(options.scratch, 'downloads-'));
    const paths = await uploadFiles(stack, repository, root);
    const bench = new DownloadBench(stack, seeder, receiver, await stack.temporalClient(), options, repository, readerAuth, readerToken, paths, root);
    await bench.settle();
    return bench;
  }

  async plain(): Promise<Load> {
    const server = await PlainFileServer.start(this.root);
    try {
      await this.load(server.url, 'GET', this.options.warmUpMs);
      return await this.load(server.url, 'GET', this.options.phaseMs);
    } finally {
      await server.stop();
    }
  }

  async unsubscribed() {
    await this.warmUp('GET');
    await this.settle();
    const since = new Date();
    const load = await this.load(this.herald, 'GET', this.options.phaseMs);
    await this.settle();
    const workflowsStarted = (await this.temporal.workflow.count(startedBetween(since, new Date()))).count;
    return { ...load, workflowsStarted, temporal: await temporalCost(this.temporal, since, new Date(), load.ok) };
  }

  /**
   * The same GETs with the reader's token as Bearer and its password as Basic, a phase each, in
   * quarters taken in the order Basic, Bearer, Bearer, Basic, Bearer, Basic, Basic, Bearer: a
   * machine that drifts or stalls during the pair favours neither. Both credentials are
   * remembered after the warm-up, as a build's would be.
   */
  async bearerBesideBasic(): Promise<{ basic: Load; bearer: Load }> {
    await this.warmUp('GET', this.readerToken);
    await this.warmUp('GET', this.readerAuth);
    const turns = { basic: [] as Sample[], bearer: [] as Sample[] };
    for (const credential of TURNS) {
      turns[credential].push(await this.sample('GET', this.options.phaseMs / 4, credential === 'basic' ? this.readerAuth : this.readerToken));
    }
    await this.settle();
    return { basic: loadOf(turns.basic), bearer: loadOf(turns.bearer) };
  }

  async head(): Promise<Load> {
    await this.warmUp('HEAD');
    const load = await this.load(this.herald, 'HEAD', this.options.phaseMs);
    await this.settle();
    return load;
  }

  /** The webhook is there for the warm-up too: its GETs are counted with the phase's. */
  async digest() {
    const path = `/hook/downloads-digest-${randomBytes(3).toString('hex')}`;
    const log = this.receiver.watch(path);
    const since = new Date();
    const webhook = await this.seeder.jsonWebhook(this.repository, `${this.receiver.url}${path}`, ['file.downloaded'], { windowSeconds: DIGEST_WINDOW_SECONDS });
    const warmUp = await this.warmUp('GET');
    const load = await this.load(this.herald, 'GET', this.options.phaseMs);
    const gets = warmUp.ok + load.ok;
    // A digest past the count would be an event counted twice: give it a window to show up.
    if (await waitUntil(() => counted(log) >= gets, this.options.deliveryTimeoutMs, 100)) await sleep((DIGEST_WINDOW_SECONDS + 2) * 1000);
    await this.seeder.deleteWebhook(webhook);
    await this.settle();
    return { warmUp, ...load, gets, counted: counted(log), digests: log.digests.length, posts: log.posts, temporal: await temporalCost(this.temporal, since, new Date(), gets) };
  }

  /** Warmed up before the webhook exists; delivered per second from the first GET to the last delivery. */
  async perEvent() {
    await this.warmUp('GET');
    await this.settle();
    const path = `/hook/downloads-each-${randomBytes(3).toString('hex')}`;
    const log = this.receiver.watch(path);
    const webhook = await this.seeder.jsonWebhook(this.repository, `${this.receiver.url}${path}`, ['file.downloaded']);
    const since = new Date();
    const origin = performance.now();
    const load = await this.load(this.herald, 'GET', this.options.phaseMs, this.options.perEventMaxGets);
    const allDelivered = load.ok > 0 && (await waitUntil(() => log.ids.size >= load.ok, this.options.deliveryTimeoutMs, 100));
    await this.seeder.deleteWebhook(webhook);
    await this.settle();
    const delivered = Math.min(log.ids.size, load.ok);
    const deliveredPerSec = log.lastAt > origin ? round((delivered * 1000) / (log.lastAt - origin)) : NaN;
    return { ...load, allDelivered, delivered, posts: log.posts, deliveredPerSec, temporal: await temporalCost(this.temporal, since, new Date(), load.ok) };
  }

  close(): void {
    this.agent.destroy();
  }

  private get herald(): string {
    return `${this.stack.baseUrl}/repositories/${this.repository}`;
  }

  private async warmUp(method: 'GET' | 'HEAD', auth = this.readerAuth): Promise<Load> {
    return loadOf([await this.sample(method, this.options.warmUpMs, auth)]);
  }

  private async load(base: string, method: 'GET' | 'HEAD', durationMs: number, limit = Infinity): Promise<Load> {
    return loadOf([await this.sample(method, durationMs, this.readerAuth, base, limit)]);
  }

  private sample(method: 'GET' | 'HEAD', durationMs: number, auth: string, base = this.herald, limit = Infinity): Promise<Sample> {
    return sampleLoad(this.agent, this.options.clients, this.paths, { base, method, auth, durationMs, limit });
  }

  private async settle(): Promise<void> {
    this.settled = (await this.stack.settle(this.options.deliveryTimeoutMs)) && this.settled;
  }
}

/** Uploads the 50 files into the repository and writes the same bytes under `root`; returns their paths. */
async function uploadFiles(stack: HeraldStack, repository: string, root: string): Promise<string[]> {
  const paths: string[] = [];
  for (let index = 0; index < FILES; index++) {
    const path = `com/example/downloads/1.0/downloads-1.0-f${index}.jar`;
    const bytes = randomBytes(FILE_BYTES);
    const answer = await send(`${stack.baseUrl}/repositories/${repository}/${path}`, {
      method: 'PUT',
      headers: { authorization: stack.adminAuth, 'content-type': 'application/java-archive', 'content-length': FILE_BYTES },
      body: bytes,
    });
    if (answer.status !== 201) throw new Error(`PUT ${path} answered ${answer.status}: ${answer.body.slice(0, 200)}`);
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), bytes);
    paths.push(path);
  }
  return paths;
}

/**
 * `clients` keep-alive users sending `method` for the next of `paths` (round-robin) to `base`
 * until `durationMs` has passed or `limit` requests started. A GET succeeds with 200 and the
 * whole file, a HEAD with 200 and no body.
 */
async function sampleLoad(agent: Agent, clients: number, paths: string[], request: { base: string; method: 'GET' | 'HEAD'; auth: string; durationMs: number; limit: number }): Promise<Sample> {
  const expectedBytes = request.method === 'HEAD' ? 0 : FILE_BYTES;
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  let firstFailure = '';
  let lastAnswer = 0;
  const origin = performance.now();
  await forDuration(
    clients,
    request.durationMs,
    async () => {
      const path = paths[next++ % paths.length];
      const start = performance.now();
      try {
        const answer = await send(`${request.base}/${path}`, { method: request.method, agent, headers: { authorization: request.auth } });
        if (answer.status === 200 && answer.bytes === expectedBytes) latencies.push(performance.now() - start);
        else {
          failed += 1;
          firstFailure ||= `${request.method} answered ${answer.status} with ${answer.bytes} bytes: ${answer.body.slice(0, 200)}`;
        }
      } catch (error) {
        failed += 1;
        firstFailure ||= `${request.method} failed: ${(error as Error).message}`;
      }
      lastAnswer = performance.now();
    },
    request.limit,
  );
  if (failed) console.error(`  ${failed} of ${failed + latencies.length} ${request.method}s to ${request.base} failed; first: ${firstFailure}`);
  return { latencies, failed, firstFailure, elapsedMs: lastAnswer - origin };
}

/** Successful requests per second over the samples' summed time; percentiles over all their latencies. */
function loadOf(samples: Sample[]): Load {
  const latencies = samples.flatMap((sample) => sample.latencies);
  const elapsed = samples.reduce((sum, sample) => sum + sample.elapsedMs, 0);
  const failed = samples.reduce((sum, sample) => sum + sample.failed, 0);
  const firstFailure = samples.find((sample) => sample.firstFailure)?.firstFailure ?? '';
  return { ok: latencies.length, failed, firstFailure, reqPerSec: elapsed > 0 ? round((latencies.length * 1000) / elapsed) : NaN, latencyMs: latencyPercentiles(latencies) };
}

/** file.downloaded events the digests posted to one target counted. */
function counted(log: TargetLog): number {
  return log.digests.reduce((sum, digest) => sum + (digest.counts['file.downloaded'] ?? 0), 0);
}
