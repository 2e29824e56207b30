import type { HeraldActivities } from '@herald/contracts';
import type { ActivityDeps, ActivityPorts } from './activity-deps';
import { attemptDeliveryActivity } from './attempt-delivery.activity';
import { blobGcActivities } from './blob-gc.activity';
import { OrmBlobRecordStore } from './blob-record-store';
import { OrmComposedEventStore } from './composed-event-store';
import { failDeliveryActivity } from './fail-delivery.activity';
import { HostGate } from './host-gate';
import { OrmDeliveryStore } from './orm-delivery-store';
import { recordDigestActivity } from './record-digest.activity';
import { recordPublishedVersionActivity } from './record-published-version.activity';
import { resolveDeliveriesActivity } from './resolve-deliveries.activity';

export type { ActivityDeps } from './activity-deps';

/** The activities of the event, digest, version (Maven, Python) and blob-collection workflows, built from their dependencies (no Nest magic needed). */
export function createActivities(deps: ActivityDeps): HeraldActivities {
  const { orm, hostGate, ...rest } = deps;
  const ports: ActivityPorts = {
    ...rest,
    hostGate: hostGate ?? new HostGate(),
    deliveries: new OrmDeliveryStore(orm, deps.config.database),
    events: new OrmComposedEventStore(orm),
    blobRecords: new OrmBlobRecordStore(orm, deps.config.database),
  };
  return {
    resolveDeliveries: resolveDeliveriesActivity(ports),
    attemptDelivery: attemptDeliveryActivity(ports),
    failDelivery: failDeliveryActivity(ports),
    recordDigest: recordDigestActivity(ports),
    recordPublishedVersion: recordPublishedVersionActivity(ports),
    ...blobGcActivities(ports),
  };
}
