import type { HeraldActivities } from '@herald/contracts';
import type { ActivityDeps } from './activity-deps';
import { attemptDeliveryActivity } from './attempt-delivery.activity';
import { blobGcActivities } from './blob-gc.activity';
import { failDeliveryActivity } from './fail-delivery.activity';
import { HostGate } from './host-gate';
import { recordDigestActivity } from './record-digest.activity';
import { recordPublishedVersionActivity } from './record-published-version.activity';
import { resolveDeliveriesActivity } from './resolve-deliveries.activity';

export type { ActivityDeps } from './activity-deps';

/** The activities of the event, digest, version (Maven, Python) and blob-collection workflows, built from their dependencies (no Nest magic needed). */
export function createActivities(deps: ActivityDeps): HeraldActivities {
  const withGate = { ...deps, hostGate: deps.hostGate ?? new HostGate() };
  return {
    resolveDeliveries: resolveDeliveriesActivity(withGate),
    attemptDelivery: attemptDeliveryActivity(withGate),
    failDelivery: failDeliveryActivity(withGate),
    recordDigest: recordDigestActivity(withGate),
    recordPublishedVersion: recordPublishedVersionActivity(withGate),
    ...blobGcActivities(withGate),
  };
}
