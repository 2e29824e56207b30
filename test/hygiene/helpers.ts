import { Webhook as StandardWebhook } from 'standardwebhooks';
import type { ReceivedRequest } from '../support/receiver';
import type { TestStack } from '../support/stack';

export interface CreatedWebhook {
  id: string;
  secret?: string;
  health: { status: string; consecutiveFailures: number; pausedUntil: string | null };
}

/** The admin API, as an operator uses it; throws with the answer on anything but 2xx. */
export async function api<T = Record<string, unknown>>(stack: TestStack, method: string, path: string, body?: unknown): Promise<T> {
  const response = await stack.request(method, `/api/v1${path}`, { body });
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? null : await response.json()) as T;
}

export async function createRepository(stack: TestStack, name: string): Promise<void> {
  await api(stack, 'POST', '/repositories', { name, policy: 'release', visibility: 'private' });
}

export function createWebhook(stack: TestStack, body: Record<string, unknown>): Promise<CreatedWebhook> {
  return api<CreatedWebhook>(stack, 'POST', '/webhooks', body);
}

export async function upload(stack: TestStack, repository: string, path: string, body: string | Buffer = `bytes of ${path}`): Promise<void> {
  const response = await stack.request('PUT', `/repositories/${repository}/${path}`, { body: typeof body === 'string' ? body : new Uint8Array(body) });
  if (response.status !== 201) throw new Error(`PUT ${path}: ${response.status} ${await response.text()}`);
}

export async function download(stack: TestStack, repository: string, path: string, auth?: string): Promise<void> {
  const response = await stack.request('GET', `/repositories/${repository}/${path}`, { auth });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status}`);
}

/** Runs `count` tasks, `concurrency` at a time. */
export async function inParallel(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) await task(next++);
  }));
}

export interface Notification<D = Record<string, unknown>> {
  id: string;
  type: string;
  timestamp: string;
  data: D;
}

/** A received body, its Standard Webhooks signature checked with the reference library. */
export function verified<D>(request: ReceivedRequest, secret: string): Notification<D> {
  const body = new StandardWebhook(secret).verify(request.body, {
    'webhook-id': request.headers['webhook-id'] as string,
    'webhook-timestamp': request.headers['webhook-timestamp'] as string,
    'webhook-signature': request.headers['webhook-signature'] as string,
  }) as Omit<Notification<D>, 'id'>;
  return { id: request.headers['webhook-id'] as string, ...body };
}

/**
 * Delivery is at least once: a retry after a lost outcome sends the same notification again with
 * the same `webhook-id`, by which receivers drop it. Keeps the first of each id.
 */
export function distinctById<T extends { id: string }>(notifications: T[]): T[] {
  const seen = new Set<string>();
  return notifications.filter((notification) => !seen.has(notification.id) && seen.add(notification.id));
}
