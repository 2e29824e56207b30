import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { REPOSITORY_NAME_MAX_LENGTH } from '../webhook-rules';

export class ListWebhooksQueryDto {
  @ApiPropertyOptional({ description: "Only this repository's webhooks.", example: 'libs-release' })
  @IsOptional()
  @IsString()
  @MaxLength(REPOSITORY_NAME_MAX_LENGTH)
  repository?: string;
}
