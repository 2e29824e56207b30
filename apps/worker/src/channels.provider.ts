import type { OnApplicationShutdown, Provider } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { EmailChannel, JsonChannel, SlackChannel } from '@herald/channels';
import { createSafeHttpClient } from '@herald/networking';
import type { ChannelRegistry } from './activities/channel-registry';
import { CHANNELS } from './worker.tokens';

/**
 * One channel per target type, configured from HeraldConfig. Nest closes it after the Temporal
 * worker has drained (main.ts awaits the worker before `app.close()`), so no send in flight
 * loses its pooled SMTP connection.
 */
export class WorkerChannels implements ChannelRegistry, OnApplicationShutdown {
  readonly json: JsonChannel;
  readonly email: EmailChannel;
  readonly slack: SlackChannel;

  constructor(config: HeraldConfig) {
    const timeoutMs = config.delivery.attemptTimeoutMs;
    // JSON and Slack share one SSRF-guarded client: same address rules, same connection pool.
    const http = createSafeHttpClient({ allowPrivate: config.targets.allowPrivate, timeoutMs });
    this.json = new JsonChannel(http, { timeoutMs });
    this.slack = new SlackChannel(http, config.targets.slackUrlPrefix, timeoutMs);
    this.email = new EmailChannel({ smtpUrl: config.mail.smtpUrl, from: config.mail.from, dropDir: config.mail.dropDir, timeoutMs });
  }

  onApplicationShutdown(): void {
    this.email.close();
  }
}

export const channelsProvider: Provider = {
  provide: CHANNELS,
  inject: [HERALD_CONFIG],
  useFactory: (config: HeraldConfig): ChannelRegistry => new WorkerChannels(config),
};
