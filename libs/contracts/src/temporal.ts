import { createHash } from 'node:crypto';
import type { VersionWorkflowInput } from './activities';

export const DEFAULT_TASK_QUEUE = 'herald-notifications';

/** Search attributes the worker registers at boot where missing. */
export const SEARCH_ATTRIBUTES = {
  repository: { name: 'HeraldRepository', type: 'KEYWORD' },
  eventType: { name: 'HeraldEventType', type: 'KEYWORD' },
  webhookIds: { name: 'HeraldWebhookIds', type: 'KEYWORD_LIST' },
  targetTypes: { name: 'HeraldTargetTypes', type: 'KEYWORD_LIST' },
  deliveryStatus: { name: 'HeraldDeliveryStatus', type: 'KEYWORD' },
} as const;

export type SearchAttributeKind = (typeof SEARCH_ATTRIBUTES)[keyof typeof SEARCH_ATTRIBUTES]['type'];

/**
 * Workflow ids: derived from ids only, never from a secret. Each prefix is a type too, so that
 * workflow code, which restates an id (it imports only types from libs), is held to it.
 */
export type FileEventWorkflowId = `file-event-${string}`;
export const fileEventWorkflowId = (eventId: string): FileEventWorkflowId => `file-event-${eventId}`;
/** A redelivery is its own execution, so the original's history stays as it was. */
export const redeliveryWorkflowId = (deliveryId: string): `redeliver-${string}` => `redeliver-${deliveryId}`;

/** Workflow ids hold names and coordinates only; a very long one is shortened with a hash. */
const WORKFLOW_ID_LIMIT = 200;

/** A version as its tools spell it: `com.example:demo:1.0.0` (Maven coordinates), `demo-lib==1.0.0` (a pip pin). */
export function versionRelease(input: VersionWorkflowInput): string {
  return 'python' in input ? `${input.python.project}==${input.python.version}` : `${input.maven.groupId}:${input.maven.artifactId}:${input.maven.version}`;
}

/** A version's grouping workflow, `{format}-version-{repository}-{release}`: each upload of the version signals the same one. */
export function versionWorkflowId(input: VersionWorkflowInput): string {
  const id = `${'python' in input ? 'python' : 'maven'}-version-${input.repository}-${versionRelease(input)}`;
  if (id.length <= WORKFLOW_ID_LIMIT) return id;
  return `${id.slice(0, WORKFLOW_ID_LIMIT - 17)}-${createHash('sha256').update(id).digest('hex').slice(0, 16)}`;
}

/**
 * An attempt heartbeats every ATTEMPT_HEARTBEAT_EVERY_MS while it waits on a receiver, so an
 * attempt lost with its worker is retried after ATTEMPT_HEARTBEAT_TIMEOUT, not at its
 * start-to-close timeout. The timeout leaves room for several missed beats.
 */
export const ATTEMPT_HEARTBEAT_EVERY_MS = 2_000;
export const ATTEMPT_HEARTBEAT_TIMEOUT = '15 seconds';

/** The workflow type of workflows/file-event.workflow.ts, for starters that do not import it. */
export const FILE_EVENT_WORKFLOW_TYPE = 'fileEventWorkflow';

/** The long-lived workflow that coalesces a digesting webhook's events into windows. */
export const digestWorkflowId = (webhookId: string): `digest-${string}` => `digest-${webhookId}`;
export const DIGEST_WORKFLOW_TYPE = 'digestWorkflow';
/** Signal to digestWorkflow: the file events the relay routed to the window since its last one (DigestEventsSignal). */
export const DIGEST_EVENTS_SIGNAL = 'digestEvents';
/** The signal of one event each, which Herald sent before the relay batched them: still handled, never sent. */
export const DIGEST_EVENT_SIGNAL = 'digestEvent';

/** The workflow that waits for a Maven version's uploads to go quiet, then announces it. */
export const MAVEN_VERSION_WORKFLOW_TYPE = 'mavenVersionWorkflow';
/** Signal to mavenVersionWorkflow: one upload of the version (MavenUploadSignal). */
export const MAVEN_UPLOAD_SIGNAL = 'mavenUpload';

/** The workflow that waits for a Python version's uploads (sdist, wheels) to go quiet, then announces it. */
export const PYTHON_VERSION_WORKFLOW_TYPE = 'pythonVersionWorkflow';
/** Signal to pythonVersionWorkflow: one upload of the version (VersionUploadSignal). */
export const PYTHON_UPLOAD_SIGNAL = 'pythonUpload';

/** The workflow type of workflows/blob-gc.workflow.ts: collects blobs no file points at. */
export const BLOB_GC_WORKFLOW_TYPE = 'blobGcWorkflow';
/**
 * The schedule that runs it, under Schedules in the Temporal UI. It is also the prefix of its
 * runs' workflow ids: the schedule appends each run's scheduled time (`herald-blob-gc-2026-12-02T17:00:00Z`).
 */
export const BLOB_GC_SCHEDULE_ID = 'herald-blob-gc';

/**
 * A schedule's id is one per namespace, while a Herald is one per task queue: a Herald on another
 * queue (a second deployment, a test stack) keeps a schedule of its own instead of taking over
 * the default one's and collecting for its own database alone.
 */
export const blobGcScheduleId = (taskQueue: string): string => (taskQueue === DEFAULT_TASK_QUEUE ? BLOB_GC_SCHEDULE_ID : `${BLOB_GC_SCHEDULE_ID}-${taskQueue}`);
