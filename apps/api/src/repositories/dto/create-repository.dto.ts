import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { REPOSITORY_FORMATS, REPOSITORY_POLICIES, REPOSITORY_VISIBILITIES, type RepositoryFormat, type RepositoryPolicy, type RepositoryVisibility } from '@herald/contracts';
import { REPOSITORY_NAME_PATTERN, REPOSITORY_NAME_RULE } from '../repository-name';

export class CreateRepositoryDto {
  @ApiProperty({ example: 'libs-release', pattern: REPOSITORY_NAME_PATTERN.source })
  @IsString()
  @Matches(REPOSITORY_NAME_PATTERN, { message: REPOSITORY_NAME_RULE })
  name!: string;

  @ApiPropertyOptional({
    enum: REPOSITORY_FORMATS,
    default: 'maven',
    example: 'maven',
    description:
      '`maven` serves any file tree over plain HTTP (Maven, Gradle, sbt, curl); `python` takes twine uploads and serves a PEP 503/691 index to pip and uv. Its files are immutable whatever the policy.',
  })
  @IsOptional()
  @IsIn(REPOSITORY_FORMATS)
  format?: RepositoryFormat;

  @ApiPropertyOptional({
    enum: REPOSITORY_POLICIES,
    default: 'release',
    example: 'release',
    description: '`release` refuses to overwrite a file (except `maven-metadata.xml` and checksum side files); `snapshot` allows it.',
  })
  @IsOptional()
  @IsIn(REPOSITORY_POLICIES)
  policy?: RepositoryPolicy;

  @ApiPropertyOptional({ enum: REPOSITORY_VISIBILITIES, default: 'private', example: 'private', description: '`public` lets anyone read its files without credentials.' })
  @IsOptional()
  @IsIn(REPOSITORY_VISIBILITIES)
  visibility?: RepositoryVisibility;
}
