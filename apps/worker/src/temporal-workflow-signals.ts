import { createHash } from 'node:crypto';
import type { OnApplicationShutdown, Provider } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import {
  MAVEN_UPLOAD_SIGNAL,
  MAVEN_VERSION_WORKFLOW_TYPE,
  SEARCH_ATTRIBUTES,
  type MavenUploadSignal,
  type MavenVersionWorkflowInput,
} from '@herald/contracts';
import { TemporalClientProvider } from '@herald/temporal';
import type { WorkflowSignals } from './activities/workflow-signals';
import { WORKFLOW_SIGNALS } from './worker.tokens';

/** Workflow ids hold names and coordinates only; a very long one is shortened with a hash. */
const ID_LIMIT = 200;

export function mavenVersionWorkflowId(input: Pick<MavenVersionWorkflowInput, 'repository' | 'maven'>): string {
  const id = `maven-version-${input.repository}-${input.maven.groupId}:${input.maven.artifactId}:${input.maven.version}`;
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

  async toMavenVersion(input: MavenVersionWorkflowInput, signal: MavenUploadSignal): Promise<void> {
    const client = await this.temporal.client();
    const { groupId, artifactId, version } = input.maven;
    await client.workflow.signalWithStart(MAVEN_VERSION_WORKFLOW_TYPE, {
      taskQueue: this.config.temporal.taskQueue,
      workflowId: mavenVersionWorkflowId(input),
      args: [input],
      signal: MAVEN_UPLOAD_SIGNAL,
      signalArgs: [signal],
      staticSummary: `maven version ${groupId}:${artifactId}:${version} in ${input.repository}`.slice(0, 400),
      typedSearchAttributes: [
        { key: SEARCH_ATTRIBUTES.repository, value: input.repository },
        { key: SEARCH_ATTRIBUTES.eventType, value: 'maven.version.published' },
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
