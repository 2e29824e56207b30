import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { createSafeHttpClient } from '@herald/networking';
import { PermanentDeliveryError, RetryableDeliveryError } from './delivery-errors';
import { JsonChannel } from './json.channel';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  url: string;
}

/** A loopback receiver whose answer each test sets. */
async function receiver(answer: (request: IncomingMessage, response: ServerResponse) => void): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), url: request.url ?? '' });
      answer(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}

const notification = {
  id: 'evt_01test',
  webhookId: 'wh_01test',
  payload: { type: 'file.uploaded' as const, timestamp: '2026-11-28T22:00:00.000Z', data: { id: 'evt_01test', repository: 'libs-release', path: 'a/b.jar', name: 'b.jar', size: 1, sha256: null, sha1: null, md5: null, contentType: null, actor: { username: null, ip: null, userAgent: null }, url: 'http://localhost/x', maven: null } },
};

describe('JsonChannel', () => {
  const servers: Server[] = [];
  // Secrets are made in libs/persistence; the channel only signs with what it is given.
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const channel = (timeoutMs = 2_000, allowPrivate = true) => new JsonChannel(createSafeHttpClient({ allowPrivate, timeoutMs }));
  const start = async (answer: (request: IncomingMessage, response: ServerResponse) => void) => {
    const started = await receiver(answer);
    servers.push(started.server);
    return started;
  };

  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('POSTs the payload signed so a Standard Webhooks library verifies it, webhook-id = event id', async () => {
    const target = await start((_, response) => response.writeHead(200).end('thanks'));
    const result = await channel().deliver({ type: 'json', url: `${target.url}/hook?token=abc`, signingSecrets: [secret] }, notification);
    expect(result).toEqual({ statusCode: 200, responseBody: 'thanks' });
    const [request] = target.received;
    expect(request.url).toBe('/hook?token=abc');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['webhook-id']).toBe('evt_01test');
    const verified = new StandardWebhook(secret).verify(request.body, {
      'webhook-id': request.headers['webhook-id'] as string,
      'webhook-timestamp': request.headers['webhook-timestamp'] as string,
      'webhook-signature': request.headers['webhook-signature'] as string,
    });
    expect(verified).toEqual(notification.payload);
  });

  it('signs with every current secret during a rotation, each verifiable on its own', async () => {
    const old = 'whsec_Hx8u2QV2N5yIhKzQG9Xb1hH9cXyZ1S7v';
    const target = await start((_, response) => response.writeHead(204).end());
    await channel().deliver({ type: 'json', url: target.url, signingSecrets: [secret, old] }, notification);
    const [request] = target.received;
    const headers = { 'webhook-id': request.headers['webhook-id'] as string, 'webhook-timestamp': request.headers['webhook-timestamp'] as string, 'webhook-signature': request.headers['webhook-signature'] as string };
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new StandardWebhook(secret).verify(request.body, headers)).not.toThrow();
    expect(() => new StandardWebhook(old).verify(request.body, headers)).not.toThrow();
  });

  it.each([
    [503, RetryableDeliveryError],
    [500, RetryableDeliveryError],
    [408, RetryableDeliveryError],
    [429, RetryableDeliveryError],
    [410, PermanentDeliveryError],
    [400, PermanentDeliveryError],
    [404, PermanentDeliveryError],
  ])('answers %i → %p, with the status and the body excerpt', async (status, type) => {
    const target = await start((_, response) => response.writeHead(status).end(`status ${status}`));
    const error = await channel().deliver({ type: 'json', url: target.url, signingSecrets: [secret] }, notification).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ statusCode: status, responseBody: `status ${status}` });
  });

  it('reads Retry-After (seconds) on 429', async () => {
    const target = await start((_, response) => response.writeHead(429, { 'retry-after': '7' }).end());
    const error = await channel().deliver({ type: 'json', url: target.url, signingSecrets: [secret] }, notification).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect((error as RetryableDeliveryError).retryAfterMs).toBe(7_000);
  });

  it('does not follow a redirect: 3xx is permanent and the Location is never requested', async () => {
    const elsewhere = await start((_, response) => response.writeHead(200).end());
    const target = await start((_, response) => response.writeHead(302, { location: `${elsewhere.url}/stolen` }).end());
    const error = await channel().deliver({ type: 'json', url: target.url, signingSecrets: [secret] }, notification).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect((error as PermanentDeliveryError).statusCode).toBe(302);
    expect(elsewhere.received).toHaveLength(0);
  });

  it('keeps 1 KiB of a large answer', async () => {
    const target = await start((_, response) => response.writeHead(200).end('x'.repeat(200_000)));
    const result = await channel().deliver({ type: 'json', url: target.url, signingSecrets: [secret] }, notification);
    expect(result.responseBody).toHaveLength(1024);
  });

  it('treats a refused connection as retryable, naming the host and not the path', async () => {
    const target = await start((_, response) => response.end());
    const url = `${target.url}/hook/secret-token`;
    target.server.closeAllConnections();
    await new Promise((resolve) => target.server.close(resolve));
    servers.pop();
    const error = await channel().deliver({ type: 'json', url, signingSecrets: [secret] }, notification).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect((error as Error).message).toContain(new URL(url).host);
    expect((error as Error).message).not.toContain('secret-token');
  });

  it('times out a receiver that never answers as retryable', async () => {
    const target = await start(() => undefined);
    const error = await channel(300).deliver({ type: 'json', url: target.url, signingSecrets: [secret] }, notification).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect((error as Error).message).toMatch(/timed out/);
  });

  it('bounds a receiver that sends its headers, then trickles the body forever', async () => {
    const target = await start((_, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('a');
      const trickle = setInterval(() => (response.destroyed ? clearInterval(trickle) : response.write('b')), 50);
      response.on('close', () => clearInterval(trickle));
    });
    const result = await channel(400).deliver({ type: 'json', url: target.url, signingSecrets: [secret] }, notification);
    expect(result.statusCode).toBe(200);
    expect(result.responseBody).toMatch(/^ab*$/);
  });

  it('refuses a loopback target when private targets are not allowed, without sending', async () => {
    const target = await start((_, response) => response.writeHead(200).end());
    const error = await channel(2_000, false).deliver({ type: 'json', url: target.url, signingSecrets: [secret] }, notification).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect(target.received).toHaveLength(0);
  });
});
