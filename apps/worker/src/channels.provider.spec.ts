import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { HERALD_CONFIG, loadConfig } from '@herald/config';
import { channelsProvider, type WorkerChannels } from './channels.provider';
import { CHANNELS } from './worker.tokens';

describe('channelsProvider', () => {
  const config = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'herald-channels-')), SMTP_URL: 'smtp://user:pass@127.0.0.1:2525' });

  it('closes the SMTP pool when Nest shuts the worker down', async () => {
    const moduleRef = await Test.createTestingModule({ providers: [channelsProvider, { provide: HERALD_CONFIG, useValue: config }] }).compile();
    const channels = moduleRef.get<WorkerChannels>(CHANNELS);
    const close = jest.spyOn(channels.email, 'close');
    await moduleRef.close();
    expect(close).toHaveBeenCalledTimes(1);
  });
});
