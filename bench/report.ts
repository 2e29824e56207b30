import type { SweepPoint } from './latency-chart';
import type { SmallGetResult } from './small-get';
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
  smallGet: Pick<SmallGetResult, 'reqPerSec' | 'reqPerSecWithEvents' | 'ratio'> | null;
  machine: { cores: number; memory: number; node: string };
}

interface Target {
  label: string;
  value: number | undefined;
  holds: (value: number) => boolean;
  wanted: string;
}

/** The targets of the benchmark issue; the bench reports them and never fails because of them. */
export function targetsOf(latest: LatestResults, halfRate: SweepPoint | undefined): Target[] {
  return [
    { label: 'pipeline.w1.ratioToBaseline', value: latest.pipeline.w1?.ratioToBaseline, holds: (v) => v >= 0.5, wanted: '>= 0.5' },
    { label: 'p99 latency at half the max rate (ms)', value: halfRate?.latencyMs.p99, holds: (v) => v <= 1000, wanted: '<= 1000' },
    { label: 'transfer.uploadRatio', value: latest.transfer?.uploadRatio, holds: (v) => v >= 0.5, wanted: '>= 0.5' },
    { label: 'transfer.downloadRatio', value: latest.transfer?.downloadRatio, holds: (v) => v >= 0.5, wanted: '>= 0.5' },
    { label: 'transfer.apiPeakRssMB', value: latest.transfer?.apiPeakRssMB, holds: (v) => v <= 200, wanted: '<= 200' },
    { label: 'smallGet.ratio', value: latest.smallGet?.ratio, holds: (v) => v >= 0.7, wanted: '>= 0.7' },
  ];
}

function verdict(target: Target): string {
  if (target.value === undefined || !Number.isFinite(target.value)) return 'NOT MEASURED';
  return target.holds(target.value) ? 'ok' : 'MISSED';
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
  clients: number;
  /** Uploads answered 201 per second and events fully delivered per second, per W. */
  pipelineRates: Record<'w1' | 'w5', { uploadsPerSec: number; deliveredEventsPerSec: number } | null>;
  sweep: SweepPoint[];
  errors: Record<string, string>;
}

/** The stdout report: one table per part, then the targets with ok / MISSED. */
export function renderReport(latest: LatestResults, extras: ReportExtras, halfRate: SweepPoint | undefined): string {
  const out: string[] = [`Herald benchmark (${extras.mode}, ${extras.database}; ${latest.machine.cores} cores, ${(latest.machine.memory / 2 ** 30).toFixed(1)} GiB, Node ${latest.machine.node}; ${extras.clients} concurrent clients)`, ''];
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
  out.push(
    table('Small files (1 KiB GETs, keep-alive)', ['webhook on file.downloaded', 'req/s'], [
      ['none', latest.smallGet?.reqPerSec],
      ['one JSON webhook', latest.smallGet?.reqPerSecWithEvents],
      ['ratio', latest.smallGet?.ratio],
    ]),
  );
  const targets = targetsOf(latest, halfRate);
  out.push(table('Targets', ['target', 'measured', 'wanted', ''], targets.map((target) => [target.label, target.value, target.wanted, verdict(target)])));
  for (const [part, message] of Object.entries(extras.errors)) out.push(`ERROR in ${part}: ${message}`);
  return out.join('\n');
}
