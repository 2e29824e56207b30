import type { MikroORM } from '@mikro-orm/core';
import type { HeraldConfig } from '@herald/config';
import type { SecretBox } from '@herald/persistence';
import type { BlobStore } from '@herald/storage';
import type { AttemptMeter } from './attempt-meter';
import type { BlobRecordStore } from './blob-record-store';
import type { ChannelRegistry } from './channel-registry';
import type { ComposedEventStore } from './composed-event-store';
import type { DeliveryStore } from './delivery-store';
import type { HostGate } from './host-gate';
import type { HealthAnnouncer, WorkflowSignals } from './workflow-signals';

/** What the worker hands createActivities: the database, the secret box, the channels, the blob store. */
export interface ActivityDeps {
  orm: MikroORM;
  secretBox: SecretBox;
  /** Blob garbage collection frees its bytes. */
  store: BlobStore;
  channels: ChannelRegistry;
  config: Pick<HeraldConfig, 'publicUrl' | 'delivery' | 'database' | 'publishQuietMs'>;
  /** Digest and version (Maven, Python) workflows, fed by resolve. */
  signals: WorkflowSignals;
  /** Attempts in flight per target host; one per worker (createActivities makes it when absent). */
  hostGate?: HostGate;
  /** Counts and times each attempt made at a target; absent, attempts go uncounted. */
  attemptMeter?: AttemptMeter;
  /** Endpoint-health mails; absent without SMTP_URL. */
  announcer?: HealthAnnouncer | null;
  now?: () => Date;
}

/** The ports the activities reach the world through; the database only by the stores. */
export interface ActivityPorts extends Omit<ActivityDeps, 'orm' | 'hostGate'> {
  deliveries: DeliveryStore;
  events: ComposedEventStore;
  blobRecords: BlobRecordStore;
  hostGate: HostGate;
}
