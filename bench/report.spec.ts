import { latencyChart, type SweepPoint } from './latency-chart';
import { renderReport, targetsOf, type LatestResults, type ReportExtras } from './report';

const latest: LatestResults = {
  pipeline: {
    w1: { events: 300, eventsPerSec: 40, deliveriesPerSec: 12, latencyMs: { p50: 100, p95: 200, p99: 300 }, baselinePerSec: 30, ratioToBaseline: 0.4 },
    w5: null,
  },
  transfer: { bytes: 1024, uploadMBps: 100, downloadMBps: 300, copyMBps: 400, uploadRatio: 0.25, downloadRatio: 0.75, apiPeakRssMB: 150 },
  s3Transfer: { bytes: 1024, uploadMBps: 150, downloadMBps: 120, sdkUploadMBps: 200, sdkDownloadMBps: 200, uploadRatio: 0.75, downloadRatio: 0.6, apiPeakRssMB: 210 },
  pythonUpload: { bytes: 64 * 2 ** 20, pythonMBps: 150, mavenMBps: 200, ratio: 0.75, apiPeakRssMB: 180 },
  smallGet: null,
  downloads: {
    plainReqPerSec: 12900,
    unsubscribed: { reqPerSec: 7000, ratio: 0.54, p99Ms: 9.5, temporalWorkflowsPerEvent: 1, temporal: { workflowStarts: 1, activities: 2, localActivities: 0, signals: 0, historyEvents: 17 } },
    bearer: { reqPerSec: 6900, ratio: 0.53, p99Ms: 9.8, basicReqPerSec: 7100, basicP99Ms: 9.4, ratioToBasic: 0.97 },
    head: { reqPerSec: 6000, ratio: 0.47 },
    digest: { reqPerSec: 4000, ratio: 0.31, countedExactly: true, temporal: { workflowStarts: 0.001, activities: 0.001, localActivities: 0, signals: 0.004, historyEvents: 0.03 } },
    perEvent: { reqPerSec: 900, deliveredPerSec: 30, ratioToBaseline: 0.86, allDelivered: false, temporal: { workflowStarts: 1, activities: 3, localActivities: 0, signals: 0, historyEvents: 23 } },
  },
  machine: { cores: 2, memory: 2 ** 31, node: 'v20.0.0' },
};
const sweep: SweepPoint[] = [
  { share: 0.5, offeredPerSec: 6, latencyMs: { p50: 80, p95: 400, p99: 1200 } },
  { share: 1, offeredPerSec: 12, latencyMs: { p50: 900, p95: 2000, p99: 3000 } },
];
const extras: ReportExtras = { mode: 'quick', database: 'SQLite', storage: 'file:', clients: 16, pipelineRates: { w1: { uploadsPerSec: 40, deliveredEventsPerSec: 12 }, w5: null }, sweep, errors: {} };

