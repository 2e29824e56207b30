import type { DownloadsFigures } from './downloads';
import type { SweepPoint } from './latency-chart';
import type { PythonUploadResult } from './python-upload';
import type { S3TransferResult } from './s3-transfer';
import type { TransferResult } from './transfer';
import type { Percentiles } from './support/stats';

export interface PipelineFigures {
  events: number;
  eventsPerSec: number;
  deliveriesPerSec: number;
  latencyMs: Percentiles;
  baselinePerSec: number;
  ratioToBaseline: number;
}

/** bench/results/latest.json: exactly the keys the benchmark issue names. */
export interface LatestResults {
  pipeline: { w1: PipelineFigures | null; w5: PipelineFigures | null };
  transfer: Omit<TransferResult, 'apiIdleRssMB'> | null;
  /** `--storage s3`: the transfer through Herald on MinIO against the AWS SDK's own to the same MinIO. */
  s3Transfer: Omit<S3TransferResult, 'apiIdleRssMB'> | null;
  /** A wheel through twine's upload API against a Maven PUT of the same bytes. */
  pythonUpload: Omit<PythonUploadResult, 'apiIdleRssMB'> | null;
  /** A view of `downloads`: GETs nobody listens to, GETs with a workflow each, and their ratio. */
  smallGet: { reqPerSec: number; reqPerSecWithEvents: number; ratio: number } | null;
  downloads: DownloadsFigures | null;
  machine: { cores: number; memory: number; node: string };
}

interface Target {
  label: string;
  value: number | boolean | undefined;
  wanted: string;
  /** Whether the value meets the target; undefined when it was not measured. */
  met: boolean | undefined;
}

function measured<T extends number | boolean>(value: T | undefined): value is T {
  return value !== undefined && (typeof value !== 'number' || Number.isFinite(value));
}

const atLeast = (label: string, value: number | undefined, bound: number): Target => ({ label, value, wanted: `>= ${bound}`, met: measured(value) ? value >= bound : undefined });
const atMost = (label: string, value: number | undefined, bound: number): Target => ({ label, value, wanted: `<= ${bound}`, met: measured(value) ? value <= bound : undefined });
const exactly = <T extends number | boolean>(label: string, value: T | undefined, wanted: T): Target => ({ label, value, wanted: String(wanted), met: measured(value) ? value === wanted : undefined });

/** The targets of the benchmark issues; the bench reports them and never fails because of them. */
export function targetsOf(latest: LatestResults, halfRate: SweepPoint | undefined): Target[] {
  const downloads = latest.downloads;
  return [
    atLeast('pipeline.w1.ratioToBaseline', latest.pipeline.w1?.ratioToBaseline, 0.5),
    atMost('p99 latency at half the max rate (ms)', halfRate?.latencyMs.p99, 1000),
    atLeast('transfer.uploadRatio', latest.transfer?.uploadRatio, 0.5),
    atLeast('transfer.downloadRatio', latest.transfer?.downloadRatio, 0.5),
    atMost('transfer.apiPeakRssMB', latest.transfer?.apiPeakRssMB, 200),
    atLeast('s3Transfer.uploadRatio', latest.s3Transfer?.uploadRatio, 0.7),
    atLeast('s3Transfer.downloadRatio', latest.s3Transfer?.downloadRatio, 0.7),
    atMost('s3Transfer.apiPeakRssMB', latest.s3Transfer?.apiPeakRssMB, 200),
    atLeast('pythonUpload.ratio', latest.pythonUpload?.ratio, 0.8),
    atLeast('downloads.unsubscribed.ratio', downloads?.unsubscribed.ratio, 0.5),
    exactly('downloads.unsubscribed.temporalWorkflowsPerEvent', downloads?.unsubscribed.temporalWorkflowsPerEvent, 0),
    atLeast('downloads.bearer.ratioToBasic', downloads?.bearer.ratioToBasic, 1),
    atLeast('downloads.head.ratio', downloads?.head.ratio, 0.5),
    atLeast('downloads.digest.ratio', downloads?.digest.ratio, 0.3),
    exactly('downloads.digest.countedExactly', downloads?.digest.countedExactly, true),
    atLeast('downloads.perEvent.ratioToBaseline', downloads?.perEvent.ratioToBaseline, 0.8),
    exactly('downloads.perEvent.allDelivered', downloads?.perEvent.allDelivered, true),
  ];
}

