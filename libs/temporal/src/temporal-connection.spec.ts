import { createServer, type Server } from 'node:net';
import { Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { closedChannelGuard } from './temporal-connection';

/** A port that accepts TCP and hangs up at once: every call fails UNAVAILABLE and is retried. */
async function refusingServer(): Promise<{ address: string; server: Server }> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { address: `127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

describe('closedChannelGuard', () => {
  let refusing: { address: string; server: Server };
  const uncaught: Error[] = [];
  const record = (error: Error) => uncaught.push(error);

  beforeAll(async () => {
    refusing = await refusingServer();
    process.on('uncaughtException', record);
  });

  afterAll(async () => {
    process.off('uncaughtException', record);
    await new Promise((resolve) => refusing.server.close(resolve));
  });

  it('ends a call waiting to retry with CANCELLED when its connection is closed, throwing nothing', async () => {
    const connection = Connection.lazy({ address: refusing.address, interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions()), closedChannelGuard] });
    const call = connection.withDeadline(Date.now() + 30_000, () => connection.workflowService.getSystemInfo({}));
    const settled = call.then(
      () => 'answered',
      (error: { code?: number; message: string }) => `${error.code}: ${error.message}`,
    );
    // Long enough for the first attempts to fail and the retry interceptor to wait on its timer.
    await new Promise((resolve) => setTimeout(resolve, 400));
    await connection.close();
    expect(await settled).toMatch(/^1: .*Channel has been shut down/);
    // The retry timer has fired by now, and found the guard instead of an exception.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(uncaught).toEqual([]);
  });
});
