import type { DeliveryStatus } from '@herald/contracts';
import type { DeliveryAttemptResponse, DeliveryResponse } from '../../deliveries/dto/delivery.response';
import { html, type SafeHtml } from '../html';
import { actionButton, emptyState, pageHeader, timeTag, type PortalViewer } from './components';
import { icon } from './icons';
import { deliveryStatusBadge, EVENT_LABELS } from './labels';

/** A delivery as the delivery feature presents it; the single view carries its attempts. */
export type DeliveryDetailView = DeliveryResponse & { attempts: DeliveryAttemptResponse[] };

export function isInFlight(status: DeliveryStatus): boolean {
  return status === 'pending' || status === 'retrying';
}

function statusCode(code: number | null): SafeHtml {
  if (code === null) return html`<span class="muted">—</span>`;
  return html`<span class="mono ${code >= 200 && code < 300 ? 'code-ok' : 'code-bad'}">${code}</span>`;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** The history table on the webhook page; refreshes itself (portal.js) while a delivery is in flight. */
export function deliveryHistory(deliveries: readonly DeliveryResponse[], olderHref: string | null): SafeHtml {
  const pending = deliveries.some((delivery) => isInFlight(delivery.status));
  const body =
    deliveries.length === 0
      ? emptyState('No deliveries yet', html`Deliveries appear here as soon as a subscribed event happens. <strong>Send test event</strong> to try the target now.`)
      : html`<div class="table-wrap"><table class="data">
          <thead><tr><th scope="col">Status</th><th scope="col">Event</th><th scope="col" class="num">Attempts</th><th scope="col" class="num">Last status</th><th scope="col">Created</th><th scope="col">Completed</th></tr></thead>
          <tbody>${deliveries.map(
            (delivery) => html`<tr>
              <td>${deliveryStatusBadge(delivery.status)}</td>
              <td><a class="row-title" href="/portal/deliveries/${delivery.id}">${EVENT_LABELS[delivery.eventType] ?? delivery.eventType}</a><span class="row-sub mono">${delivery.eventId}</span></td>
              <td class="num">${delivery.attemptCount}</td>
              <td class="num">${statusCode(delivery.lastStatusCode)}</td>
              <td>${timeTag(delivery.createdAt)}</td>
              <td>${timeTag(delivery.completedAt, isInFlight(delivery.status) ? 'in progress' : '—')}</td>
            </tr>`,
          )}</tbody>
        </table></div>`;
  return html`<section class="card" id="deliveries" aria-labelledby="deliveries-title" data-live-region data-pending="${pending ? 'true' : 'false'}">
    <div class="card-header"><div><h2 id="deliveries-title">Delivery history</h2><p>Newest first. Open a delivery to see each attempt.</p></div>${pending ? html`<span class="badge badge-info" role="status">Updating…</span>` : null}</div>
    ${body}
    ${olderHref ? html`<div class="card-footer"><a class="btn btn-secondary" href="${olderHref}">Older deliveries</a></div>` : null}
  </section>`;
}

function attemptsTable(attempts: readonly DeliveryAttemptResponse[]): SafeHtml {
  if (attempts.length === 0) return emptyState('No attempts yet', 'The first attempt starts as soon as the worker picks the delivery up.');
  return html`<div class="table-wrap"><table class="data attempts">
    <thead><tr><th scope="col" class="num">#</th><th scope="col">Started</th><th scope="col" class="num">Duration</th><th scope="col" class="num">Status</th><th scope="col">Error</th><th scope="col">Response</th></tr></thead>
    <tbody>${attempts.map(
      (attempt) => html`<tr>
        <td class="num">${attempt.number}</td>
        <td>${timeTag(attempt.startedAt)}</td>
        <td class="num">${formatDuration(attempt.durationMs)}</td>
        <td class="num">${statusCode(attempt.statusCode)}</td>
        <td>${attempt.error ? html`<span class="error-text">${attempt.error}</span>` : html`<span class="muted">—</span>`}</td>
        <td>${attempt.responseBody ? html`<pre class="excerpt">${attempt.responseBody}</pre>` : html`<span class="muted">empty</span>`}</td>
      </tr>`,
    )}</tbody>
  </table></div>`;
}

export function deliveryPage(viewer: PortalViewer, delivery: DeliveryDetailView): SafeHtml {
  const actions = html`${actionButton(viewer, `/portal/deliveries/${delivery.id}/redeliver`, 'Redeliver', { icon: 'retry' })}
    <a class="btn btn-secondary" href="${delivery.temporalUrl}" target="_blank" rel="noopener noreferrer">${icon('external')}View in Temporal<span class="visually-hidden"> (opens in a new tab)</span></a>`;
  return html`${pageHeader(`${EVENT_LABELS[delivery.eventType] ?? delivery.eventType} delivery`, {
      back: { href: `/portal/webhooks/${delivery.webhookId}`, label: 'Webhook details' },
      lead: html`<span class="mono">${delivery.id}</span>`,
      actions,
    })}
    <div id="delivery" class="stack" data-live-region data-pending="${isInFlight(delivery.status) ? 'true' : 'false'}">
      <section class="card" aria-labelledby="delivery-summary-title">
        <div class="card-header"><h2 id="delivery-summary-title">Summary</h2>${isInFlight(delivery.status) ? html`<span class="badge badge-info" role="status">Updating…</span>` : null}</div>
        <div class="card-body"><dl class="settings">
          <dt>Status</dt><dd>${deliveryStatusBadge(delivery.status)}</dd>
          <dt>Event</dt><dd>${EVENT_LABELS[delivery.eventType] ?? delivery.eventType} <span class="mono faint">${delivery.eventId}</span></dd>
          <dt>Attempts</dt><dd>${delivery.attemptCount}</dd>
          <dt>Last status code</dt><dd>${statusCode(delivery.lastStatusCode)}</dd>
          <dt>Created</dt><dd>${timeTag(delivery.createdAt)}</dd>
          <dt>Completed</dt><dd>${timeTag(delivery.completedAt, isInFlight(delivery.status) ? 'in progress' : '—')}</dd>
          <dt>Workflow</dt><dd><a class="mono" href="${delivery.temporalUrl}" target="_blank" rel="noopener noreferrer">${delivery.workflowId}</a></dd>
        </dl></div>
      </section>
      <section class="card" aria-labelledby="attempts-title">
        <div class="card-header"><div><h2 id="attempts-title">Attempts</h2><p>Each attempt is its own activity in the Temporal workflow history.</p></div></div>
        ${attemptsTable(delivery.attempts)}
      </section>
    </div>`;
}
