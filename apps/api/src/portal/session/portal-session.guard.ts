import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { CsrfRejectedError, SignInRequiredError } from '../portal-errors';
import type { PortalViewer } from '../views/components';
import { readCookie, SESSION_COOKIE } from './cookies';
import { PortalSessionCodec } from './portal-session';
import { PortalSessions } from './portal-sessions';

type PortalRequest = Request & { portalViewer?: PortalViewer };

const READ_ONLY_METHODS = new Set(['GET', 'HEAD']);

/**
 * Every portal page but sign-in: a session the database still holds, of a user who is still an
 * enabled admin, and on every request that changes something, this session's CSRF token in the
 * `_csrf` form field.
 */
@Injectable()
export class PortalSessionGuard implements CanActivate {
  constructor(
    private readonly codec: PortalSessionCodec,
    private readonly sessions: PortalSessions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<PortalRequest>();
    const session = await this.sessions.read(readCookie(request, SESSION_COOKIE));
    if (!session) throw new SignInRequiredError();
    request.portalViewer = { username: session.username, csrfToken: this.codec.csrfToken(session.secret) };
    if (!READ_ONLY_METHODS.has(request.method) && !this.codec.checkCsrf(session.secret, (request.body as Record<string, unknown> | undefined)?._csrf)) {
      throw new CsrfRejectedError();
    }
    return true;
  }
}

/** The signed-in admin, as PortalSessionGuard found them. */
export const Viewer = createParamDecorator((_data: unknown, context: ExecutionContext): PortalViewer => {
  const viewer = context.switchToHttp().getRequest<PortalRequest>().portalViewer;
  if (!viewer) throw new SignInRequiredError();
  return viewer;
});

export function viewerOf(request: Request): PortalViewer | undefined {
  return (request as PortalRequest).portalViewer;
}
