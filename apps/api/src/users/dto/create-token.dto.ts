import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class CreateTokenDto {
  @ApiPropertyOptional({ example: 'github-actions', maxLength: 128, description: 'What the token is for, to recognise it later.' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  name?: string;
}
