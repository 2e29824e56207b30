import { DynamicModule, Module } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { ConfigModule, HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { PersistenceModule, SecretBox } from '@herald/persistence';
import { BLOB_STORE, StorageModule, type BlobStore } from '@herald/storage';
import { createActivities } from './activities/create-activities';
import type { ChannelRegistry } from './activities/channel-registry';
import type { HealthAnnouncer, WorkflowSignals } from './activities/workflow-signals';
import { channelsProvider } from './channels.provider';
import { healthAnnouncerProvider } from './health-mail';
import { WorkerMetrics } from './metrics/worker-metrics';
import { WorkerMetricsServer } from './metrics/worker-metrics-server';
import { TemporalWorkerService, WORKFLOW_SOURCE, type WorkflowSource } from './temporal-worker.service';
import { workflowSignalsProvider } from './temporal-workflow-signals';
import { CHANNELS, HEALTH_ANNOUNCER, HERALD_ACTIVITIES, WORKFLOW_SIGNALS } from './worker.tokens';

@Module({})
export class WorkerModule {
  static forRoot(options: { config?: HeraldConfig; workflows: WorkflowSource }): DynamicModule {
    return {
      module: WorkerModule,
      imports: [options.config ? ConfigModule.withConfig(options.config) : ConfigModule, PersistenceModule, StorageModule],
      providers: [
        channelsProvider,
        workflowSignalsProvider,
        healthAnnouncerProvider,
        { provide: WORKFLOW_SOURCE, useValue: options.workflows },
        {
          provide: HERALD_ACTIVITIES,
          inject: [MikroORM, SecretBox, BLOB_STORE, CHANNELS, HERALD_CONFIG, WORKFLOW_SIGNALS, HEALTH_ANNOUNCER, WorkerMetrics],
          useFactory: (
            orm: MikroORM,
            secretBox: SecretBox,
            store: BlobStore,
            channels: ChannelRegistry,
            config: HeraldConfig,
            signals: WorkflowSignals,
            announcer: HealthAnnouncer | null,
            attemptMeter: WorkerMetrics,
          ) => createActivities({ orm, secretBox, store, channels, config, signals, announcer, attemptMeter }),
        },
        TemporalWorkerService,
        WorkerMetrics,
        WorkerMetricsServer,
      ],
      exports: [TemporalWorkerService, WorkerMetricsServer],
    };
  }
}
