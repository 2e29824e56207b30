import { oneLine, type NotificationSummary } from './notification-text';

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

/** Mail clients cut long subjects anyway; keeping it bounded keeps header folding sane. */
const SUBJECT_LIMIT = 250;

export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function emailSubject(summary: NotificationSummary): string {
  const subject = oneLine(`[Herald] ${summary.headline}`);
  return subject.length > SUBJECT_LIMIT ? `${subject.slice(0, SUBJECT_LIMIT - 1)}…` : subject;
}

function plainText(summary: NotificationSummary): string {
  const width = Math.max(...summary.facts.map((fact) => fact.label.length)) + 2;
  const lines = [summary.title, '', ...(summary.note ? [summary.note, ''] : []), ...summary.facts.map((fact) => `${`${fact.label}:`.padEnd(width)}${fact.value}`)];
  if (summary.link) lines.push('', `Open the file: ${summary.link.url}`);
  if (summary.list) {
    lines.push('', `${summary.list.heading}:`, ...summary.list.lines.map((line) => `  ${line}`));
    if (summary.list.more) lines.push(`  … and ${summary.list.more} more`);
  }
  lines.push('', `-- `, `Herald event ${summary.eventId} (${summary.type})`);
  return `${lines.join('\n')}\n`;
}

const CELL = 'padding:4px 12px 4px 0;vertical-align:top;';
const MONO = 'font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;';
const MONO_FACTS = new Set(['path', 'sha256', 'sha1', 'md5', 'maven', 'python']);

function html(summary: NotificationSummary): string {
  const rows = summary.facts.map((fact) => {
    const value = fact.key === 'path' && summary.link
      ? `<a href="${escapeHtml(summary.link.url)}">${escapeHtml(fact.value)}</a>`
      : escapeHtml(fact.value);
    const style = MONO_FACTS.has(fact.key) ? `${CELL}${MONO}word-break:break-all;` : CELL;
    return `<tr><th align="left" style="${CELL}color:#555;font-weight:600;white-space:nowrap;">${escapeHtml(fact.label)}</th><td style="${style}">${value}</td></tr>`;
  });
  const parts = [
    `<h2 style="margin:0 0 12px;font-size:18px;">${escapeHtml(summary.title)}</h2>`,
    ...(summary.note ? [`<p style="margin:0 0 12px;">${escapeHtml(summary.note)}</p>`] : []),
    `<table cellspacing="0" cellpadding="0" style="border-collapse:collapse;font-size:14px;">${rows.join('')}</table>`,
  ];
  if (summary.link) {
    parts.push(`<p style="margin:16px 0;"><a href="${escapeHtml(summary.link.url)}" style="color:#0b5cad;">Open the file</a></p>`);
  }
  if (summary.list) {
    const items = summary.list.lines.map((line) => `<li style="${MONO}">${escapeHtml(line)}</li>`);
    if (summary.list.more) items.push(`<li>… and ${summary.list.more} more</li>`);
    parts.push(`<h3 style="margin:16px 0 4px;font-size:15px;">${escapeHtml(summary.list.heading)}</h3><ul style="margin:0;padding-left:20px;font-size:14px;">${items.join('')}</ul>`);
  }
  parts.push(`<p style="margin:16px 0 0;color:#777;font-size:12px;">Herald event ${escapeHtml(summary.eventId)} (${escapeHtml(summary.type)})</p>`);
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(emailSubject(summary))}</title></head><body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#222;">${parts.join('')}</body></html>`;
}

/** The subject and both parts of one notification mail. */
export function emailContent(summary: NotificationSummary): EmailContent {
  return { subject: emailSubject(summary), text: plainText(summary), html: html(summary) };
}
