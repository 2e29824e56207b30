import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '../auth/principal';

/** The principal AdminGuard authenticated for this request (use only behind that guard). */
export const AdminPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<{ principal?: Principal }>().principal;
  if (!principal) throw new Error('AdminPrincipal used on a route without AdminGuard');
  return principal;
});
