import { html, type SafeHtml } from '../html';
import type { AuditEntryResponse } from '../../audit/audit-entry.response';
import type { WebhookResponse } from '../../webhooks/dto/webhook.response';
import { actionButton, pageHeader, secretReveal, timeTag, type PortalViewer } from './components';
import { confirmationDialog, confirmationPage, confirmationTrigger, type Confirmation } from './confirmation';
import { deliveryChart, type HourlyDeliveries } from './delivery-chart';
import type { DeliveryResponse } from '../../deliveries/dto/delivery.response';
import { deliveryHistory } from './deliveries.page';
import { icon } from './icons';
import { TARGET_TYPE_LABELS, webhookStateBadge } from './labels';
import { eventChips, targetText } from './webhook-list.page';

export interface WebhookDetailsView {
  viewer: PortalViewer;
  webhook: WebhookResponse;
  deliveries: readonly DeliveryResponse[];
  olderDeliveriesHref: string | null;
  chart: readonly HourlyDeliveries[];
  audit: readonly AuditEntryResponse[];
}

const AUDIT_VERBS: Record<string, string> = {
  'webhook.created': 'created the webhook',
  'webhook.updated': 'changed',
  'webhook.paused': 'paused the webhook',
  'webhook.resumed': 'resumed the webhook',
  'webhook.secret_rotated': 'rotated the signing secret',
  'webhook.deleted': 'deleted the webhook',
  'webhook.tested': 'sent a test event',
  'webhook.redelivered': 'redelivered an event',
  'webhook.recovered': 'redelivered what failed',
  'webhook.auto_paused': 'paused the webhook after failed deliveries in a row',
  'webhook.auto_disabled': 'disabled the webhook after failed deliveries in a row',
  'webhook.auto_recovered': 'ended the pause after a delivery succeeded',
};

function auditLine(entry: AuditEntryResponse): SafeHtml {
  const verb = AUDIT_VERBS[entry.action] ?? entry.action;
  const fields = entry.action === 'webhook.updated' && Array.isArray(entry.detail?.fields) ? ` ${(entry.detail.fields as unknown[]).map(String).join(', ')}` : '';
  return html`<li><strong>${entry.actor ?? 'Herald'}</strong> ${verb}${fields} <span class="faint">· ${timeTag(entry.createdAt)}</span></li>`;
}

function filtersText(webhook: WebhookResponse): SafeHtml {
  const filters = webhook.filters;
  if (!filters || (filters.include.length === 0 && filters.exclude.length === 0 && !filters.skipSideFiles)) return html`<span class="muted">Every path</span>`;
  const parts = [
    filters.include.length ? html`only <code>${filters.include.join(', ')}</code>` : null,
    filters.exclude.length ? html`never <code>${filters.exclude.join(', ')}</code>` : null,
    filters.skipSideFiles ? html`no checksums, signatures or metadata` : null,
  ].filter((part) => part !== null);
  return html`${parts.map((part, index) => html`${index > 0 ? '; ' : ''}${part}`)}`;
}

function healthText(webhook: WebhookResponse): SafeHtml | null {
  const health = webhook.health;
  if (!health || (health.status === 'healthy' && health.consecutiveFailures === 0)) return null;
  const until = health.status === 'paused' && health.pausedUntil ? html`, no deliveries until ${timeTag(health.pausedUntil)}` : health.status === 'disabled' ? ', until it is resumed' : '';
  return html` <span class="muted">${health.consecutiveFailures} failed deliveries in a row${until}</span>`;
}

function settings(webhook: WebhookResponse): SafeHtml {
  return html`<section class="card" aria-labelledby="settings-title">
    <div class="card-header"><h2 id="settings-title">Settings</h2><a class="btn btn-secondary btn-small" href="/portal/webhooks/${webhook.id}/edit">${icon('edit', 14)}Edit</a></div>
    <div class="card-body"><dl class="settings">
      <dt>Repository</dt><dd>${webhook.repository}</dd>
      <dt>Target type</dt><dd>${TARGET_TYPE_LABELS[webhook.target.type]}</dd>
      <dt>Target</dt><dd class="target">${targetText(webhook.target)}</dd>
      <dt>Events</dt><dd>${eventChips(webhook.events)}</dd>
      <dt>Paths</dt><dd>${filtersText(webhook)}</dd>
      <dt>Digest</dt><dd>${webhook.digest ? html`one notification per ${webhook.digest.windowSeconds} s window` : html`<span class="muted">None: one notification per event</span>`}</dd>
      <dt>Description</dt><dd>${webhook.description ?? html`<span class="muted">None</span>`}</dd>
      <dt>State</dt><dd>${webhookStateBadge(webhook.active, webhook.health?.status)}${healthText(webhook)}</dd>
      <dt>Created</dt><dd>${timeTag(webhook.createdAt)}</dd>
      <dt>Last changed</dt><dd>${timeTag(webhook.updatedAt)}</dd>
      <dt>ID</dt><dd class="mono">${webhook.id}</dd>
    </dl></div>
  </section>`;
}

