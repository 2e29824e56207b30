import type { ApiToken, User } from '@herald/persistence';
import { tokenPrefix } from '../auth/api-token-secret';
import type { TokenResponse } from './dto/token.response';
import type { UserResponse } from './dto/user.response';

export function presentUser(user: User): UserResponse {
  return { username: user.username, role: user.role, disabled: user.disabled, createdAt: user.createdAt.toISOString() };
}

export function presentToken(token: ApiToken): TokenResponse {
  return {
    id: token.id,
    name: token.name,
    prefix: tokenPrefix(token.id),
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    expiresAt: token.expiresAt?.toISOString() ?? null,
  };
}
