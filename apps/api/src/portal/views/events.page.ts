import { EVENT_TYPES } from '@herald/contracts';
import { flag, html, type SafeHtml } from '../html';
import type { FileEventResponse } from '../../events/dto/file-event.response';
import { emptyState, pageHeader, timeTag } from './components';
import { EVENT_LABELS } from './labels';

export interface EventsPageView {
  events: readonly FileEventResponse[];
  repositories: readonly string[];
  filter: { repository: string; type: string };
  olderHref: string | null;
}

export function formatBytes(size: number | null): string {
  if (size === null) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = size;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

function filterForm(view: EventsPageView): SafeHtml {
  return html`<form class="card-header filter-bar" method="get" action="/portal/events" role="search" aria-label="Filter events">
    <div class="field inline-field"><label class="label" for="filter-repository">Repository</label>
      <select id="filter-repository" name="repository"><option value="">All repositories</option>${view.repositories.map(
        (name) => html`<option value="${name}"${flag('selected', name === view.filter.repository)}>${name}</option>`,
      )}</select></div>
    <div class="field inline-field"><label class="label" for="filter-type">Event</label>
      <select id="filter-type" name="type"><option value="">All events</option>${EVENT_TYPES.map(
        (type) => html`<option value="${type}"${flag('selected', type === view.filter.type)}>${EVENT_LABELS[type]}</option>`,
      )}</select></div>
    <button type="submit" class="btn btn-secondary">Filter</button>
  </form>`;
}

export function eventsPage(view: EventsPageView): SafeHtml {
  const table =
    view.events.length === 0
      ? emptyState('No events', 'Uploads, downloads and deletions appear here as build tools use the repositories.')
      : html`<div class="table-wrap"><table class="data">
          <thead><tr><th scope="col">When</th><th scope="col">Event</th><th scope="col">Repository</th><th scope="col">Path</th><th scope="col">Actor</th><th scope="col" class="num">Size</th></tr></thead>
          <tbody>${view.events.map(
            (event) => html`<tr>
              <td>${timeTag(event.occurredAt)}</td>
              <td><span class="chip">${EVENT_LABELS[event.type] ?? event.type}</span></td>
              <td>${event.repository}</td>
              <td class="target">${event.path}</td>
              <td>${event.actor.username ?? html`<span class="muted">anonymous</span>`}${event.actor.ip ? html`<span class="row-sub">${event.actor.ip}</span>` : null}</td>
              <td class="num">${formatBytes(event.size)}</td>
            </tr>`,
          )}</tbody>
        </table></div>`;
  return html`${pageHeader('Events', { lead: 'Recent file events, newest first: each one is a workflow that notifies the subscribed webhooks.' })}
    <section class="card" aria-label="Event list">
      ${filterForm(view)}
      ${table}
      ${view.olderHref ? html`<div class="card-footer"><a class="btn btn-secondary" href="${view.olderHref}">Older events</a></div>` : null}
    </section>`;
}
