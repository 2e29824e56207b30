import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_AUDIT_PAGE, MAX_AUDIT_PAGE } from './list-audit.usecase';

export class ListAuditQueryDto {
  @ApiPropertyOptional({ description: 'Only what this user did.', example: 'admin' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  actor?: string;

  @ApiPropertyOptional({ description: 'Only what was done to this subject: a username (its tokens included), repository name or webhook id.', example: 'ci' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  subject?: string;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_AUDIT_PAGE, default: DEFAULT_AUDIT_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_AUDIT_PAGE)
  limit?: number;
}
