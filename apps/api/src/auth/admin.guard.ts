import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthService } from './auth.service';
import type { Principal } from './principal';

export const BASIC_CHALLENGE = 'Basic realm="Herald"';

/** Admin-only routes: 401 with a Basic challenge without valid credentials, 403 for non-admins. */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(private readonly auth: AuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request & { principal?: Principal }>();
    const result = await this.auth.authenticate(request.headers.authorization);
    if (result.kind !== 'authenticated') {
      http.getResponse<Response>().setHeader('WWW-Authenticate', BASIC_CHALLENGE);
      throw new UnauthorizedException(result.kind === 'anonymous' ? 'credentials are required' : 'invalid credentials');
    }
    if (result.principal.role !== 'admin') throw new ForbiddenException('this route is for admins');
    request.principal = result.principal;
    return true;
  }
}
