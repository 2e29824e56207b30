import { Global, Module } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { TemporalClientProvider } from '@herald/temporal';
import { EventRelayService } from './event-relay.service';

@Global()
@Module({
  providers: [
    {
      provide: TemporalClientProvider,
      inject: [HERALD_CONFIG],
      useFactory: (config: HeraldConfig) => new TemporalClientProvider(config.temporal),
    },
    EventRelayService,
  ],
  exports: [TemporalClientProvider, EventRelayService],
})
export class RelayModule {}
