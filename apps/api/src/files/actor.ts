import type { Request } from 'express';
import type { Actor } from '@herald/contracts';
import type { FileAccess } from './file-access';
import { header } from './request-headers';

const USER_AGENT_LIMIT = 512;

/** Who caused a file event, as its notification names them. */
export function actorOf(request: Request, access: FileAccess): Actor {
  return {
    username: access.principal?.username ?? null,
    ip: request.ip ?? null,
    userAgent: header(request, 'user-agent')?.slice(0, USER_AGENT_LIMIT) ?? null,
  };
}
