import { ApiProperty } from '@nestjs/swagger';
import { REPOSITORY_FORMATS, REPOSITORY_POLICIES, REPOSITORY_VISIBILITIES, type RepositoryFormat, type RepositoryPolicy, type RepositoryVisibility } from '@herald/contracts';

export class RepositoryResponse {
  @ApiProperty({ example: 'libs-release' })
  name!: string;

  @ApiProperty({ enum: REPOSITORY_FORMATS, example: 'maven' })
  format!: RepositoryFormat;

  @ApiProperty({ enum: REPOSITORY_POLICIES, example: 'release' })
  policy!: RepositoryPolicy;

  @ApiProperty({ enum: REPOSITORY_VISIBILITIES, example: 'private' })
  visibility!: RepositoryVisibility;

  @ApiProperty({
    example: 'http://localhost:8080/repositories/libs-release/',
    description: 'What build tools use as the repository URL (twine uploads there too); pip and uv read a `python` repository\'s index at `{url}simple/`.',
  })
  url!: string;

  @ApiProperty({ example: '2026-11-28T22:00:00.000Z' })
  createdAt!: string;
}

export class RepositoryListResponse {
  @ApiProperty({ type: [RepositoryResponse] })
  items!: RepositoryResponse[];
}
