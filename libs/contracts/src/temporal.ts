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

/** Workflow ids: derived from ids only, never from a secret. */
export const fileEventWorkflowId = (eventId: string): string => `file-event-${eventId}`;
/** A redelivery is its own execution, so the original's history stays as it was. */
export const redeliveryWorkflowId = (deliveryId: string): string => `redeliver-${deliveryId}`;

/** The workflow type of workflows/file-event.workflow.ts, for starters that do not import it. */
export const FILE_EVENT_WORKFLOW_TYPE = 'fileEventWorkflow';

/** The long-lived workflow that coalesces a digesting webhook's events into windows. */
export const digestWorkflowId = (webhookId: string): string => `digest-${webhookId}`;
export const DIGEST_WORKFLOW_TYPE = 'digestWorkflow';
/** Signal to digestWorkflow: the file events the relay routed to the window since its last one (DigestEventsSignal). */
export const DIGEST_EVENTS_SIGNAL = 'digestEvents';

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