function verdict(target: Target): string {
  if (target.met === undefined) return 'NOT MEASURED';
  return target.met ? 'ok' : 'MISSED';
}

function cell(value: unknown): string {
  if (value === undefined || value === null || (typeof value === 'number' && !Number.isFinite(value))) return '-';
  return String(value);
}

function table(title: string, header: string[], rows: unknown[][]): string {
  const cells = [header, ...rows.map((row) => row.map(cell))];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => row[column].length)));
  const line = (row: string[]) => row.map((text, column) => (column === 0 ? text.padEnd(widths[column]) : text.padStart(widths[column]))).join('  ');
  return [title, line(cells[0]), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.slice(1).map(line), ''].join('\n');
}

export interface ReportExtras {
  mode: 'quick' | 'full';
  database: string;
  /** Where the blobs live: `file:` or `S3 on MinIO`. */
  storage: string;
  clients: number;
  /** Uploads answered 201 per second and events fully delivered per second, per W. */
  pipelineRates: Record<'w1' | 'w5', { uploadsPerSec: number; deliveredEventsPerSec: number } | null>;
  sweep: SweepPoint[];
  errors: Record<string, string>;
}

/** The stdout report: one table per part, then the targets with ok / MISSED. */
export function renderReport(latest: LatestResults, extras: ReportExtras, halfRate: SweepPoint | undefined): string {
  const out: string[] = [`Herald benchmark (${extras.mode}, ${extras.database}, blobs in ${extras.storage}; ${latest.machine.cores} cores, ${(latest.machine.memory / 2 ** 30).toFixed(1)} GiB, Node ${latest.machine.node}; ${extras.clients} concurrent clients)`, ''];
  const pipelineRows = (['w1', 'w5'] as const).map((key) => {
    const figures = latest.pipeline[key];
    const rates = extras.pipelineRates[key];
    return [key, figures?.events, rates?.uploadsPerSec, rates?.deliveredEventsPerSec, figures?.deliveriesPerSec, figures?.latencyMs.p50, figures?.latencyMs.p95, figures?.latencyMs.p99, figures?.baselinePerSec, figures?.ratioToBaseline];
  });
  out.push(table('Pipeline (uploads -> JSON webhooks on a loopback receiver)', ['webhooks', 'events', 'uploads/s', 'delivered ev/s', 'deliveries/s', 'p50 ms', 'p95 ms', 'p99 ms', 'baseline wf/s', 'ratio'], pipelineRows));
  out.push(
    table(
      'Latency against offered load (one webhook)',
      ['share of max', 'offered/s', 'p50 ms', 'p95 ms', 'p99 ms'],
      extras.sweep.map((point) => [`${Math.round(point.share * 100)} %`, point.offeredPerSec, point.latencyMs.p50, point.latencyMs.p95, point.latencyMs.p99]),
    ),
  );
  const transfer = latest.transfer;
  out.push(
    table(
      `Transfer (${transfer ? `${(transfer.bytes / 2 ** 20).toFixed(0)} MiB` : 'not run'}${extras.mode === 'quick' ? ', quick: 256 MiB instead of 1 GiB' : ''}; MB = 2^20 bytes)`,
      ['path', 'MB/s', 'ratio to copy'],
      [
        ['plain stream copy', transfer?.copyMBps, 1],
        ['PUT through the API', transfer?.uploadMBps, transfer?.uploadRatio],
        ['GET through the API', transfer?.downloadMBps, transfer?.downloadRatio],
        ['API peak RSS (MB)', transfer?.apiPeakRssMB, ''],
      ],
    ),
  );
  out.push(s3TransferTable(latest.s3Transfer, extras.mode));
  out.push(pythonUploadTable(latest.pythonUpload, extras.mode));
  out.push(downloadsTable(latest.downloads));
  out.push(temporalCostTable(latest.downloads));
  const targets = targetsOf(latest, halfRate);
  out.push(table('Targets', ['target', 'measured', 'wanted', ''], targets.map((target) => [target.label, target.value, target.wanted, verdict(target)])));
  for (const [part, message] of Object.entries(extras.errors)) out.push(`ERROR in ${part}: ${message}`);
  return out.join('\n');
}

