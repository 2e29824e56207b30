import type { FactKey, NotificationSummary } from './notification-text';

/** Block Kit, only the parts Herald sends. */
export interface TextObject {
  type: 'plain_text' | 'mrkdwn';
  text: string;
}

export type SlackBlock =
  | { type: 'header'; text: TextObject & { type: 'plain_text' } }
  | { type: 'section'; text?: TextObject; fields?: TextObject[] }
  | { type: 'context'; elements: TextObject[] }
  | { type: 'divider' };

export interface SlackMessage {
  /** The notification fallback (push notifications, screen readers). */
  text: string;
  blocks: SlackBlock[];
}

/** Slack's documented limits. */
export const SLACK_LIMITS = { headerText: 150, sectionText: 3000, fieldText: 2000, fields: 10, blocks: 50, contextElements: 10 } as const;

/** Slack's three control characters in user text (https://api.slack.com/reference/surfaces/formatting#escaping). */
export function escapeMrkdwn(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A URL inside `<url|label>`: the characters that would end the link are percent-encoded. */
function linkTarget(url: string): string {
  return url.replace(/[<>|\s]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function cut(value: string, limit: number): string {
  return value.length > limit ? `${value.slice(0, limit - 1)}…` : value;
}

/** Escaped, then cut to `limit` characters without splitting an `&amp;`. */
function escapedCut(value: string, limit: number): string {
  const escaped = escapeMrkdwn(value);
  if (escaped.length <= limit) return escaped;
  let out = '';
  for (const char of value) {
    const piece = escapeMrkdwn(char);
    if (out.length + piece.length > limit - 1) break;
    out += piece;
  }
  return `${out}…`;
}

const PATH_LIMIT = 500;
const URL_LIMIT = 2000;

// The compact view: what someone glancing at the channel needs; checksums go to the context line.
const FIELD_KEYS: FactKey[] = ['repository', 'size', 'actor', 'time', 'maven', 'python', 'window', 'events', 'actors', 'files'];

function field(label: string, value: string): TextObject {
  return { type: 'mrkdwn', text: `*${label}*\n${escapedCut(value, SLACK_LIMITS.fieldText - label.length - 4)}` };
}

/** The event time in each reader's own time zone, with the UTC text as fallback. */
function timeField(label: string, value: string, timestamp: string): TextObject {
  const seconds = Math.floor(Date.parse(timestamp) / 1000);
  if (Number.isNaN(seconds)) return field(label, value);
  return { type: 'mrkdwn', text: `*${label}*\n<!date^${seconds}^{date_short_pretty} {time_secs}|${escapedCut(value, 200)}>` };
}

/** `<url|path>` when there is a file to open, the escaped path otherwise. */
function pathText(summary: NotificationSummary): string | null {
  const path = summary.facts.find((fact) => fact.key === 'path')?.value;
  if (!path) return null;
  const label = escapedCut(path, PATH_LIMIT);
  // A link cut short would not close: past the limit the path stays plain text.
  return summary.link && summary.link.url.length <= URL_LIMIT ? `<${linkTarget(summary.link.url)}|${label}>` : `\`${label}\``;
}

function listText(list: NonNullable<NotificationSummary['list']>): string {
  const more = list.more ? `\n… and ${list.more} more` : '';
  const lines: string[] = [];
  let length = list.heading.length + more.length + 8;
  for (const line of list.lines) {
    const entry = `• ${escapedCut(line, 300)}`;
    if (length + entry.length + 1 > SLACK_LIMITS.sectionText) break;
    lines.push(entry);
    length += entry.length + 1;
  }
  const dropped = list.lines.length - lines.length + list.more;
  return `*${escapeMrkdwn(list.heading)}*\n${lines.join('\n')}${dropped ? `\n… and ${dropped} more` : ''}`;
}

/** The Slack message of one notification: a header, the path as a link, the key facts, a context line. */
export function slackMessage(summary: NotificationSummary): SlackMessage {
  const blocks: SlackBlock[] = [{ type: 'header', text: { type: 'plain_text', text: cut(`${summary.title} in ${summary.repository}`, SLACK_LIMITS.headerText) } }];
  const path = pathText(summary);
  const fields = summary.facts
    .filter((fact) => FIELD_KEYS.includes(fact.key))
    .slice(0, SLACK_LIMITS.fields)
    .map((fact) => (fact.key === 'time' ? timeField(fact.label, fact.value, summary.timestamp) : field(fact.label, fact.value)));
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: path ? `*${escapeMrkdwn(summary.type)}*  ${path}` : `*${escapeMrkdwn(summary.type)}*` }, fields });
  if (summary.note) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: escapedCut(summary.note, SLACK_LIMITS.sectionText) } });
  if (summary.list) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: listText(summary.list) } });
  const context = summary.facts
    .filter((fact) => fact.key === 'sha256' || fact.key === 'client')
    .map((fact) => ({ type: 'mrkdwn' as const, text: `${fact.label} ${escapedCut(fact.value, 500)}` }));
  context.push({ type: 'mrkdwn', text: `Herald event \`${escapeMrkdwn(summary.eventId)}\`` });
  blocks.push({ type: 'context', elements: context.slice(0, SLACK_LIMITS.contextElements) });
  const actor = summary.facts.find((fact) => fact.key === 'actor')?.value;
  const fallback = `${summary.title}: ${summary.headline}${actor ? ` by ${actor}` : ''}`;
  return { text: escapedCut(fallback, SLACK_LIMITS.sectionText), blocks };
}
