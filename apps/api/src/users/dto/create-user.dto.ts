import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ROLES, USERNAME_PATTERN, type Role } from '@herald/contracts';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

export class CreateUserDto {
  @ApiProperty({ example: 'ci', pattern: USERNAME_PATTERN.source })
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'username must be 1 to 64 letters, digits, dots, dashes or underscores, and not . or ..' })
  username!: string;

  @ApiProperty({ example: 'a-long-passphrase', minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX, description: 'Stored only as a salted scrypt hash.' })
  @IsString()
  @MinLength(PASSWORD_MIN)
  @MaxLength(PASSWORD_MAX)
  password!: string;

  @ApiProperty({ enum: ROLES, example: 'deployer', description: '`admin`: everything; `deployer`: read, write and delete files; `reader`: read files.' })
  @IsIn(ROLES)
  role!: Role;
}
