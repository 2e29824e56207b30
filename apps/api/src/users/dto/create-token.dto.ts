import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** The longest a token may live: ten years. */
export const MAX_TOKEN_DAYS = 3650;

export class CreateTokenDto {
  @ApiPropertyOptional({ example: 'github-actions', maxLength: 128, description: 'What the token is for, to recognise it later.' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  name?: string;

  @ApiPropertyOptional({ example: 90, minimum: 1, maximum: MAX_TOKEN_DAYS, description: 'Days until the token stops working; without it, the token does not expire.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_TOKEN_DAYS)
  expiresInDays?: number;
}
