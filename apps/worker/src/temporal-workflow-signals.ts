import type { OnApplicationShutdown, Provider } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import {
  MAVEN_UPLOAD_SIGNAL,
  MAVEN_VERSION_WORKFLOW_TYPE,
  PYTHON_UPLOAD_SIGNAL,
  PYTHON_VERSION_WORKFLOW_TYPE,
  SEARCH_ATTRIBUTES,
  versionRelease,
  versionWorkflowId,
  type PublishedVersionEventType,
  type VersionUploadSignal,
  type VersionWorkflowInput,
} from '@herald/contracts';
import { TemporalClientProvider } from '@herald/temporal';
import type { WorkflowSignals } from './activities/workflow-signals';
import { WORKFLOW_SIGNALS } from './worker.tokens';

/** A version's grouping workflow, by the format of the version: what starts and signals it. */
interface VersionWorkflow {
  type: string;
  signal: string;
  eventType: PublishedVersionEventType;
}

function versionWorkflow(input: VersionWorkflowInput): VersionWorkflow {
  if ('python' in input) return { type: PYTHON_VERSION_WORKFLOW_TYPE, signal: PYTHON_UPLOAD_SIGNAL, eventType: 'python.version.published' };
  return { type: MAVEN_VERSION_WORKFLOW_TYPE, signal: MAVEN_UPLOAD_SIGNAL, eventType: 'maven.version.published' };
}

/**
 * signalWithStart over the worker's own client connection (lazy, reconnecting). Inputs and
 * signals carry ids, names, paths and times: nothing secret reaches the version workflows.
 */
export class TemporalWorkflowSignals implements WorkflowSignals, OnApplicationShutdown {
  private readonly temporal: TemporalClientProvider;

  constructor(private readonly config: HeraldConfig) {
    this.temporal = new TemporalClientProvider(config.temporal);
  }

  async toVersion(input: VersionWorkflowInput, signal: VersionUploadSignal): Promise<void> {
    const client = await this.temporal.client();
    const workflow = versionWorkflow(input);
    await client.workflow.signalWithStart(workflow.type, {
      taskQueue: this.config.temporal.taskQueue,
      workflowId: versionWorkflowId(input),
      args: [input],
      signal: workflow.signal,
      signalArgs: [signal],
      staticSummary: `${'python' in input ? 'python' : 'maven'} version ${versionRelease(input)} in ${input.repository}`.slice(0, 400),
      typedSearchAttributes: [
        { key: SEARCH_ATTRIBUTES.repository, value: input.repository },
        { key: SEARCH_ATTRIBUTES.eventType, value: workflow.eventType },
      ],
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.temporal.close();
  }
}

export const workflowSignalsProvider: Provider = {
  provide: WORKFLOW_SIGNALS,
  inject: [HERALD_CONFIG],
  useFactory: (config: HeraldConfig): WorkflowSignals => new TemporalWorkflowSignals(config),
};
