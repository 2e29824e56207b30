import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { TemporalClientProvider } from '@herald/temporal';
import { DigestSignals } from './digest-signals';
import { EventRelayService } from './event-relay.service';
import { FileEventGroupCommit } from './file-event-group-commit';
import { FileEventOutbox } from './file-event-outbox';
import { FileEventRecorder } from './file-event-recorder';
import { FileEventWorkflowStarter } from './file-event-workflow.starter';
import { OutboxMetrics } from './outbox-metrics';

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
    DigestSignals,
    EventRelayService,
    FileEventGroupCommit,
    FileEventRecorder,
    OutboxMetrics,
  ],
  exports: [TemporalClientProvider, EventRelayService, FileEventWorkflowStarter, FileEventOutbox, FileEventRecorder],
})
export class RelayModule implements OnApplicationShutdown {
  constructor(@Inject(TemporalClientProvider) private readonly temporal: TemporalClientProvider) {}

  async onApplicationShutdown(): Promise<void> {
    await this.temporal.close();
  }
}
