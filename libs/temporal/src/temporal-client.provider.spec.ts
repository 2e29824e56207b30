import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { TemporalClientProvider } from './temporal-client.provider';

describe('TemporalClientProvider', () => {
  let blackhole: Server;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    // Accepts connections and never answers: a frontend that hangs.
    blackhole = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => blackhole.close(resolve));
  });

  const provider = (address: string) => new TemporalClientProvider({ address, namespace: 'default', uiUrl: 'http://localhost:8233', taskQueue: 'q' });

  it('is built without connecting, so the API boots while Temporal is down', () => {
    expect(() => provider('127.0.0.1:9')).not.toThrow();
  });

  it('answers a readiness probe within its time limit when the frontend hangs', async () => {
    const temporal = provider(`127.0.0.1:${(blackhole.address() as AddressInfo).port}`);
    const started = Date.now();
    await expect(temporal.isReachable(300)).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(2_500);
    await temporal.close();
  });

  it('backs off after a refused connection instead of dialling on every call', async () => {
    const temporal = provider('127.0.0.1:9');
    await expect(temporal.client()).rejects.toThrow();
    await expect(temporal.client()).rejects.toThrow(/unreachable; next try in \d+ ms/);
    await temporal.close();
  });
});
