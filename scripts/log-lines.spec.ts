// The launcher is plain CommonJS (no build step before `npm start`), so it is required, not imported.
const { formatLogLine } = require('./log-lines') as { formatLogLine: (name: string, line: string, colour: boolean) => string };

const AT = Date.UTC(2026, 11, 3, 9, 5, 7, 42);

describe('formatLogLine', () => {
  it('shows a pino entry as time, level, process, context and message, then its own fields', () => {
    const line = JSON.stringify({ level: 40, time: AT, pid: 7, hostname: 'h', context: 'ChangeWatch', msg: 'could not follow changes', attempt: 2, reason: 'db down' });
    expect(formatLogLine('api', line, false)).toBe('09:05:07.042 WARN  api      [ChangeWatch] could not follow changes attempt=2 reason="db down"');
  });

  it('makes an access entry one short request line, without the request object', () => {
    const line = JSON.stringify({ level: 30, time: AT, req: { id: 1, method: 'GET', url: '/repositories/libs/a.jar', remoteAddress: '127.0.0.1' }, res: { statusCode: 200 }, responseTime: 3, msg: 'request completed' });
    expect(formatLogLine('api', line, false)).toBe('09:05:07.042 INFO  api      GET /repositories/libs/a.jar 200 3ms');
  });

  it('puts an error stack under its message and paints the level on a terminal only', () => {
    const line = JSON.stringify({ level: 50, time: AT, msg: 'boom', err: { message: 'boom', stack: 'Error: boom\n    at x' } });
    expect(formatLogLine('worker', line, false).split('\n')).toEqual(['09:05:07.042 ERROR worker   boom', '    Error: boom', '        at x']);
    expect(formatLogLine('worker', line, true)).toContain('\u001b[31mERROR\u001b[0m');
  });

  it('passes a line that is not pino JSON through after the process name', () => {
    expect(formatLogLine('temporal', 'time=… level=WARN msg=x', false)).toBe(`${' '.repeat(18)} temporal time=… level=WARN msg=x`);
    expect(formatLogLine('api', '{not json', false)).toContain('api      {not json');
  });
});
