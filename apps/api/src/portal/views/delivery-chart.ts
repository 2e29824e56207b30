import { html, trusted, type SafeHtml } from '../html';

/** One hour of a webhook's deliveries. */
export interface HourlyDeliveries {
  /** The start of the hour. */
  hour: Date;
  succeeded: number;
  failed: number;
}

const WIDTH = 340;
const HEIGHT = 130;
const TOP = 8;
const BOTTOM = 20;
const LEFT = 26;
const RIGHT = 4;

function niceMax(value: number): number {
  if (value <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const steps = [1, 2, 2.5, 5, 10].map((step) => step * magnitude);
  return steps.find((step) => step >= value) ?? 10 * magnitude;
}

function hourLabel(date: Date): string {
  return `${String(date.getUTCHours()).padStart(2, '0')}:00`;
}

/**
 * Hourly bars of the last 24 hours, succeeded stacked under failed, as inline SVG (no script,
 * no library). The SVG is an image with a one-sentence label; the numbers are also a table.
 */
export function deliveryChart(hours: readonly HourlyDeliveries[]): SafeHtml {
  const succeeded = hours.reduce((sum, hour) => sum + hour.succeeded, 0);
  const failed = hours.reduce((sum, hour) => sum + hour.failed, 0);
  const max = niceMax(Math.max(0, ...hours.map((hour) => hour.succeeded + hour.failed)));
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = (WIDTH - LEFT - RIGHT) / Math.max(hours.length, 1);
  const barWidth = Math.max(2, slot - 3);
  const y = (count: number) => (count / max) * plotHeight;

  const parts: string[] = [];
  for (const fraction of [0, 0.5, 1]) {
    const lineY = (TOP + plotHeight - fraction * plotHeight).toFixed(1);
    parts.push(`<line class="grid-line" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${lineY}" y2="${lineY}"/>`);
    parts.push(`<text class="axis-label" x="${LEFT - 6}" y="${(Number(lineY) + 3).toFixed(1)}" text-anchor="end">${Math.round(fraction * max)}</text>`);
  }
  hours.forEach((hour, index) => {
    const x = (LEFT + index * slot + (slot - barWidth) / 2).toFixed(1);
    const okHeight = y(hour.succeeded);
    const failHeight = y(hour.failed);
    const base = TOP + plotHeight;
    const title = `${hourLabel(hour.hour)} UTC: ${hour.succeeded} succeeded, ${hour.failed} failed`;
    parts.push(`<g><title>${title}</title>`);
    if (hour.succeeded > 0) parts.push(`<rect class="bar-succeeded" x="${x}" y="${(base - okHeight).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${okHeight.toFixed(1)}" rx="1.5"/>`);
    if (hour.failed > 0) parts.push(`<rect class="bar-failed" x="${x}" y="${(base - okHeight - failHeight).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${failHeight.toFixed(1)}" rx="1.5"/>`);
    if (hour.succeeded + hour.failed === 0) parts.push(`<rect fill="transparent" x="${x}" y="${TOP}" width="${barWidth.toFixed(1)}" height="${plotHeight}"/>`);
    parts.push('</g>');
    if (index % 6 === 0 || index === hours.length - 1) {
      parts.push(`<text class="axis-label" x="${(Number(x) + barWidth / 2).toFixed(1)}" y="${HEIGHT - 6}" text-anchor="middle">${index === hours.length - 1 ? 'now' : hourLabel(hour.hour)}</text>`);
    }
  });

  const summary = `Deliveries in the last 24 hours: ${succeeded} succeeded, ${failed} failed.`;
  const busiest = hours.filter((hour) => hour.succeeded + hour.failed > 0);
  return html`<figure class="chart-figure">
    <svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="chart-title">
      <title id="chart-title">${summary}</title>
      ${trusted(parts.join(''))}
    </svg>
    <figcaption class="legend">
      <span><span class="legend-swatch swatch-succeeded" aria-hidden="true"></span>${succeeded} succeeded</span>
      <span><span class="legend-swatch swatch-failed" aria-hidden="true"></span>${failed} failed</span>
      <span class="faint">hourly, UTC</span>
    </figcaption>
    <details class="chart-table">
      <summary>Show as a table</summary>
      ${busiest.length === 0
        ? html`<p class="muted">No finished deliveries in the last 24 hours.</p>`
        : html`<table class="data"><thead><tr><th scope="col">Hour (UTC)</th><th scope="col" class="num">Succeeded</th><th scope="col" class="num">Failed</th></tr></thead>
          <tbody>${busiest.map((hour) => html`<tr><td>${hour.hour.toISOString().slice(0, 13).replace('T', ' ')}:00</td><td class="num">${hour.succeeded}</td><td class="num">${hour.failed}</td></tr>`)}</tbody></table>`}
    </details>
  </figure>`;
}
