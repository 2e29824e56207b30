import type { IncomingMessage } from 'node:http';
import type { Actor } from '@herald/contracts';
import { clientAddress } from '../common/client-address';
import type { FileAccess } from './file-access';
import { header } from './request-headers';

const USER_AGENT_LIMIT = 512;

/** Who caused a file event, as its notification names them. */
export function actorOf(request: IncomingMessage, access: FileAccess): Actor {
  return {
    username: access.principal?.username ?? null,
    ip: clientAddress(request),
    userAgent: header(request, 'user-agent')?.slice(0, USER_AGENT_LIMIT) ?? null,
  };
}
