import { condition, continueAsNew, defineSignal, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { DIGEST_EVENT_SIGNAL, DIGEST_EVENTS_SIGNAL, DigestEventSignal, DigestEventsSignal, DigestWorkflowInput, HeraldActivities } from '../libs/contracts/src';
import { startComposedEvent } from './composed-event';
import { addEvent, closeWindow, emptyDigestState, forgetOld, type DigestState } from './digest-window';

/** The names are those of libs/contracts, restated (workflow code imports only types) and held to them. */
export const digestEventsSignal = defineSignal<[DigestEventsSignal]>('digestEvents' satisfies typeof DIGEST_EVENTS_SIGNAL);
/**
 * One event per signal, as Herald sent them before the relay batched them. Nothing sends it now;
 * it stays so that a digest window open during an upgrade replays its history as it was written.
 */
const digestEventSignal = defineSignal<[DigestEventSignal]>('digestEvent' satisfies typeof DIGEST_EVENT_SIGNAL);

// Storing a digest must happen: retried until the database answers.
const { recordDigest } = proxyActivities<HeraldActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** With no window open for this long the workflow ends; the next event starts it again. */
const IDLE_MS = 3_600_000;
/** Continue as new mid-window past this many history events (a window of thousands of events). */
const HISTORY_LIMIT = 10_000;

export interface DigestWorkflowArgs extends DigestWorkflowInput {
  /** The state carried over from the previous run (continue-as-new). */
  state?: DigestState;
}

/**
 * The digest of one webhook (`digest-{webhookId}`), fed by the API's relay through signalWithStart. The
 * first event opens a window of the webhook's windowSeconds; a timer closes it; the closed
 * window is stored as one `file.digest` event and delivered by its own event workflow. Then the
 * workflow continues as new, so each run's history holds about one window. Event ids are
 * remembered across runs, so a repeated signal is not counted twice, and signals wait in
 * Temporal while no worker runs, so none is lost.
 */
export async function digestWorkflow(args: DigestWorkflowArgs): Promise<void> {
  const { webhookId, repository } = args;
  const state = args.state ?? emptyDigestState();
  setHandler(digestEventsSignal, ({ events }) => {
    for (const event of events) addEvent(state, event, Date.now());
  });
  setHandler(digestEventSignal, (event) => void addEvent(state, event, Date.now()));
  const historyIsLong = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > HISTORY_LIMIT;

  for (;;) {
    if (!state.window && !(await condition(() => state.window !== null, IDLE_MS))) return;
    const endMs = state.window?.endMs ?? Date.now();
    const closes = sleep(Math.max(0, endMs - Date.now()), { summary: `window closes at ${new Date(endMs).toISOString()}` }).then(() => false);
    if (await Promise.race([closes, condition(historyIsLong).then(() => true)])) {
      await continueAsNew<typeof digestWorkflow>({ webhookId, repository, state });
    }
    const now = Date.now();
    const window = closeWindow(state, repository, now);
    forgetOld(state, now);
    if (!window) continue;
    const { event, stop } = await recordDigest({ webhookId, window });
    if (event) await startComposedEvent(event, `file.digest ${repository} for webhook ${webhookId}: ${window.windowStart} to ${window.windowEnd}`);
    // Events that arrived while the digest was stored wait in the next window, even after a stop.
    if (stop && !state.window) return;
    await continueAsNew<typeof digestWorkflow>({ webhookId, repository, state });
  }
}
