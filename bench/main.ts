// `npm run bench [-- --quick] [-- --profile] [-- --only=pipeline,transfer,python,downloads,fairness] [-- --events=N --clients=C]
//   [-- --postgres[=postgres://user@host:5432/admin-db]]` (default: the embedded SQLite database)
//   [-- --storage s3]: blobs in a MinIO of the bench's own; only the transfer part unless --only names others.
// Prints a table, writes bench/results/latest.json, details.json and pipeline-latency.svg.
// Always exits 0 once the stack started: missed targets are printed as MISSED, not failed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { measureDownloads } from './downloads';
import { EngineBaseline, type BaselineResult } from './engine-baseline';
import { fairnessLine, measureFairness } from './fairness';
import { latencyChart, type SweepPoint } from './latency-chart';
import { PipelineBench, type PipelineRun } from './pipeline';
import { measurePythonUpload } from './python-upload';
import { renderReport, type LatestResults, type PipelineFigures, type ReportExtras } from './report';
import { measureS3Transfer } from './s3-transfer';
import { cleanup, installSignalHandlers, onCleanup } from './support/cleanup';
import { HeraldStack } from './support/herald-stack';
import { TimestampReceiver } from './support/receiver';
import { benchPostgresDatabase, DEFAULT_POSTGRES_ADMIN_URL } from './support/postgres';
import { startBenchBucket, type BenchBucket } from './support/s3-bucket';
import { Seeder } from './support/seed';
import { MiB, round } from './support/stats';
import { measureTransfer } from './transfer';

const RESULTS = join(__dirname, 'results');

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.slice(2).find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

/** `--storage s3` or `--storage=s3`; `file` when absent. */
function storageOption(): 'file' | 's3' {
  const args = process.argv.slice(2);
  const spaced = args.indexOf('--storage');
  const value = option('storage') ?? (spaced >= 0 ? args[spaced + 1] : 'file');
  if (value !== 'file' && value !== 's3') {
    console.error(`bench: --storage takes file or s3, not ${value}`);
    process.exit(2);
  }
  return value;
}

const quick = process.argv.includes('--quick');
const storage = storageOption();
const settings = {
  mode: (quick ? 'quick' : 'full') as 'quick' | 'full',
  events: Number(option('events') ?? (quick ? 300 : 2000)),
  clients: Number(option('clients') ?? 16),
  transferBytes: quick ? 256 * MiB : 1024 * MiB,
  transferRounds: quick ? 2 : 3,
  pythonUploadBytes: quick ? 64 * MiB : 256 * MiB,
  sweepShares: quick ? [0.25, 0.5, 1] : [0.25, 0.5, 0.75, 1],
  pacedSeconds: quick ? 5 : 15,
  downloadsMs: quick ? 3_000 : 6_000,
  deliveryTimeoutMs: quick ? 120_000 : 600_000,
  parts: new Set((option('only') ?? (storage === 's3' ? 'transfer' : 'pipeline,transfer,python,downloads,fairness')).split(',')),
  profile: process.argv.includes('--profile'),
  postgres: process.argv.includes('--postgres') ? DEFAULT_POSTGRES_ADMIN_URL : option('postgres'),
  storage,
};
const database = settings.postgres ? 'PostgreSQL' : 'SQLite';
const storageLabel = storage === 's3' ? 'S3 on MinIO' : 'file:';

function figures(run: PipelineRun, baseline: BaselineResult): PipelineFigures {
  return {
    events: run.events,
    eventsPerSec: run.uploadsPerSec,
    deliveriesPerSec: run.deliveriesPerSec,
    latencyMs: run.latencyMs,
    baselinePerSec: round(baseline.perSec),
    ratioToBaseline: round(run.deliveredEventsPerSec / baseline.perSec),
  };
}

function describe(run: PipelineRun): string {
  const missing = run.complete ? '' : ` (INCOMPLETE: ${run.deliveries} of ${run.events * run.webhooks} deliveries)`;
  return `${run.accepted}/${run.events} uploads at ${run.uploadsPerSec}/s, ${run.deliveredEventsPerSec} events/s delivered, p99 ${run.latencyMs.p99} ms${missing}; CPU ms per event: ${JSON.stringify(run.cpuMsPerEvent)}`;
}

