import { CanActivate, createParamDecorator, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import type { Request } from 'express';
import { User } from '@herald/persistence';
import { CsrfRejectedError, SignInRequiredError } from '../portal-errors';
import type { PortalViewer } from '../views/components';
import { readCookie, SESSION_COOKIE } from './cookies';
import { PortalSessionCodec } from './portal-session';

type PortalRequest = Request & { portalViewer?: PortalViewer };

const READ_ONLY_METHODS = new Set(['GET', 'HEAD']);

/**
 * Every portal page but sign-in: a valid session cookie of a user who is still an admin, and on
 * every request that changes something, this session's CSRF token in the `_csrf` form field.
 */
@Injectable()
export class PortalSessionGuard implements CanActivate {
  constructor(
    private readonly codec: PortalSessionCodec,
    @Inject(MikroORM) private readonly orm: MikroORM,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<PortalRequest>();
    const session = this.codec.readSession(readCookie(request, SESSION_COOKIE));
    if (!session) throw new SignInRequiredError();
    // A demoted or deleted admin loses the portal at once, not when the cookie expires.
    const user = await this.orm.em.fork().findOne(User, { username: session.username }, { fields: ['role'] });
    if (user?.role !== 'admin') throw new SignInRequiredError();
    const csrfToken = this.codec.csrfToken(session);
    request.portalViewer = { username: session.username, csrfToken };
    if (!READ_ONLY_METHODS.has(request.method) && !this.codec.checkCsrf(session, (request.body as Record<string, unknown> | undefined)?._csrf)) {
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
