import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { REPOSITORY_NAME_MAX_LENGTH } from '../webhook-rules';

export class ListWebhooksQueryDto {
  @ApiPropertyOptional({ description: "Only this repository's webhooks; empty or absent lists every webhook.", example: 'libs-release' })
  @IsOptional()
  @IsString()
  @MaxLength(REPOSITORY_NAME_MAX_LENGTH)
  @Matches(/^[^\u0000-\u001f\u007f]*$/, { message: 'repository must not contain control characters' })
  repository?: string;
}