function s3TransferTable(transfer: LatestResults['s3Transfer'], mode: ReportExtras['mode']): string {
  const size = transfer ? `${(transfer.bytes / 2 ** 20).toFixed(0)} MiB` : 'not run: --storage s3';
  return table(`S3 transfer (${size}${mode === 'quick' ? ', quick: 256 MiB instead of 1 GiB' : ''}; Herald and the AWS SDK to the same MinIO)`, ['path', 'MB/s', 'ratio to SDK'], [
    ['SDK Upload (lib-storage)', transfer?.sdkUploadMBps, 1],
    ['PUT through the API', transfer?.uploadMBps, transfer?.uploadRatio],
    ['SDK GetObject into a file', transfer?.sdkDownloadMBps, 1],
    ['GET through the API', transfer?.downloadMBps, transfer?.downloadRatio],
    ['API peak RSS (MB)', transfer?.apiPeakRssMB, ''],
  ]);
}

function pythonUploadTable(upload: LatestResults['pythonUpload'], mode: ReportExtras['mode']): string {
  const size = upload ? `${(upload.bytes / 2 ** 20).toFixed(0)} MiB wheel` : 'not run';
  return table(`Python upload (${size}${mode === 'quick' ? ', quick: 64 MiB instead of 256 MiB' : ''}; twine's API against a Maven PUT of the same bytes)`, ['path', 'MB/s', 'ratio to PUT'], [
    ['Maven PUT through the API', upload?.mavenMBps, 1],
    ['twine upload (POST multipart/form-data)', upload?.pythonMBps, upload?.ratio],
    ['API peak RSS (MB)', upload?.apiPeakRssMB, ''],
  ]);
}

function downloadsTable(downloads: DownloadsFigures | null): string {
  const each = downloads?.perEvent;
  return table('Downloads (50 files of 2 KiB, keep-alive; Herald as a reader of a private repository)', ['server', 'req/s', 'ratio to plain', 'p99 ms', ''], [
    ['plain Node http server', downloads?.plainReqPerSec, 1, '', ''],
    ['Herald GET, no webhook', downloads?.unsubscribed.reqPerSec, downloads?.unsubscribed.ratio, downloads?.unsubscribed.p99Ms, `${cell(downloads?.unsubscribed.temporalWorkflowsPerEvent)} workflows per GET`],
    ['Herald GET, Bearer token', downloads?.bearer.reqPerSec, downloads?.bearer.ratio, downloads?.bearer.p99Ms, `${cell(downloads?.bearer.ratioToBasic)} of Basic in turns with it`],
    ['Herald GET, Basic password, in turns', downloads?.bearer.basicReqPerSec, '', downloads?.bearer.basicP99Ms, ''],
    ['Herald HEAD', downloads?.head.reqPerSec, downloads?.head.ratio, '', ''],
    ['Herald GET, digest webhook', downloads?.digest.reqPerSec, downloads?.digest.ratio, '', `counted exactly: ${cell(downloads?.digest.countedExactly)}`],
    ['Herald GET, per-event webhook', each?.reqPerSec, '', '', `${cell(each?.deliveredPerSec)} delivered/s, ${cell(each?.ratioToBaseline)} of the engine; all delivered: ${cell(each?.allDelivered)}`],
  ]);
}

/** What each GET cost the Temporal server, read from its histories (issue 13, item 6). */
function temporalCostTable(downloads: DownloadsFigures | null): string {
  const rows = (['unsubscribed', 'digest', 'perEvent'] as const).map((phase) => {
    const cost = downloads?.[phase].temporal;
    return [phase, cost?.workflowStarts, cost?.activities, cost?.localActivities, cost?.signals, cost?.historyEvents];
  });
  return table('Temporal cost per GET (from the server)', ['webhook', 'workflow starts', 'activities', 'local activities', 'signals', 'history events'], rows);
}
