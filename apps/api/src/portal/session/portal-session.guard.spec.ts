import type { ExecutionContext } from '@nestjs/common';
import type { HeraldConfig } from '@herald/config';
import { CsrfRejectedError, SignInRequiredError } from '../portal-errors';
import { PortalSessionCodec } from './portal-session';
import { PortalSessionGuard, viewerOf } from './portal-session.guard';
import type { PortalSessions } from './portal-sessions';

const SECRET = 'k'.repeat(43);
const codec = new PortalSessionCodec({ secretKey: Buffer.alloc(32, 3) } as HeraldConfig);

function guardWith(session: { username: string; secret: string } | null) {
  const read = jest.fn(async () => session);
  return { guard: new PortalSessionGuard(codec, { read } as unknown as PortalSessions), read };
}

function contextOf(method: string, body?: Record<string, unknown>) {
  const request = { method, body, headers: { cookie: `other=1; herald_session=${SECRET}` } };
  return { request, context: { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext };
}

describe('PortalSessionGuard', () => {
  it('reads the session of the cookie and shows the viewer its CSRF token', async () => {
    const { guard, read } = guardWith({ username: 'admin', secret: SECRET });
    const { request, context } = contextOf('GET');
    expect(await guard.canActivate(context)).toBe(true);
    expect(read).toHaveBeenCalledWith(SECRET);
    expect(viewerOf(request as never)).toEqual({ username: 'admin', csrfToken: codec.csrfToken(SECRET) });
  });

  it('sends a request without a live session to sign-in', async () => {
    await expect(guardWith(null).guard.canActivate(contextOf('GET').context)).rejects.toBeInstanceOf(SignInRequiredError);
  });

  it('wants this session’s CSRF token on a change, not on a read', async () => {
    const { guard } = guardWith({ username: 'admin', secret: SECRET });
    await expect(guard.canActivate(contextOf('POST', {}).context)).rejects.toBeInstanceOf(CsrfRejectedError);
    await expect(guard.canActivate(contextOf('POST', { _csrf: codec.csrfToken('x'.repeat(43)) }).context)).rejects.toBeInstanceOf(CsrfRejectedError);
    expect(await guard.canActivate(contextOf('POST', { _csrf: codec.csrfToken(SECRET) }).context)).toBe(true);
    expect(await guard.canActivate(contextOf('HEAD').context)).toBe(true);
  });
});
