// The engine baseline: the least a one-workflow-per-event design can do per event (one workflow,
// one activity that does nothing). Bundled by the bench on its own; Herald's bundle never sees it.
import { proxyActivities } from '@temporalio/workflow';
import type { BaselineActivities } from './activities';

const { noop } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '1 minute' });

export async function baselineWorkflow(): Promise<void> {
  await noop();
}
