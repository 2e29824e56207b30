import { proxyActivities, sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type {
  DeliveryPlan,
  FileEventWorkflowInput,
  HeraldActivities,
  ResolveDeliveriesResult,
  WorkflowDeliveryStatus,
} from '../libs/contracts/src';
import { verdictOf } from './delivery-failure';
import { statusUpdate, targetsUpdate } from './search-attributes';

// Resolving reads the database: retried until it answers, since the event must not be lost.
const { resolveDeliveries } = proxyActivities<HeraldActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// One activity execution per attempt, so the history shows each one; the workflow owns retries.
const { attemptDelivery } = proxyActivities<HeraldActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumAttempts: 1 },
});

type Outcome = 'succeeded' | 'failed' | 'skipped';

/** One file event: resolve its subscribed webhooks, then notify each, in parallel, durably. */
export async function fileEventWorkflow(input: FileEventWorkflowInput): Promise<Record<string, Outcome>> {
  const plan = await resolveDeliveries({
    eventId: input.eventId,
    workflowId: workflowInfo().workflowId,
    webhookId: input.webhookId,
    deliveryId: input.deliveryId,
  });
  upsertSearchAttributes([
    ...targetsUpdate(plan.deliveries.map((d) => d.webhookId), plan.deliveries.map((d) => d.targetType)),
    statusUpdate('pending'),
  ]);

  const outcomes: Record<string, Outcome> = {};
  let retrying = false;
  const markRetrying = () => {
    if (!retrying) {
      retrying = true;
      upsertSearchAttributes([statusUpdate('retrying')]);
    }
  };
  await Promise.all(
    plan.deliveries.map(async (delivery) => {
      outcomes[delivery.deliveryId] = await deliver(delivery, plan, markRetrying);
    }),
  );
  upsertSearchAttributes([statusUpdate(rollUp(Object.values(outcomes)))]);
  return outcomes;
}

async function deliver(delivery: DeliveryPlan, plan: ResolveDeliveriesResult, onRetry: () => void): Promise<Outcome> {
  const maxAttempts = plan.retryScheduleMs.length + 1;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    try {
      await attemptDelivery.executeWithOptions(
        { startToCloseTimeout: '2 minutes', retry: { maximumAttempts: 1 }, summary: `${delivery.targetLabel} · attempt ${attempt}/${maxAttempts}` },
        [{ deliveryId: delivery.deliveryId, attempt, final: attempt === maxAttempts }],
      );
      return 'succeeded';
    } catch (error) {
      const verdict = verdictOf(error);
      if (verdict.kind === 'skipped') return 'skipped';
      if (verdict.kind === 'permanent' || attempt === maxAttempts) return 'failed';
      onRetry();
      const scheduled = plan.retryScheduleMs[attempt - 1];
      const asked = verdict.retryAfterMs === null ? 0 : Math.min(verdict.retryAfterMs, plan.maxRetryAfterMs);
      const wait = Math.max(scheduled, asked);
      const why = asked > scheduled ? `the receiver asked for Retry-After` : `retry schedule step ${attempt}`;
      await sleep(wait, { summary: `${delivery.targetLabel}: waiting ${Math.round(wait / 1000)}s before attempt ${attempt + 1} (${why})` });
    }
  }
  return 'failed';
}

function rollUp(outcomes: Outcome[]): WorkflowDeliveryStatus {
  const counted = outcomes.filter((outcome) => outcome !== 'skipped');
  if (counted.every((outcome) => outcome === 'succeeded')) return 'succeeded';
  if (counted.every((outcome) => outcome === 'failed')) return 'failed';
  return 'partial';
}
