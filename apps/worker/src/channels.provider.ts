import type { Provider } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { JsonChannel, createSafeHttpClient } from '@herald/channels';
import type { ChannelRegistry } from './activities/channel-registry';
import { CHANNELS } from './worker.tokens';

/** Wires each target type to its channel, configured from HeraldConfig. */
export const channelsProvider: Provider = {
  provide: CHANNELS,
  inject: [HERALD_CONFIG],
  useFactory: (config: HeraldConfig): ChannelRegistry => {
    const http = createSafeHttpClient({ allowPrivate: config.targets.allowPrivate, timeoutMs: config.delivery.attemptTimeoutMs });
    return { json: new JsonChannel(http) } as unknown as ChannelRegistry;
  },
};
