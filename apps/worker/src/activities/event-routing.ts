import type { FileEvent, Webhook } from '@herald/persistence';
import { subscribersOf } from '@herald/subscriptions';
import { isHeld } from './endpoint-health';

/** Where one event's workflow delivers, webhook by webhook: the decisions of resolve, without the database. */
export interface EventRoutes {
  /** Notify now, one delivery each. */
  deliver: Webhook[];
  /**
   * Paused or disabled by endpoint health: a delivery is recorded as `failed` with no attempt,
   * so nothing is lost and `POST /webhooks/{id}/recover` sends it once the endpoint is back.
   */
  hold: Webhook[];
  /** An upload of a version some webhook here wants announced (maven.version.published…): feed the version's workflow. */
  groupVersion: boolean;
}

/**
 * Routes an event. `targeted`: the event names its one webhook (a test fire, a digest), which gets
 * it whatever its subscriptions and filters say; a test fire reaches even a held webhook, since
 * that is how an operator checks a fix. Otherwise `candidates` are the repository's active
 * webhooks, and the subscription rule picks those that get a delivery of their own. Digesting
 * webhooks are not among them: the API's relay hands the event to their windows when it
 * dispatches it (apps/api/src/relay).
 */
export function routeEvent(event: FileEvent, candidates: Webhook[], options: { targeted: boolean; now: Date }): EventRoutes {
  if (options.targeted) {
    const routes: EventRoutes = { deliver: [], hold: [], groupVersion: false };
    for (const webhook of candidates) (event.type !== 'webhook.test' && isHeld(webhook, options.now) ? routes.hold : routes.deliver).push(webhook);
    return routes;
  }
  const { direct, groupVersion } = subscribersOf(event, candidates);
  return {
    deliver: direct.filter((webhook) => !isHeld(webhook, options.now)),
    hold: direct.filter((webhook) => isHeld(webhook, options.now)),
    groupVersion,
  };
}
