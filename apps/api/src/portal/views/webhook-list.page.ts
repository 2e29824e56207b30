import type { WebhookTarget } from '@herald/contracts';
import { html, type SafeHtml } from '../html';
import type { DeliveryResponse } from '../../deliveries/dto/delivery.response';
import type { WebhookResponse } from '../../webhooks/dto/webhook.response';
import { emptyState, pageHeader, timeTag } from './components';
import { icon } from './icons';
import { deliveryStatusBadge, EVENT_LABELS, TARGET_TYPE_LABELS, webhookStateBadge } from './labels';

export type LastDelivery = Pick<DeliveryResponse, 'status' | 'createdAt' | 'lastStatusCode'>;

export interface WebhookRow {
  webhook: WebhookResponse;
  lastDelivery: LastDelivery | null;
}

export function targetText(target: WebhookTarget): string {
  return target.type === 'email' ? target.to : target.url;
}

export function eventChips(events: readonly string[]): SafeHtml {
  return html`${events.map((event) => html`<span class="chip">${EVENT_LABELS[event as keyof typeof EVENT_LABELS] ?? event}</span>`)}`;
}

function lastDeliveryCell(last: LastDelivery | null): SafeHtml {
  if (!last) return html`<span class="muted">No deliveries yet</span>`;
  return html`${deliveryStatusBadge(last.status)}<span class="row-sub">${timeTag(last.createdAt)}${last.lastStatusCode !== null ? html` · HTTP ${last.lastStatusCode}` : null}</span>`;
}

const createButton = html`<a class="btn btn-primary" href="/portal/webhooks/new">${icon('plus')}Create Webhook</a>`;

export function webhookListPage(rows: readonly WebhookRow[]): SafeHtml {
  const header = pageHeader('Webhooks', {
    lead: 'Each webhook notifies one target (an email address, a JSON URL or a Slack channel) of a repository’s file events.',
    actions: rows.length > 0 ? createButton : null,
  });
  if (rows.length === 0) {
    return html`${header}<section class="card">${emptyState(
      'No webhooks yet',
      html`Nothing is notified of file events. Use <strong>Create Webhook</strong> to send uploads, downloads or deletions to email, a JSON endpoint or Slack.`,
      createButton,
    )}</section>`;
  }
  const body = rows.map(
    ({ webhook, lastDelivery }) => html`<tr>
      <td>
        <a class="row-title" href="/portal/webhooks/${webhook.id}">${TARGET_TYPE_LABELS[webhook.target.type]}</a>
        <span class="row-sub target">${targetText(webhook.target)}</span>
        ${webhook.description ? html`<span class="row-sub">${webhook.description}</span>` : null}
      </td>
      <td>${webhook.repository}</td>
      <td>${eventChips(webhook.events)}</td>
      <td>${webhookStateBadge(webhook.active, webhook.health?.status)}</td>
      <td>${lastDeliveryCell(lastDelivery)}</td>
    </tr>`,
  );
  return html`${header}<section class="card" aria-label="Webhook list"><div class="table-wrap"><table class="data">
    <thead><tr><th scope="col">Target</th><th scope="col">Repository</th><th scope="col">Events</th><th scope="col">State</th><th scope="col">Last delivery</th></tr></thead>
    <tbody>${body}</tbody>
  </table></div></section>`;
}
