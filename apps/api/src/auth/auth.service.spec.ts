import type { MikroORM } from '@mikro-orm/core';
import type { HeraldConfig } from '@herald/config';
import type { ChangeWatch } from '../common/change-watch';
import { AuthService } from './auth.service';
import type { TokenUseRecorder } from './token-uses';

describe('AuthService', () => {
  const findOne = jest.fn();
  const orm = { em: { fork: () => ({ findOne }) } } as unknown as MikroORM;
  const config = { secretKey: Buffer.alloc(32, 1) } as HeraldConfig;
  const changes = { on: () => undefined } as unknown as ChangeWatch;
  const uses = { used: () => undefined, stored: () => undefined } as unknown as TokenUseRecorder;
  const service = () => new AuthService(orm, config, changes, uses);
  const basic = (credentials: string) => `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;

  beforeEach(() => findOne.mockReset().mockResolvedValue(null));

  it.each([
    ['a NUL in the user name', 'adm\u0000in:secret-password'],
    ['a NUL after the password', 'admin:secret-password\u0000'],
    ['no colon', 'admin'],
  ])('refuses Basic credentials with %s without asking the database', async (_name, credentials) => {
    await expect(service().authenticate(basic(credentials))).resolves.toEqual({ kind: 'invalid' });
    expect(findOne).not.toHaveBeenCalled();
  });

  it('treats a missing or blank header as anonymous', async () => {
    const auth = service();
    await expect(auth.authenticate(undefined)).resolves.toEqual({ kind: 'anonymous' });
    await expect(auth.authenticate('  ')).resolves.toEqual({ kind: 'anonymous' });
  });
});
