import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { TemporalClientProvider } from '@herald/temporal';
import { EventRelayService } from './event-relay.service';
import { FileEventOutbox } from './file-event-outbox';
import { FileEventWorkflowStarter } from './file-event-workflow.starter';

@Global()
@Module({
  providers: [
    {
      provide: TemporalClientProvider,
      inject: [HERALD_CONFIG],
      useFactory: (config: HeraldConfig) => new TemporalClientProvider(config.temporal),
    },
    FileEventOutbox,
    FileEventWorkflowStarter,
    EventRelayService,
  ],
  exports: [TemporalClientProvider, EventRelayService, FileEventWorkflowStarter, FileEventOutbox],
})
export class RelayModule implements OnApplicationShutdown {
  constructor(@Inject(TemporalClientProvider) private readonly temporal: TemporalClientProvider) {}

  async onApplicationShutdown(): Promise<void> {
    await this.temporal.close();
  }
}
