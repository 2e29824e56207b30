import { ADMIN_AUTH } from './built-stack';
import { jsonOf, send, type HttpAnswer } from './http';
import type { DeliveryLedger, Subscription } from './ledger';

/** The admin REST API, as an operator drives it; any answer but the expected one throws. */
export async function adminCall<T = Record<string, unknown>>(port: number, method: string, path: string, body?: unknown, expected = [200, 201, 202, 204]): Promise<T> {
  const answer = await send(port, method, `/api/v1${path}`, {
    headers: { authorization: ADMIN_AUTH, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!expected.includes(answer.status)) throw new Error(`${method} /api/v1${path}: ${answer.status} ${answer.body.toString('utf8')}`);
  return (answer.body.length ? jsonOf<T>(answer) : null) as T;
}

export function createRepository(port: number, name: string, policy: 'release' | 'snapshot' = 'snapshot'): Promise<unknown> {
  return adminCall(port, 'POST', '/repositories', { name, policy, visibility: 'private' });
}

/** A JSON webhook; returns its id. */
export async function createJsonWebhook(port: number, repository: string, url: string, events: string[] = ['file.uploaded']): Promise<string> {
  const created = await adminCall<{ id: string }>(port, 'POST', '/webhooks', { repository, target: { type: 'json', url }, events });
  return created.id;
}

/** A JSON webhook pointing at `path` on the receiver, announced to the ledger; returns its id. */
export async function subscribeJsonWebhook(port: number, ledger: DeliveryLedger, subscription: Omit<Subscription, 'webhookId'>): Promise<string> {
  const webhookId = await createJsonWebhook(port, subscription.repository, `${subscription.receiver.url}${subscription.path}`, subscription.events);
  ledger.subscribe({ webhookId, ...subscription });
  return webhookId;
}

export async function createEmailWebhook(port: number, repository: string, to: string, events: string[] = ['file.uploaded']): Promise<string> {
  const created = await adminCall<{ id: string }>(port, 'POST', '/webhooks', { repository, target: { type: 'email', to }, events });
  return created.id;
}

export interface DeliveryView {
  id: string;
  eventId: string;
  status: 'pending' | 'retrying' | 'succeeded' | 'failed';
  attemptCount: number;
  lastStatusCode: number | null;
  attempts?: Array<{ number: number; startedAt: string; durationMs: number; statusCode: number | null; error: string | null; responseBody: string | null }>;
}

/** Every delivery of a webhook, newest first, each with its attempts. */
export async function deliveriesOf(port: number, webhookId: string): Promise<DeliveryView[]> {
  const list = await adminCall<{ items: DeliveryView[] }>(port, 'GET', `/webhooks/${webhookId}/deliveries`);
  return Promise.all(list.items.map((item) => adminCall<DeliveryView>(port, 'GET', `/deliveries/${item.id}`)));
}

/** PUTs a body as a build tool would, tagged by its User-Agent. */
export function upload(port: number, auth: string, repository: string, path: string, body: string | Buffer, tag: string, timeoutMs?: number): Promise<HttpAnswer> {
  return send(port, 'PUT', `/repositories/${repository}/${path}`, {
    headers: { authorization: auth, 'user-agent': tag, 'content-type': 'application/java-archive', 'content-length': String(Buffer.byteLength(body)) },
    body,
    timeoutMs,
  });
}

export function download(port: number, auth: string, repository: string, path: string, tag: string, timeoutMs?: number): Promise<HttpAnswer> {
  return send(port, 'GET', `/repositories/${repository}/${path}`, { headers: { authorization: auth, 'user-agent': tag }, timeoutMs });
}
