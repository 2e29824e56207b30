import { proxyActivities, proxyLocalActivities, sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { ATTEMPT_HEARTBEAT_TIMEOUT as CONTRACT_HEARTBEAT_TIMEOUT, DeliveryPlan, FileEventWorkflowInput, HeraldActivities, ResolveDeliveriesResult } from '../libs/contracts/src';
import { verdictOf } from './failure-verdict';
import { rollUp, seconds, waitAfter, type DeliveryOutcome } from './retry-timing';
import { statusUpdate, targetsChange } from './search-attribute-updates';

// Short database work runs as local activities: a marker in the history instead of a task
// round trip, so an event with one webhook costs one workflow and one activity of engine work.
// Retried until the database answers, since a recorded event must not be lost.
const { resolveDeliveries, failDelivery } = proxyLocalActivities<HeraldActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// One activity execution per attempt, so the history shows each one; the workflow owns retries.
const { attemptDelivery } = proxyActivities<HeraldActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumAttempts: 1 },
});

/** Beyond HERALD_ATTEMPT_TIMEOUT, for the attempt's own reads and writes. */
const RECORDING_ALLOWANCE_MS = 30_000;
/** ATTEMPT_HEARTBEAT_TIMEOUT of libs/contracts, restated (workflow code imports only types) and held to it. */
const ATTEMPT_HEARTBEAT_TIMEOUT = '15 seconds' satisfies typeof CONTRACT_HEARTBEAT_TIMEOUT;

/** One file event: resolve its subscribed webhooks, then notify each, in parallel, durably. */
export async function fileEventWorkflow(input: FileEventWorkflowInput): Promise<Record<string, DeliveryOutcome>> {
  const plan = await resolveDeliveries({
    eventId: input.eventId,
    workflowId: workflowInfo().workflowId,
    webhookId: input.webhookId,
    deliveryId: input.deliveryId,
  });
  const targets = targetsChange(plan.deliveries.map((d) => d.webhookId), plan.deliveries.map((d) => d.targetType));
  if (targets.length > 0) upsertSearchAttributes(targets);

  let retrying = false;
  const markRetrying = () => {
    if (retrying) return;
    retrying = true;
    upsertSearchAttributes([statusUpdate('retrying')]);
  };
  const outcomes = await Promise.all(plan.deliveries.map((delivery) => deliver(delivery, plan, markRetrying)));
  upsertSearchAttributes([statusUpdate(rollUp(outcomes))]);
  return Object.fromEntries(plan.deliveries.map((delivery, index) => [delivery.deliveryId, outcomes[index]]));
}

async function deliver(delivery: DeliveryPlan, plan: ResolveDeliveriesResult, onRetry: () => void): Promise<DeliveryOutcome> {
  const maxAttempts = plan.retryScheduleMs.length + 1;
  for (let attempt = 1; ; ) {
    const final = attempt === maxAttempts;
    try {
      await attemptDelivery.executeWithOptions(
        {
          startToCloseTimeout: plan.attemptTimeoutMs + RECORDING_ALLOWANCE_MS,
          heartbeatTimeout: ATTEMPT_HEARTBEAT_TIMEOUT,
          retry: { maximumAttempts: 1 },
          summary: `${delivery.targetLabel} · attempt ${attempt}/${maxAttempts}`,
        },
        [{ deliveryId: delivery.deliveryId, attempt, final }],
      );
      return 'succeeded';
    } catch (error) {
      const verdict = verdictOf(error);
      if (verdict.kind === 'skipped') return 'skipped';
      if (verdict.kind === 'permanent') return 'failed';
      if (verdict.kind === 'busy') {
        // Turned back before sending, so not an attempt: waiting here holds no worker slot.
        await sleep(verdict.retryAfterMs, { summary: `${delivery.targetLabel}: host busy, attempt ${attempt}/${maxAttempts} again in ${seconds(verdict.retryAfterMs)}` });
        continue;
      }
      if (final) {
        if (!verdict.recorded) await failDelivery({ deliveryId: delivery.deliveryId, reason: `attempt ${attempt}/${maxAttempts} ended without an outcome` });
        return 'failed';
      }
      onRetry();
      const wait = waitAfter(attempt, verdict.retryAfterMs, plan);
      await sleep(wait.ms, { summary: `${delivery.targetLabel}: waiting ${seconds(wait.ms)} before attempt ${attempt + 1}/${maxAttempts} (${wait.why})` });
      attempt += 1;
    }
  }
}
