import { Webhook as StandardWebhook } from 'standardwebhooks';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { ArtifactRepository, SecretBox, Webhook, generateSigningSecret } from '@herald/persistence';
import type { ReceivedRequest } from '../support/receiver';
import type { TestStack } from '../support/stack';

export interface JsonHook {
  webhook: Webhook;
  secret: string;
}

/**
 * A repository and a JSON webhook on it, written through the ORM as the admin API would store
 * them (the signing secret sealed in the `[{secret, expiresAt}]` form the worker reads).
 */
export async function jsonHook(stack: TestStack, repository: string, url: string, options: { active?: boolean; events?: Webhook['events'] } = {}): Promise<JsonHook> {
  const em = stack.orm.em.fork();
  if (!(await em.count(ArtifactRepository, { name: repository }))) em.create(ArtifactRepository, { name: repository });
  const secret = generateSigningSecret();
  const webhook = em.create(Webhook, {
    repository,
    targetType: 'json',
    targetAddress: url,
    signingSecrets: stack.api.get(SecretBox).seal(JSON.stringify([{ secret, expiresAt: null }])),
    events: options.events ?? ['file.uploaded'],
    active: options.active ?? true,
  });
  await em.flush();
  await stack.webhooksChanged();
  return { webhook, secret };
}

export async function upload(stack: TestStack, repository: string, path: string, body = 'jar bytes'): Promise<void> {
  const response = await stack.request('PUT', `/repositories/${repository}/${path}`, { body, headers: { 'content-type': 'application/java-archive' } });
  if (response.status !== 201) throw new Error(`upload answered ${response.status}: ${await response.text()}`);
}

/** Verifies a received request with the reference Standard Webhooks library; returns the payload. */
export function verified(request: ReceivedRequest, secret: string): { type: string; data: Record<string, unknown> } {
  return new StandardWebhook(secret).verify(request.body, {
    'webhook-id': request.headers['webhook-id'] as string,
    'webhook-timestamp': request.headers['webhook-timestamp'] as string,
    'webhook-signature': request.headers['webhook-signature'] as string,
  }) as { type: string; data: Record<string, unknown> };
}

export async function history(client: Client, workflowId: string): Promise<temporal.api.history.v1.IHistory> {
  return client.workflow.getHandle(workflowId).fetchHistory();
}

const { EventType } = temporal.api.enums.v1;

/** fetchHistory gives payload bytes as base64 text (its JSON form) or as bytes. */
function bytesOf(data: Uint8Array | string): Buffer {
  return typeof data === 'string' ? Buffer.from(data, 'base64') : Buffer.from(data);
}

function decode(payload: temporal.api.common.v1.IPayload | null | undefined): unknown {
  return payload?.data ? JSON.parse(bytesOf(payload.data).toString('utf8')) : undefined;
}

/** The attemptDelivery activity executions of a history, with their summaries. */
export function attemptActivities(events: temporal.api.history.v1.IHistoryEvent[]): Array<{ summary: unknown }> {
  return events
    .filter((event) => event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED && event.activityTaskScheduledEventAttributes?.activityType?.name === 'attemptDelivery')
    .map((event) => ({ summary: decode(event.userMetadata?.summary) }));
}

/** How many times a history changed its search attributes after its start. */
export function searchAttributeUpserts(events: temporal.api.history.v1.IHistoryEvent[]): number {
  return events.filter((event) => event.eventType === EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES).length;
}

/** The summaries of the durable timers of a history (why the workflow waited). */
export function timerSummaries(events: temporal.api.history.v1.IHistoryEvent[]): unknown[] {
  return events.filter((event) => event.eventType === EventType.EVENT_TYPE_TIMER_STARTED).map((event) => decode(event.userMetadata?.summary));
}

/**
 * The history as text with every payload decoded (inputs, results, failures, summaries), so a
 * secret anywhere in it would show.
 */
export function historyText(value: unknown): string {
  return JSON.stringify(value, (key, field: unknown) => {
    if (ArrayBuffer.isView(field)) return Buffer.from(field.buffer, field.byteOffset, field.byteLength).toString('utf8');
    if ((key === 'data' || key === 'encoding' || key === 'type') && typeof field === 'string') return bytesOf(field).toString('utf8');
    return field;
  });
}
