import type { Role } from '@herald/contracts';

/** Who is making a request, once credentials have been checked. */
export interface Principal {
  username: string;
  role: Role;
}

/** The result of reading the Authorization header. */
export type Authentication = { kind: 'anonymous' } | { kind: 'invalid' } | { kind: 'authenticated'; principal: Principal };

export const TOKEN_PREFIX = 'hrd_';
