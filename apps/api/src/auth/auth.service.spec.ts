import type { MikroORM } from '@mikro-orm/core';
import type { HeraldConfig } from '@herald/config';
import type { AuditLog } from '../audit/audit-log.service';
import type { ChangeWatch } from '../common/change-watch';
import { TooManyFailedSignInsError } from './auth-errors';
import { AuthThrottle, PAIR_FAILURE_LIMIT } from './auth-throttle';
import { AuthService } from './auth.service';
import { hashSecret } from './password-hasher';
import type { TokenUseRecorder } from './token-uses';

describe('AuthService', () => {
  const findOne = jest.fn();
  const orm = { em: { fork: () => ({ findOne }) } } as unknown as MikroORM;
  const config = { secretKey: Buffer.alloc(32, 1) } as HeraldConfig;
  const changes = { on: () => undefined } as unknown as ChangeWatch;
  const uses = { used: () => undefined, stored: () => undefined } as unknown as TokenUseRecorder;
  const service = (throttle = new AuthThrottle(orm, config, {} as AuditLog)) => new AuthService(orm, config, changes, uses, throttle);
  const basic = (credentials: string) => `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
  const from = (authorization: string | undefined, address = '192.0.2.1') => ({ authorization, address });

  beforeEach(() => findOne.mockReset().mockResolvedValue(null));

  it.each([
    ['a NUL in the user name', 'adm\u0000in:secret-password'],
    ['a NUL after the password', 'admin:secret-password\u0000'],
    ['no colon', 'admin'],
  ])('refuses Basic credentials with %s without asking the database', async (_name, credentials) => {
    await expect(service().authenticate(from(basic(credentials)))).resolves.toEqual({ kind: 'invalid' });
    expect(findOne).not.toHaveBeenCalled();
  });

  it('treats a missing or blank header as anonymous', async () => {
    const auth = service();
    await expect(auth.authenticate(from(undefined))).resolves.toEqual({ kind: 'anonymous' });
    await expect(auth.authenticate(from('  '))).resolves.toEqual({ kind: 'anonymous' });
  });

  it('refuses a throttled pair before the database and before what it remembers, and only from that address', async () => {
    const user = { username: 'ci', role: 'deployer', disabled: false, passwordHash: await hashSecret('right-password') };
    findOne.mockImplementation(async (_entity: unknown, where: { username: string }) => (where.username === 'ci' ? user : null));
    const throttle = new AuthThrottle(orm, config, {} as AuditLog);
    const auth = service(throttle);
    await expect(auth.authenticate(from(basic('ci:right-password')))).resolves.toMatchObject({ kind: 'authenticated' });
    for (let k = 0; k < PAIR_FAILURE_LIMIT; k++) await expect(auth.authenticate(from(basic(`ci:wrong-${k}`)))).resolves.toEqual({ kind: 'invalid' });
    findOne.mockClear();

    const refused = auth.authenticate(from(basic('ci:right-password')));
    await expect(refused).rejects.toBeInstanceOf(TooManyFailedSignInsError);
    await expect(refused).rejects.toMatchObject({ retryAfterSeconds: 900 });
    expect(findOne).not.toHaveBeenCalled();
    await expect(auth.authenticate(from(basic('ci:right-password'), '192.0.2.2'))).resolves.toMatchObject({ kind: 'authenticated' });
  });

  it('starts a pair afresh when it signs in', async () => {
    const user = { username: 'ci', role: 'deployer', disabled: false, passwordHash: await hashSecret('right-password') };
    findOne.mockResolvedValue(user);
    const auth = service();
    for (const round of [1, 2]) {
      for (let k = 0; k < PAIR_FAILURE_LIMIT - 1; k++) await expect(auth.authenticate(from(basic(`ci:wrong-${round}-${k}`)))).resolves.toEqual({ kind: 'invalid' });
      auth.forgetAll();
      await expect(auth.authenticate(from(basic('ci:right-password')))).resolves.toMatchObject({ kind: 'authenticated' });
    }
  });

  it('hashes at most a window of guesses sent together, and refuses the rest before any hash', async () => {
    const user = { username: 'ci', role: 'deployer', disabled: false, passwordHash: await hashSecret('right-password') };
    findOne.mockResolvedValue(user);
    const auth = service();
    const answers = await Promise.allSettled(Array.from({ length: 40 }, (_, k) => auth.authenticate(from(basic(`ci:guess-${k}`)))));
    const refused = answers.filter((answer) => answer.status === 'rejected' && answer.reason instanceof TooManyFailedSignInsError);
    expect(answers.filter((answer) => answer.status === 'fulfilled')).toHaveLength(PAIR_FAILURE_LIMIT);
    expect(refused).toHaveLength(40 - PAIR_FAILURE_LIMIT);
    expect(findOne).toHaveBeenCalledTimes(PAIR_FAILURE_LIMIT);
  });

  it('lets the same credentials sent together share one check', async () => {
    const user = { username: 'ci', role: 'deployer', disabled: false, passwordHash: await hashSecret('right-password') };
    findOne.mockResolvedValue(user);
    const auth = service();
    const answers = await Promise.all(Array.from({ length: 3 * PAIR_FAILURE_LIMIT }, () => auth.authenticate(from(basic('ci:right-password')))));
    expect(answers.every((answer) => answer.kind === 'authenticated')).toBe(true);
    expect(findOne).toHaveBeenCalledTimes(1);
  });

  it('counts Bearer failures for the address alone', async () => {
    const throttle = new AuthThrottle(orm, config, {} as AuditLog);
    const failed = jest.spyOn(throttle, 'failed');
    await expect(service(throttle).authenticate(from('Bearer hrd_nothing'))).resolves.toEqual({ kind: 'invalid' });
    expect(failed).toHaveBeenCalledWith('192.0.2.1', null);
  });
});
