import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class YankVersionDto {
  @ApiPropertyOptional({ example: 'broken on Python 3.13: use 1.0.1', maxLength: 1000, description: 'Shown by pip to whoever installs the version pinned.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}
