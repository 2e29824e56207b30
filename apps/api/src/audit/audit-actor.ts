import type { IncomingMessage } from 'node:http';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { clientAddress } from '../common/client-address';
import type { AuditActor } from './audit-log.service';

/** The actor of a change made through a request: who was signed in (or authenticated), and from where. */
export function auditActor(request: IncomingMessage, who: { username: string } | null): AuditActor {
  return { username: who?.username ?? null, address: clientAddress(request) };
}

/** The AuditActor of a route behind AdminGuard: its principal and the client's address. */
export const AuditedBy = createParamDecorator((_data: unknown, context: ExecutionContext): AuditActor => {
  const request = context.switchToHttp().getRequest<IncomingMessage & { principal?: Principal }>();
  if (!request.principal) throw new Error('AuditedBy used on a route without AdminGuard');
  return auditActor(request, request.principal);
});
