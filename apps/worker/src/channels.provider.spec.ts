import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { EmailChannel, JsonChannel, SlackChannel } from '@herald/channels';
import { HERALD_CONFIG, loadConfig } from '@herald/config';
import { WorkerChannels, channelsProvider } from './channels.provider';
import { CHANNELS } from './worker.tokens';

describe('channelsProvider', () => {
  const config = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'herald-channels-')), SMTP_URL: 'smtp://user:pass@127.0.0.1:2525' });

  it('wires a channel for every target type', () => {
    const channels = new WorkerChannels(config);
    expect(channels.json).toBeInstanceOf(JsonChannel);
    expect(channels.email).toBeInstanceOf(EmailChannel);
    expect(channels.slack).toBeInstanceOf(SlackChannel);
    channels.onApplicationShutdown();
  });

  it('closes the SMTP pool when Nest shuts the worker down', async () => {
    const moduleRef = await Test.createTestingModule({ providers: [channelsProvider, { provide: HERALD_CONFIG, useValue: config }] }).compile();
    const channels = moduleRef.get<WorkerChannels>(CHANNELS);
    const close = jest.spyOn(channels.email, 'close');
    await moduleRef.close();
    expect(close).toHaveBeenCalledTimes(1);
  });
});
