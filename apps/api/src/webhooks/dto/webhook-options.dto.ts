import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DIGEST_WINDOW_SECONDS, FILTER_PATTERNS_MAX, FILTER_PATTERN_MAX_LENGTH } from '../webhook-rules';

const PATTERN = { type: 'string', minLength: 1, maxLength: FILTER_PATTERN_MAX_LENGTH } as const;

export class WebhookFiltersDto {
  @ApiPropertyOptional({
    type: 'array',
    items: PATTERN,
    maxItems: FILTER_PATTERNS_MAX,
    description:
      'Glob patterns over the path inside the repository (`**` spans folders, `*` one name, `{jar,pom}` alternatives, `[0-9]` classes); a file event is notified when its path matches one of them. Empty or absent: every path. A pattern starting with `!` excludes instead. A maven.version.published or python.version.published notification is sent when any file of the version passes.',
    example: ['**/*.jar', '!**/*-sources.jar'],
  })
  include?: string[];

  @ApiPropertyOptional({ type: 'array', items: PATTERN, maxItems: FILTER_PATTERNS_MAX, description: 'Glob patterns of paths never to notify; they win over include.', example: ['**/*.sha1'] })
  exclude?: string[];

  @ApiPropertyOptional({ description: 'Ignore checksum and signature side files (`.md5 .sha1 .sha256 .sha512 .asc`) and `maven-metadata.xml` with its checksums.', example: true })
  skipSideFiles?: boolean;
}

export class WebhookDigestDto {
  @ApiProperty({
    description:
      'Coalesce the file events of each window of this many seconds into one `file.digest` notification (counts by event type, the paths with their counts, distinct actors, first and last event time). The window opens with its first event.',
    minimum: DIGEST_WINDOW_SECONDS.min,
    maximum: DIGEST_WINDOW_SECONDS.max,
    example: 300,
  })
  windowSeconds!: number;
}
