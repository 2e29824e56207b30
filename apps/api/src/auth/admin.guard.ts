import { CanActivate, ExecutionContext, ForbiddenException, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { UnauthenticatedError } from '../common/domain-errors';
import { AuthService } from './auth.service';
import { credentialsOf } from './presented-credentials';
import type { Principal } from './principal';

const EVERY_USER = 'herald:every-user';

/** A route of an admin controller that any authenticated user may call; the handler decides what each may do. */
export const OpenToEveryUser = (): MethodDecorator => SetMetadata(EVERY_USER, true);

/** Admin-only routes: 401 with a Basic challenge without valid credentials, 403 for non-admins (unless OpenToEveryUser). */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request & { principal?: Principal }>();
    const result = await this.auth.authenticate(credentialsOf(request));
    if (result.kind !== 'authenticated') throw new UnauthenticatedError(result.kind === 'anonymous' ? 'credentials are required' : 'invalid credentials');
    if (result.principal.role !== 'admin' && !this.reflector.get<boolean>(EVERY_USER, context.getHandler())) throw new ForbiddenException('this route is for admins');
    request.principal = result.principal;
    return true;
  }
}
