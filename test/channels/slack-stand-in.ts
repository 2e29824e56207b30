import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The answers Slack documents for incoming webhooks (https://api.slack.com/messaging/webhooks#handling_errors). */
export const SLACK_ANSWERS = {
  ok: { status: 200, body: 'ok' },
  invalid_payload: { status: 400, body: 'invalid_payload' },
  action_prohibited: { status: 403, body: 'action_prohibited' },
  channel_not_found: { status: 404, body: 'channel_not_found' },
  no_service: { status: 404, body: 'no_service' },
  channel_is_archived: { status: 410, body: 'channel_is_archived' },
  rate_limited: { status: 429, body: 'rate_limited', headers: { 'retry-after': '3' } },
  server_error: { status: 500, body: 'internal_error' },
} as const;

export type SlackAnswer = keyof typeof SLACK_ANSWERS;

export interface SlackPost {
  path: string;
  contentType: string | undefined;
  body: { text: string; blocks: Array<Record<string, unknown>> };
}

const TEXT_TYPES = new Set(['plain_text', 'mrkdwn']);
const BLOCK_TYPES = new Set(['header', 'section', 'context', 'divider', 'actions', 'image', 'rich_text', 'input', 'file', 'video']);

function textProblems(where: string, value: unknown, limit: number, only?: 'plain_text'): string[] {
  const text = value as { type?: unknown; text?: unknown } | undefined;
  if (!text || typeof text !== 'object') return [`${where}: missing text object`];
  const problems: string[] = [];
  if (!TEXT_TYPES.has(text.type as string) || (only && text.type !== only)) problems.push(`${where}: text type ${String(text.type)}`);
  if (typeof text.text !== 'string' || text.text.length === 0) problems.push(`${where}: empty text`);
  else if (text.text.length > limit) problems.push(`${where}: ${text.text.length} > ${limit} characters`);
  return problems;
}

/** What Slack checks of a Block Kit message, as far as Herald's blocks go; [] when valid. */
function blockKitProblems(payload: unknown): string[] {
  const message = payload as { text?: unknown; blocks?: unknown };
  const problems: string[] = [];
  if (typeof message?.text !== 'string' || message.text.trim() === '') problems.push('text: missing (the notification fallback)');
  if (!Array.isArray(message?.blocks)) return [...problems, 'blocks: not an array'];
  if (message.blocks.length === 0 || message.blocks.length > 50) problems.push(`blocks: ${message.blocks.length} blocks`);
  message.blocks.forEach((block: Record<string, unknown>, index: number) => {
    const where = `blocks[${index}]`;
    if (!BLOCK_TYPES.has(block?.type as string)) return problems.push(`${where}: unknown type ${String(block?.type)}`);
    if (block.type === 'header') problems.push(...textProblems(`${where}.text`, block.text, 150, 'plain_text'));
    if (block.type === 'section') {
      if (block.text === undefined && block.fields === undefined) problems.push(`${where}: neither text nor fields`);
      if (block.text !== undefined) problems.push(...textProblems(`${where}.text`, block.text, 3000));
      if (block.fields !== undefined) {
        const fields = block.fields as unknown[];
        if (!Array.isArray(fields) || fields.length === 0 || fields.length > 10) problems.push(`${where}.fields: ${Array.isArray(fields) ? fields.length : 'not an array'}`);
        else fields.forEach((field, fieldIndex) => problems.push(...textProblems(`${where}.fields[${fieldIndex}]`, field, 2000)));
      }
    }
    if (block.type === 'context') {
      const elements = block.elements as unknown[];
      if (!Array.isArray(elements) || elements.length === 0 || elements.length > 10) problems.push(`${where}.elements: ${Array.isArray(elements) ? elements.length : 'not an array'}`);
      else elements.forEach((element, elementIndex) => problems.push(...textProblems(`${where}.elements[${elementIndex}]`, element, 2000)));
    }
  });
  return problems;
}

/**
 * A local stand-in for Slack's incoming webhooks on loopback: answers exactly as Slack documents,
 * and answers `400 invalid_payload` to a message that is not valid Block Kit, as Slack does.
 */
export class SlackStandIn {
  readonly posts: SlackPost[] = [];
  readonly rejected: Array<{ problems: string[] }> = [];
  answer: SlackAnswer = 'ok';
  /** A raw answer instead of Slack's (a proxy in between). */
  rawAnswer: { status: number; body: string } | null = null;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<SlackStandIn> {
    let standIn: SlackStandIn | null = null;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const answer = standIn!.handle(request.method ?? '', request.url ?? '', request.headers['content-type'], raw);
        response.writeHead(answer.status, { 'content-type': 'text/html', ...answer.headers });
        response.end(answer.body);
      });
    });
    standIn = new SlackStandIn(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return standIn;
  }

  get prefix(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/services/`;
  }

  /** An incoming-webhook URL of the stand-in: `…/services/T…/B…/<secret>`. */
  hookUrl(secret = 'Xq7SecretHookToken9fZ2'): string {
    return `${this.prefix}T0HERALD1/B0HERALD2/${secret}`;
  }

  waitFor(count: number, timeoutMs = 30_000): Promise<SlackPost[]> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.posts.length >= count) return resolve(this.posts.slice());
        if (Date.now() - started > timeoutMs) return reject(new Error(`Slack stand-in got ${this.posts.length} of ${count} messages`));
        setTimeout(check, 50);
      };
      check();
    });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(method: string, path: string, contentType: string | undefined, raw: string): { status: number; body: string; headers?: Record<string, string> } {
    if (this.rawAnswer) return this.rawAnswer;
    if (method !== 'POST' || !path.startsWith('/services/')) return { status: 404, body: 'no_service' };
    let body: SlackPost['body'];
    try {
      body = JSON.parse(raw) as SlackPost['body'];
    } catch {
      this.rejected.push({ problems: ['not JSON'] });
      return SLACK_ANSWERS.invalid_payload;
    }
    const problems = blockKitProblems(body);
    if (!/^application\/json/.test(contentType ?? '')) problems.push(`content-type ${contentType}`);
    if (problems.length) {
      this.rejected.push({ problems });
      return SLACK_ANSWERS.invalid_payload;
    }
    this.posts.push({ path, contentType, body });
    const answer = SLACK_ANSWERS[this.answer];
    return { status: answer.status, body: answer.body, headers: 'headers' in answer ? { ...answer.headers } : undefined };
  }
}
