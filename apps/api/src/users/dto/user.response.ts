import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '@herald/contracts';

/** A user as answers show it: never the password hash. */
export class UserResponse {
  @ApiProperty({ example: 'ci' })
  username!: string;

  @ApiProperty({ enum: ROLES, example: 'deployer' })
  role!: Role;

  @ApiProperty({ example: false, description: 'A disabled user is refused everywhere (password, API tokens, portal).' })
  disabled!: boolean;

  @ApiProperty({ example: '2026-11-28T22:00:00.000Z' })
  createdAt!: string;
}

export class UserListResponse {
  @ApiProperty({ type: [UserResponse] })
  items!: UserResponse[];
}
