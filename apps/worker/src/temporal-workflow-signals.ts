import { createHash } from 'node:crypto';
import type { OnApplicationShutdown, Provider } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import {
  MAVEN_UPLOAD_SIGNAL,
  MAVEN_VERSION_WORKFLOW_TYPE,
  PYTHON_UPLOAD_SIGNAL,
  PYTHON_VERSION_WORKFLOW_TYPE,
  SEARCH_ATTRIBUTES,
  type PublishedVersionEventType,
  type VersionUploadSignal,
  type VersionWorkflowInput,
} from '@herald/contracts';
import { TemporalClientProvider } from '@herald/temporal';
import type { WorkflowSignals } from './activities/workflow-signals';
import { WORKFLOW_SIGNALS } from './worker.tokens';

/** Workflow ids hold names and coordinates only; a very long one is shortened with a hash. */
const ID_LIMIT = 200;

/** A version's grouping workflow, by the format of the version: what starts and signals it. */
interface VersionWorkflow {
  type: string;
  signal: string;
  eventType: PublishedVersionEventType;
  /** The workflow id before shortening: `{format}-version-{repository}-{version as its tools spell it}`. */
  id: string;
  summary: string;
}

function versionWorkflow(input: VersionWorkflowInput): VersionWorkflow {
  if ('python' in input) {
    const release = `${input.python.project}==${input.python.version}`;
    return {
      type: PYTHON_VERSION_WORKFLOW_TYPE,
      signal: PYTHON_UPLOAD_SIGNAL,
      eventType: 'python.version.published',
      id: `python-version-${input.repository}-${release}`,
      summary: `python version ${release} in ${input.repository}`,
    };
  }
  const coordinates = `${input.maven.groupId}:${input.maven.artifactId}:${input.maven.version}`;
  return {
    type: MAVEN_VERSION_WORKFLOW_TYPE,
    signal: MAVEN_UPLOAD_SIGNAL,
    eventType: 'maven.version.published',
    id: `maven-version-${input.repository}-${coordinates}`,
    summary: `maven version ${coordinates} in ${input.repository}`,
  };
}

export function versionWorkflowId(input: VersionWorkflowInput): string {
  const { id } = versionWorkflow(input);
  if (id.length <= ID_LIMIT) return id;
  return `${id.slice(0, ID_LIMIT - 17)}-${createHash('sha256').update(id).digest('hex').slice(0, 16)}`;
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
      staticSummary: workflow.summary.slice(0, 400),
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