describe('bench report', () => {
  it('judges each target, and says which were not measured', () => {
    const verdicts = Object.fromEntries(targetsOf(latest, sweep[0]).map((target) => [target.label, target.met === true]));
    expect(verdicts).toEqual({
      'pipeline.w1.ratioToBaseline': false,
      'p99 latency at half the max rate (ms)': false,
      'transfer.uploadRatio': false,
      'transfer.downloadRatio': true,
      'transfer.apiPeakRssMB': true,
      's3Transfer.uploadRatio': true,
      's3Transfer.downloadRatio': false,
      's3Transfer.apiPeakRssMB': false,
      'pythonUpload.ratio': false,
      'downloads.unsubscribed.ratio': true,
      'downloads.unsubscribed.temporalWorkflowsPerEvent': false,
      'downloads.bearer.ratioToBasic': false,
      'downloads.head.ratio': false,
      'downloads.digest.ratio': true,
      'downloads.digest.countedExactly': true,
      'downloads.perEvent.ratioToBaseline': true,
      'downloads.perEvent.allDelivered': false,
    });
    const table = renderReport(latest, extras, sweep[0]);
    expect(table).toMatch(/pipeline\.w1\.ratioToBaseline\s+0\.4\s+>= 0\.5\s+MISSED/);
    expect(table).toMatch(/transfer\.downloadRatio\s+0\.75\s+>= 0\.5\s+ok/);
    expect(table).not.toContain('smallGet');
    expect(table).toContain('quick: 256 MiB instead of 1 GiB');
    expect(table).toMatch(/downloads\.unsubscribed\.temporalWorkflowsPerEvent\s+1\s+0\s+MISSED/);
    expect(table).toMatch(/downloads\.digest\.countedExactly\s+true\s+true\s+ok/);
    expect(table).toMatch(/downloads\.bearer\.ratioToBasic\s+0\.97\s+>= 1\s+MISSED/);
    expect(table).toMatch(/Herald GET, Bearer token\s+6900\s+0\.53\s+9\.8\s+0\.97 of Basic in turns with it/);
    expect(table).toMatch(/downloads\.perEvent\.allDelivered\s+false\s+true\s+MISSED/);
  });

  it('sets the S3 transfer beside the SDK doing the same, and says when it did not run', () => {
    const table = renderReport(latest, extras, sweep[0]);
    expect(table).toMatch(/SDK Upload \(lib-storage\)\s+200\s+1/);
    expect(table).toMatch(/PUT through the API\s+150\s+0\.75/);
    expect(table).toMatch(/s3Transfer\.downloadRatio\s+0\.6\s+>= 0\.7\s+MISSED/);
    const fileOnly = renderReport({ ...latest, s3Transfer: null }, extras, sweep[0]);
    expect(fileOnly).toContain('S3 transfer (not run: --storage s3');
    expect(fileOnly).toMatch(/s3Transfer\.apiPeakRssMB\s+-\s+<= 200\s+NOT MEASURED/);
  });

  it('sets the twine upload beside a Maven PUT of the same bytes, and says when it did not run', () => {
    const table = renderReport(latest, extras, sweep[0]);
    expect(table).toContain('Python upload (64 MiB wheel, quick: 64 MiB instead of 256 MiB');
    expect(table).toMatch(/Maven PUT through the API\s+200\s+1/);
    expect(table).toMatch(/twine upload \(POST multipart\/form-data\)\s+150\s+0\.75/);
    expect(table).toMatch(/pythonUpload\.ratio\s+0\.75\s+>= 0\.8\s+MISSED/);
    const unmeasured = renderReport({ ...latest, pythonUpload: null }, extras, sweep[0]);
    expect(unmeasured).toContain('Python upload (not run');
    expect(unmeasured).toMatch(/pythonUpload\.ratio\s+-\s+>= 0\.8\s+NOT MEASURED/);
  });

  it('prints every download phase beside the plain server, and what each GET cost Temporal', () => {
    const table = renderReport(latest, extras, sweep[0]);
    expect(table).toMatch(/plain Node http server\s+12900\s+1/);
    expect(table).toMatch(/Herald GET, no webhook\s+7000\s+0\.54\s+9\.5\s+1 workflows per GET/);
    expect(table).toMatch(/Herald GET, per-event webhook\s+900\s+30 delivered\/s, 0\.86 of the engine; all delivered: false/);
    expect(table).toMatch(/digest\s+0\.001\s+0\.001\s+0\s+0\.004\s+0\.03/);
    const unmeasured = renderReport({ ...latest, downloads: null }, extras, sweep[0]);
    expect(unmeasured).toMatch(/downloads\.digest\.countedExactly\s+-\s+true\s+NOT MEASURED/);
  });

  it('draws one polyline per percentile through every sweep point, with the 1 s target', () => {
    const svg = latencyChart(sweep, 12, 'test <chart>');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(3);
    expect(svg.match(/<circle /g)).toHaveLength(6);
    expect(svg).toContain('target p99 ≤ 1 s');
    expect(svg).toContain('test &lt;chart&gt;');
  });
});
