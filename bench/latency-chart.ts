export interface SweepPoint {
  /** Share of the measured maximum rate this run offered, 0..1. */
  share: number;
  offeredPerSec: number;
  latencyMs: { p50: number; p95: number; p99: number };
}

const WIDTH = 720;
const HEIGHT = 420;
const MARGIN = { left: 70, right: 150, top: 40, bottom: 60 };
const SERIES = [
  { key: 'p50', color: '#2b7bb9' },
  { key: 'p95', color: '#e69f00' },
  { key: 'p99', color: '#c0392b' },
] as const;

/**
 * Upload-to-receipt latency percentiles against offered load, as a standalone SVG: a log-scale
 * latency axis (the percentiles span decades near saturation), the 1 s p99 target, and the
 * half-of-maximum rate the target is held at.
 */
export function latencyChart(points: SweepPoint[], maxRatePerSec: number, title: string): string {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const values = points.flatMap((point) => SERIES.map((series) => point.latencyMs[series.key])).filter((value) => Number.isFinite(value) && value > 0);
  const low = Math.pow(10, Math.floor(Math.log10(Math.min(100, ...values))));
  const high = Math.pow(10, Math.ceil(Math.log10(Math.max(2000, ...values))));
  const xMax = Math.max(maxRatePerSec, ...points.map((point) => point.offeredPerSec)) * 1.1 || 1;
  const x = (rate: number) => MARGIN.left + (rate / xMax) * plotW;
  const y = (ms: number) => MARGIN.top + plotH - ((Math.log10(ms) - Math.log10(low)) / (Math.log10(high) - Math.log10(low))) * plotH;

  const parts: string[] = [];
  parts.push(`<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${escape(title)}</text>`);
  for (let decade = low; decade <= high; decade *= 10) {
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y(decade)}" y2="${y(decade)}" stroke="#ddd"/>`);
    parts.push(`<text x="${MARGIN.left - 8}" y="${y(decade) + 4}" text-anchor="end" font-size="11">${decade >= 1000 ? `${decade / 1000} s` : `${decade} ms`}</text>`);
  }
  for (let step = 0; step <= 5; step++) {
    const rate = (xMax / 5) * step;
    parts.push(`<line x1="${x(rate)}" x2="${x(rate)}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH + 5}" stroke="#333"/>`);
    parts.push(`<text x="${x(rate)}" y="${MARGIN.top + plotH + 18}" text-anchor="middle" font-size="11">${rate.toFixed(rate < 10 ? 1 : 0)}</text>`);
  }
  parts.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`);
  parts.push(`<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 18}" text-anchor="middle" font-size="12">offered load (uploads/s, one JSON webhook each)</text>`);
  parts.push(`<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="12">upload-to-receipt latency</text>`);

  parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y(1000)}" y2="${y(1000)}" stroke="#c0392b" stroke-dasharray="6 4"/>`);
  parts.push(`<text x="${MARGIN.left + plotW + 6}" y="${y(1000) + 4}" font-size="11" fill="#c0392b">target p99 ≤ 1 s</text>`);
  if (maxRatePerSec > 0) {
    parts.push(`<line x1="${x(maxRatePerSec / 2)}" x2="${x(maxRatePerSec / 2)}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#777" stroke-dasharray="3 3"/>`);
    parts.push(`<text x="${x(maxRatePerSec / 2) + 4}" y="${MARGIN.top + 12}" font-size="11" fill="#555">½ max</text>`);
    parts.push(`<line x1="${x(maxRatePerSec)}" x2="${x(maxRatePerSec)}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#777" stroke-dasharray="3 3"/>`);
    parts.push(`<text x="${x(maxRatePerSec) + 4}" y="${MARGIN.top + 12}" font-size="11" fill="#555">max ${maxRatePerSec.toFixed(1)}/s</text>`);
  }

  const sorted = [...points].sort((a, b) => a.offeredPerSec - b.offeredPerSec);
  SERIES.forEach((series, index) => {
    const drawn = sorted.filter((point) => Number.isFinite(point.latencyMs[series.key]) && point.latencyMs[series.key] > 0);
    const path = drawn.map((point) => `${x(point.offeredPerSec).toFixed(1)},${y(point.latencyMs[series.key]).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${path}" fill="none" stroke="${series.color}" stroke-width="2"/>`);
    for (const point of drawn) {
      parts.push(`<circle cx="${x(point.offeredPerSec).toFixed(1)}" cy="${y(point.latencyMs[series.key]).toFixed(1)}" r="3.5" fill="${series.color}"><title>${series.key} ${Math.round(point.latencyMs[series.key])} ms at ${point.offeredPerSec} uploads/s (${Math.round(point.share * 100)} % of max)</title></circle>`);
    }
    const legendY = MARGIN.top + 40 + index * 18;
    parts.push(`<line x1="${MARGIN.left + plotW + 8}" x2="${MARGIN.left + plotW + 28}" y1="${legendY}" y2="${legendY}" stroke="${series.color}" stroke-width="2"/>`);
    parts.push(`<text x="${MARGIN.left + plotW + 34}" y="${legendY + 4}" font-size="12">${series.key}</text>`);
  });

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
