import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '@herald/contracts';
import type { User } from '@herald/persistence';

/** A user as answers show it: never the password hash. */
export class UserView {
  @ApiProperty({ example: 'ci' })
  username!: string;

  @ApiProperty({ enum: ROLES, example: 'deployer' })
  role!: Role;

  @ApiProperty({ example: false, description: 'A disabled user is refused everywhere (password, API tokens, portal).' })
  disabled!: boolean;

  @ApiProperty({ example: '2026-11-28T22:00:00.000Z' })
  createdAt!: string;

  static of(user: User): UserView {
    return { username: user.username, role: user.role, disabled: user.disabled, createdAt: user.createdAt.toISOString() };
  }
}

export class UserListView {
  @ApiProperty({ type: [UserView] })
  items!: UserView[];
}
