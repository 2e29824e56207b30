import { Writable } from 'node:stream';
import pino from 'pino';
import { ACCESS_LOG_SERIALIZERS } from './access-log';

function logged(write: (logger: pino.Logger) => void): Record<string, unknown> {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) });
  write(pino({ serializers: ACCESS_LOG_SERIALIZERS }, sink));
  return JSON.parse(lines[0]) as Record<string, unknown>;
}

describe('access log serializers', () => {
  it('keep method, URL, address, user agent and status, and no other header', () => {
    const line = logged((logger) =>
      logger.info({ req: { id: 7, method: 'GET', url: '/repositories/a/b.jar', remoteAddress: '127.0.0.1', headers: { 'user-agent': 'Apache-Maven/3.9.6', authorization: 'Basic c2VjcmV0' } }, res: { statusCode: 200 } }),
    );
    expect(line).toMatchObject({ req: { id: 7, method: 'GET', url: '/repositories/a/b.jar', remoteAddress: '127.0.0.1', userAgent: 'Apache-Maven/3.9.6' }, res: { statusCode: 200 } });
    expect(JSON.stringify(line)).not.toContain('c2VjcmV0');
  });

  it('take a request logged without headers', () => {
    expect(logged((logger) => logger.info({ req: { method: 'HEAD', url: '/x' } }))).toMatchObject({ req: { method: 'HEAD', url: '/x' } });
  });
});