async function main(): Promise<void> {
  const started = Date.now();
  installSignalHandlers();
  mkdirSync(RESULTS, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), 'herald-bench-files-'));
  onCleanup(() => rmSync(scratch, { recursive: true, force: true }));
  console.log(`bench: ${settings.mode} run on ${database}, blobs in ${storageLabel}, ${settings.events} events, ${settings.clients} clients; starting ${storage === 's3' ? 'MinIO, ' : ''}Temporal, API and worker...`);
  const databaseUrl = settings.postgres ? await benchPostgresDatabase(settings.postgres) : undefined;
  // Before the stack, so that it stops after the API and worker; file: whatever the shell says.
  const bucket: BenchBucket | null = storage === 's3' ? await startBenchBucket(join(scratch, 'minio'), join(RESULTS, 'logs')) : null;
  const stack = await HeraldStack.start({ outDir: join(RESULTS, 'logs'), profile: settings.profile, databaseUrl, env: bucket?.env ?? { HERALD_STORAGE: 'file:' } });
  const receiver = await TimestampReceiver.start();
  onCleanup(() => receiver.stop());
  const seeder = new Seeder(stack);

  const latest: LatestResults = { pipeline: { w1: null, w5: null }, transfer: null, s3Transfer: null, pythonUpload: null, smallGet: null, downloads: null, machine: { cores: cpus().length, memory: totalmem(), node: process.version } };
  const extras: ReportExtras = { mode: settings.mode, database, storage: storageLabel, clients: settings.clients, pipelineRates: { w1: null, w5: null }, sweep: [], errors: {} };
  // The PostgreSQL URL may hold a password: the results name the database kind only.
  const details: Record<string, unknown> = { startedAt: new Date().toISOString(), settings: { ...settings, postgres: undefined, database, parts: [...settings.parts] } };
  const part = async <T>(name: string, work: () => Promise<T>): Promise<T | null> => {
    try {
      return await work();
    } catch (error) {
      extras.errors[name] = (error as Error).message;
      console.error(`bench: ${name} failed: ${(error as Error).message}`);
      return null;
    }
  };
  const warmUpEvents = Math.min(quick ? 20 : 50, settings.events);
  // One baseline runtime per process (Temporal's Runtime installs once), warmed up when started.
  let engine: EngineBaseline | null = null;
  let lastBaseline: BaselineResult | null = null;
  const engineBaseline = async (): Promise<BaselineResult> => {
    const measure = (workflows: number, on: EngineBaseline) => on.measure(workflows, settings.clients, settings.deliveryTimeoutMs, () => stack.cpuSeconds());
    if (!engine) {
      engine = await EngineBaseline.start(stack.temporalAddress);
      await measure(warmUpEvents, engine);
    }
    console.log(`bench: engine baseline, ${settings.events} workflows...`);
    await stack.settle(settings.deliveryTimeoutMs);
    lastBaseline = await measure(settings.events, engine);
    console.log(`  ${lastBaseline.completed}/${lastBaseline.workflows} workflows at ${round(lastBaseline.perSec)}/s; CPU ms per workflow: ${JSON.stringify(lastBaseline.cpuMsPerWorkflow)}`);
    return lastBaseline;
  };

  if (settings.parts.has('transfer') && bucket) {
    console.log(`bench: S3 transfer of ${settings.transferBytes / MiB} MiB${quick ? ' (quick: 256 MiB instead of 1 GiB)' : ''}, Herald and the AWS SDK to the same MinIO...`);
    const transfer = await part('s3Transfer', () => measureS3Transfer(stack, seeder, bucket, settings.transferBytes, settings.transferRounds, scratch));
    if (transfer) {
      const { apiIdleRssMB, rounds, ...figures } = transfer;
      latest.s3Transfer = figures;
      details.s3Transfer = { ...figures, apiIdleRssMB, rounds };
    }
  } else if (settings.parts.has('transfer')) {
    console.log(`bench: transfer of ${settings.transferBytes / MiB} MiB${quick ? ' (quick: 256 MiB instead of 1 GiB)' : ''}...`);
    const transfer = await part('transfer', () => measureTransfer(stack, seeder, settings.transferBytes, settings.transferRounds, scratch));
    if (transfer) {
      const { apiIdleRssMB, rounds, ...figures } = transfer;
      latest.transfer = figures;
      details.transfer = { ...figures, apiIdleRssMB, rounds };
    }
  }

  if (settings.parts.has('python')) {
    console.log(`bench: python upload of a ${settings.pythonUploadBytes / MiB} MiB wheel through twine's API, beside a Maven PUT of the same bytes${quick ? ' (quick: 64 MiB instead of 256 MiB)' : ''}...`);
    const upload = await part('pythonUpload', () => measurePythonUpload(stack, seeder, settings.pythonUploadBytes, settings.transferRounds, scratch));
    if (upload) {
      const { apiIdleRssMB, rounds, ...figures } = upload;
      latest.pythonUpload = figures;
      details.pythonUpload = { ...figures, apiIdleRssMB, rounds };
    }
  }

  if (settings.parts.has('pipeline')) {
    await part('pipeline', async () => {
      const pipeline = new PipelineBench(stack, seeder, receiver, settings.clients, settings.deliveryTimeoutMs);
      console.log('bench: pipeline warm-up...');
      await pipeline.warmUp(warmUpEvents);
      const runs: Record<string, unknown> = {};
      // Full runs measure the baseline beside each pipeline run; quick ones once, to stay short.
      let pipelineBaseline: BaselineResult | null = null;
      let maxRate = 0;
      // The sweep follows the run that set the maximum, so a shared machine drifts little between them.
      const sweep = async () => {
        for (const share of settings.sweepShares) {
          const rate = maxRate * share;
          if (!(rate > 0)) break;
          const events = Math.max(20, Math.round(rate * settings.pacedSeconds));
          console.log(`bench: latency at ${Math.round(share * 100)} % of ${maxRate}/s (${events} uploads at ${round(rate)}/s)...`);
          const run = await pipeline.paced(rate, events);
          console.log(`  ${describe(run)}`);
          extras.sweep.push({ share, offeredPerSec: run.offeredPerSec, latencyMs: run.latencyMs });
          runs[`paced${Math.round(share * 100)}`] = run;
        }
      };
      for (const webhooks of [1, 5] as const) {
        const key = `w${webhooks}` as const;
        console.log(`bench: pipeline, ${settings.events} uploads, ${webhooks} webhook(s) each...`);
        const run = await pipeline.saturate(webhooks, settings.events);
        console.log(`  ${describe(run)}`);
        let baseline: BaselineResult | null = quick ? pipelineBaseline : null;
        if (!baseline) {
          baseline = await engineBaseline();
          pipelineBaseline = baseline;
        }
        latest.pipeline[key] = figures(run, baseline);
        extras.pipelineRates[key] = { uploadsPerSec: run.uploadsPerSec, deliveredEventsPerSec: run.deliveredEventsPerSec };
        runs[key] = { run, baseline };
        if (webhooks === 1) {
          maxRate = run.deliveredEventsPerSec;
          await sweep();
        }
      }
      writeFileSync(join(RESULTS, 'pipeline-latency.svg'), latencyChart(extras.sweep, maxRate, `Herald upload-to-webhook latency against offered load (${settings.mode}, ${database})`));
      details.pipeline = runs;
    });
  }

  if (settings.parts.has('downloads')) {
    console.log(`bench: downloads of 50 files of 2 KiB, ${settings.downloadsMs / 1000} s per phase: a plain Node server, then Herald with no webhook, HEAD, a digest webhook and a per-event webhook...`);
    const downloads = await part('downloads', () =>
      measureDownloads(stack, seeder, receiver, {
        clients: settings.clients,
        phaseMs: settings.downloadsMs,
        warmUpMs: 1_000,
        perEventMaxGets: 2 * settings.events,
        deliveryTimeoutMs: settings.deliveryTimeoutMs,
        scratch,
        // As for the pipeline: a full run measures the engine right beside the per-event phase,
        // since the dev server slows as its history grows over the run; a quick one reuses the last.
        engineBaseline: async () => (quick ? lastBaseline : null) ?? engineBaseline(),
      }),
    );
    if (downloads) {
      latest.downloads = downloads.figures;
      details.downloads = downloads.details;
      // The small-GET figures of the first benchmark, now a view of these: unwatched and per-event downloads.
      const { unsubscribed, perEvent } = downloads.figures;
      latest.smallGet = { reqPerSec: unsubscribed.reqPerSec, reqPerSecWithEvents: perEvent.reqPerSec, ratio: round(perEvent.reqPerSec / unsubscribed.reqPerSec) };
    }
  }

  // Last: its hanging target is paused afterwards, but its stuck attempts run out their timeout.
  let fairness: string | null = null;
  if (settings.parts.has('fairness')) {
    console.log('bench: fairness, a healthy target alone and beside one that hangs...');
    const result = await part('fairness', () => measureFairness(stack, seeder, receiver, { healthyEvents: quick ? 50 : 150, hangingEvents: quick ? 100 : 300, timeoutMs: settings.deliveryTimeoutMs }));
    if (result) {
      details.fairness = result;
      fairness = fairnessLine(result);
      console.log(`  ${fairness}`);
    }
  }

  const halfRate = extras.sweep.find((point) => point.share === 0.5);
  writeFileSync(join(RESULTS, 'latest.json'), `${JSON.stringify(latest, null, 2)}\n`);
  writeFileSync(join(RESULTS, 'details.json'), `${JSON.stringify({ ...details, sweep: extras.sweep, errors: extras.errors, finishedAt: new Date().toISOString() }, null, 2)}\n`);
  console.log(`\n${renderReport(latest, extras, halfRate)}`);
  if (fairness) console.log(fairness);
  console.log(`bench: wrote ${join(RESULTS, 'latest.json')}, details.json${extras.sweep.length ? ' and pipeline-latency.svg' : ''} in ${Math.round((Date.now() - started) / 1000)} s`);
}

main()
  .then(() => cleanup())
  .then(() => process.exit(0))
  .catch(async (error: unknown) => {
    console.error(`bench: could not run: ${(error as Error).stack ?? error}`);
    await cleanup();
    process.exit(1);
  });
