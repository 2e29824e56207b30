import { DynamicModule, Module } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { ConfigModule, HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { PersistenceModule, SecretBox } from '@herald/persistence';
import { createActivities } from './activities/create-activities';
import type { ChannelRegistry } from './activities/channel-registry';
import { channelsProvider } from './channels.provider';
import { TemporalWorkerService, WORKFLOW_SOURCE, type WorkflowSource } from './temporal-worker.service';
import { CHANNELS, HERALD_ACTIVITIES } from './worker.tokens';

@Module({})
export class WorkerModule {
  static forRoot(options: { config?: HeraldConfig; workflows: WorkflowSource }): DynamicModule {
    return {
      module: WorkerModule,
      imports: [options.config ? ConfigModule.withConfig(options.config) : ConfigModule, PersistenceModule],
      providers: [
        channelsProvider,
        { provide: WORKFLOW_SOURCE, useValue: options.workflows },
        {
          provide: HERALD_ACTIVITIES,
          inject: [MikroORM, SecretBox, CHANNELS, HERALD_CONFIG],
          useFactory: (orm: MikroORM, secretBox: SecretBox, channels: ChannelRegistry, config: HeraldConfig) =>
            createActivities({ orm, secretBox, channels, config }),
        },
        TemporalWorkerService,
      ],
      exports: [TemporalWorkerService],
    };
  }
}
