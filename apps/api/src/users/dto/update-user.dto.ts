import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '@herald/contracts';
import { PASSWORD_MAX, PASSWORD_MIN } from './create-user.dto';

/** Any of role, password, disabled; a user changing its own password also sends its current one. */
export class UpdateUserDto {
  @ApiPropertyOptional({ enum: ROLES, example: 'deployer', description: 'Admins only. The last enabled admin cannot be demoted (409).' })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({
    example: 'a-new-long-passphrase',
    minLength: PASSWORD_MIN,
    maxLength: PASSWORD_MAX,
    description: "The new password, stored only as a salted scrypt hash. Ends the user's portal sessions. A user may change its own (with currentPassword); an admin may reset anyone's.",
  })
  @IsOptional()
  @IsString()
  @MinLength(PASSWORD_MIN)
  @MaxLength(PASSWORD_MAX)
  password?: string;

  @ApiPropertyOptional({
    example: true,
    description: "Admins only. A disabled user is refused everywhere (password, API tokens, portal) until enabled again; disabling ends its portal sessions. The last enabled admin cannot be disabled (409).",
  })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({ example: 'the-old-passphrase', maxLength: PASSWORD_MAX, description: 'Required when a user changes its own password: its current one (403 if it does not match).' })
  @IsOptional()
  @IsString()
  @MaxLength(PASSWORD_MAX)
  currentPassword?: string;
}
