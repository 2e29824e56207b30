import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DIGEST_WINDOW_SECONDS } from '../webhook-rules';

export class WebhookFiltersDto {
  @ApiPropertyOptional({ type: [String], description: 'Glob patterns of paths to notify; empty or absent means every path.', example: ['**/*.jar'] })
  include?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Glob patterns of paths never to notify.', example: ['**/*.sha1'] })
  exclude?: string[];

  @ApiPropertyOptional({ description: 'Ignore checksum side files and maven-metadata.xml.', example: true })
  skipSideFiles?: boolean;
}

export class WebhookDigestDto {
  @ApiProperty({ description: 'Coalesce the events of this many seconds into one file.digest notification.', minimum: DIGEST_WINDOW_SECONDS.min, maximum: DIGEST_WINDOW_SECONDS.max, example: 300 })
  windowSeconds!: number;
}
