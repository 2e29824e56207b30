import type { VersionUploadSignal, VersionWorkflowInput } from '@herald/contracts';

/**
 * The port through which resolve hands an upload (a Maven file, a Python sdist or wheel) to its
 * version's long-lived workflow, with signalWithStart: the workflow is started when it is not
 * running. It may be sent twice (a retried resolve); the workflow drops an event id it has
 * already seen.
 */
export interface WorkflowSignals {
  toVersion(input: VersionWorkflowInput, signal: VersionUploadSignal): Promise<void>;
}

/** What an admin hears when endpoint health pauses, disables or recovers a webhook. */
export interface HealthNotice {
  webhookId: string;
  repository: string;
  change: 'paused' | 'disabled' | 'recovered';
  consecutiveFailures: number;
  pausedUntil: Date | null;
  /** The mail address of an email webhook; the only admin address Herald knows. */
  to: string;
}

/** The port that announces endpoint-health changes by mail; absent without SMTP_URL. */
export interface HealthAnnouncer {
  announce(notice: HealthNotice): Promise<void>;
}
