import { html, type SafeHtml } from '../html';
import type { AuditEntryResponse } from '../../audit/audit-entry.response';
import { emptyState, pageHeader, timeTag } from './components';

export interface AuditFilter {
  actor: string;
  subject: string;
}

export interface AuditPageView {
  entries: readonly AuditEntryResponse[];
  filter: AuditFilter;
  olderHref: string | null;
}

export function auditHref(filter: Partial<AuditFilter> & { cursor?: string }): string {
  const query = new URLSearchParams(Object.entries(filter).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')).toString();
  return query ? `/portal/audit?${query}` : '/portal/audit';
}

function isChange(value: unknown): value is { from: unknown; to: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'from' in value && 'to' in value;
}

function valueText(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(valueText).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * An entry's detail, one line a field: `role reader → deployer` for a change, `name ci` for a
 * value. The detail never holds a secret (the audit log's rule); this only lays it out.
 */
function diff(detail: Record<string, unknown> | null): SafeHtml {
  const fields = Object.entries(detail ?? {});
  if (fields.length === 0) return html`<span class="muted">—</span>`;
  return html`<ul class="diff">${fields.map(([field, value]) =>
    isChange(value)
      ? html`<li><span class="diff-field">${field}</span> <del>${valueText(value.from)}</del> → <ins>${valueText(value.to)}</ins></li>`
      : html`<li><span class="diff-field">${field}</span> ${valueText(value)}</li>`,
  )}</ul>`;
}

function filterForm(filter: AuditFilter): SafeHtml {
  return html`<form class="card-header filter-bar" method="get" action="/portal/audit" role="search" aria-label="Filter audit entries">
    <div class="field inline-field"><label class="label" for="filter-actor">Actor</label><input type="text" id="filter-actor" name="actor" value="${filter.actor}" placeholder="Any user" autocomplete="off" spellcheck="false"></div>
    <div class="field inline-field"><label class="label" for="filter-subject">Subject</label><input type="text" id="filter-subject" name="subject" value="${filter.subject}" placeholder="e.g. ci or libs-release" autocomplete="off" spellcheck="false"></div>
    <button type="submit" class="btn btn-secondary">Filter</button>
    ${filter.actor || filter.subject ? html`<a class="btn btn-ghost" href="/portal/audit">Clear</a>` : null}
  </form>`;
}

function row(entry: AuditEntryResponse): SafeHtml {
  return html`<tr>
    <td>${timeTag(entry.createdAt)}</td>
    <td>${entry.actor ? html`<a href="${auditHref({ actor: entry.actor })}">${entry.actor}</a>` : html`<span class="muted">Herald</span>`}</td>
    <td class="mono">${entry.address ?? html`<span class="muted">—</span>`}</td>
    <td><span class="chip">${entry.action}</span></td>
    <td><a class="target" href="${auditHref({ subject: entry.subjectId })}">${entry.subjectId}</a><span class="row-sub">${entry.subjectType}</span></td>
    <td>${diff(entry.detail)}</td>
  </tr>`;
}

export function auditPage(view: AuditPageView): SafeHtml {
  const table =
    view.entries.length === 0
      ? emptyState('No entries', view.filter.actor || view.filter.subject ? 'Nothing matches this filter.' : 'Changes to users, tokens, repositories and webhooks appear here.')
      : html`<div class="table-wrap"><table class="data audit-table">
          <thead><tr><th scope="col">When</th><th scope="col">Actor</th><th scope="col">Address</th><th scope="col">Action</th><th scope="col">Subject</th><th scope="col">Changes</th></tr></thead>
          <tbody>${view.entries.map(row)}</tbody>
        </table></div>`;
  return html`${pageHeader('Audit', { lead: 'Every admin change, newest first: who did it, from where, to what, and what changed. Secrets are never recorded.' })}
    <section class="card" aria-label="Audit entries">
      ${filterForm(view.filter)}
      ${table}
      ${view.olderHref ? html`<div class="card-footer"><a class="btn btn-secondary" href="${view.olderHref}">Older</a></div>` : null}
    </section>`;
}
