import type { HeraldActivities } from '@herald/contracts';
import type { ActivityDeps } from './activity-deps';
import { attemptDeliveryActivity } from './attempt-delivery.activity';
import { failDeliveryActivity } from './fail-delivery.activity';
import { resolveDeliveriesActivity } from './resolve-deliveries.activity';

export type { ActivityDeps } from './activity-deps';

/** The activities of the event workflow, built from their dependencies (no Nest magic needed). */
export function createActivities(deps: ActivityDeps): HeraldActivities {
  return {
    resolveDeliveries: resolveDeliveriesActivity(deps),
    attemptDelivery: attemptDeliveryActivity(deps),
    failDelivery: failDeliveryActivity(deps),
  };
}
