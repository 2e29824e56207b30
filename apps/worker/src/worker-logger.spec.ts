import { Writable } from 'node:stream';
import pino from 'pino';
import { PinoNestLogger, temporalSdkLogger } from './worker-logger';

function capture(): { root: pino.Logger; lines: () => Array<Record<string, unknown>> } {
  const written: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written.push(chunk.toString());
      done();
    },
  });
  return { root: pino({ level: 'info' }, sink), lines: () => written.join('').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('the worker logger', () => {
  it('writes Nest lines as pino JSON with their context, an error with its stack', () => {
    const { root, lines } = capture();
    const logger = new PinoNestLogger(root);
    logger.log('polling task queue herald', 'TemporalWorker');
    logger.error('the worker failed', 'Error: boom\n    at x', 'TemporalWorker');
    logger.warn('not reachable');
    logger.debug('below the level');
    expect(lines()).toEqual([
      expect.objectContaining({ level: 30, context: 'TemporalWorker', msg: 'polling task queue herald' }),
      expect.objectContaining({ level: 50, context: 'TemporalWorker', msg: 'the worker failed', err: { stack: 'Error: boom\n    at x' } }),
      expect.objectContaining({ level: 40, msg: 'not reachable' }),
    ]);
  });

  it("sends the Temporal SDK's warnings through the same logger and drops what is below WARN", () => {
    const { root, lines } = capture();
    const sdk = temporalSdkLogger(root);
    sdk.info('worker state changed');
    sdk.warn('activity heartbeat failed', { activityId: '1' });
    expect(lines()).toEqual([expect.objectContaining({ level: 40, context: 'TemporalSDK', msg: 'activity heartbeat failed', activityId: '1' })]);
  });
});