function sidePanels(view: WebhookDetailsView): SafeHtml {
  const { webhook, viewer } = view;
  const secret =
    webhook.target.type === 'json'
      ? html`<section class="card" aria-labelledby="secret-title">
          <div class="card-header"><h2 id="secret-title">Signing secret</h2></div>
          <div class="card-body action-list"><div class="action-item">
            <p>Rotating makes a new secret, shown once; the old one keeps signing beside it for 24 hours.</p>
            ${actionButton(viewer, `/portal/webhooks/${webhook.id}/rotate-secret`, 'Rotate', { icon: 'key' })}
          </div></div>
        </section>`
      : null;
  return html`<div class="stack">
    <section class="card" id="delivery-chart" aria-labelledby="chart-heading" data-live-region>
      <div class="card-header"><h2 id="chart-heading">Last 24 hours</h2></div>
      <div class="card-body">${deliveryChart(view.chart)}</div>
    </section>
    ${secret}
    <section class="card danger-zone" aria-labelledby="danger-title">
      <div class="card-header"><h2 id="danger-title">Delete</h2></div>
      <div class="card-body action-list"><div class="action-item">
        <p>Removes the webhook and its delivery history. Deliveries in flight stop.</p>
        ${confirmationTrigger(deleteConfirmation(viewer, webhook), `/portal/webhooks/${webhook.id}/delete`, 'Delete')}
      </div></div>
    </section>
  </div>`;
}

/** Deleting asks first: a modal <dialog> where scripts run, the page at …/delete where they do not. */
function deleteConfirmation(viewer: PortalViewer, webhook: WebhookResponse): Confirmation {
  return {
    viewer,
    action: `/portal/webhooks/${webhook.id}/delete`,
    id: 'delete-dialog',
    title: 'Delete webhook',
    question: 'Delete this webhook?',
    consequence: html`The ${TARGET_TYPE_LABELS[webhook.target.type]} webhook of <strong>${webhook.repository}</strong> to <span class="target">${targetText(webhook.target)}</span> stops receiving events, and its delivery history is deleted. This cannot be undone.`,
    confirmLabel: 'Delete webhook',
  };
}

export function webhookDetailsPage(view: WebhookDetailsView): SafeHtml {
  const { webhook, viewer } = view;
  const actions = html`${actionButton(viewer, `/portal/webhooks/${webhook.id}/test`, 'Send test event', { icon: 'send' })}
    ${webhook.active && (webhook.health?.status ?? 'healthy') === 'healthy'
      ? actionButton(viewer, `/portal/webhooks/${webhook.id}/pause`, 'Pause', { icon: 'pause' })
      : actionButton(viewer, `/portal/webhooks/${webhook.id}/resume`, 'Resume', { icon: 'play', variant: 'primary' })}
    <a class="btn btn-secondary" href="/portal/webhooks/${webhook.id}/edit">${icon('edit')}Edit</a>`;
  return html`${pageHeader('Webhook Details', {
      back: { href: '/portal/webhooks', label: 'Webhooks' },
      lead: html`${webhookStateBadge(webhook.active, webhook.health?.status)} ${TARGET_TYPE_LABELS[webhook.target.type]} for <strong>${webhook.repository}</strong>`,
      actions,
    })}
    <div class="details-grid">
      <div class="stack">
        ${settings(webhook)}
        ${view.audit.length > 0
          ? html`<section class="card" aria-labelledby="audit-title"><div class="card-header"><h2 id="audit-title">Activity</h2></div><div class="card-body"><ul class="audit-list">${view.audit.map(auditLine)}</ul></div></section>`
          : null}
      </div>
      ${sidePanels(view)}
    </div>
    ${deliveryHistory(view.deliveries, view.olderDeliveriesHref)}
    ${confirmationDialog(deleteConfirmation(viewer, webhook))}`;
}

export function deletePage(viewer: PortalViewer, webhook: WebhookResponse): SafeHtml {
  return confirmationPage(deleteConfirmation(viewer, webhook), { href: `/portal/webhooks/${webhook.id}`, label: 'Webhook details' });
}

/** After create (JSON), rotation or a change to a JSON target: the one time a secret is shown. */
export function secretPage(webhook: WebhookResponse, secret: string, heading: string): SafeHtml {
  return html`${pageHeader(heading, { back: { href: '/portal/webhooks', label: 'Webhooks' }, lead: html`${TARGET_TYPE_LABELS[webhook.target.type]} for <strong>${webhook.repository}</strong>: <span class="target">${targetText(webhook.target)}</span>` })}
    ${secretReveal('signing-secret', 'Signing secret', secret, html`Copy it now and store it with the receiver: it is <strong>not shown again</strong>. Receivers verify the <code>webhook-signature</code> header with it (Standard Webhooks).`)}
    <div class="form-actions page-footer-actions"><a class="btn btn-primary" href="/portal/webhooks/${webhook.id}">Continue to webhook details</a><a class="btn btn-secondary" href="/portal/webhooks">Back to webhooks</a></div>`;
}
