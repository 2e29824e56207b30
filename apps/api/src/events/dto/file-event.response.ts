import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EVENT_TYPES, PYTHON_PACKAGE_TYPES, type EventType, type MavenCoordinates, type PythonCoordinates, type PythonPackageType } from '@herald/contracts';

class FileEventActorResponse {
  @ApiProperty({ example: 'ci', nullable: true, type: String })
  username!: string | null;

  @ApiProperty({ example: '203.0.113.9', nullable: true, type: String })
  ip!: string | null;

  @ApiProperty({ example: 'Apache-Maven/3.9.6', nullable: true, type: String })
  userAgent!: string | null;
}

class MavenCoordinatesResponse {
  @ApiProperty({ example: 'com.example' })
  groupId!: string;

  @ApiProperty({ example: 'demo' })
  artifactId!: string;

  @ApiProperty({ example: '1.0.0' })
  version!: string;

  @ApiProperty({ example: null, nullable: true, type: String })
  classifier!: string | null;

  @ApiProperty({ example: 'jar' })
  extension!: string;
}

class PythonCoordinatesResponse {
  @ApiProperty({ example: 'demo-lib', description: 'normalized (PEP 503)' })
  project!: string;

  @ApiProperty({ example: '1.0.0' })
  version!: string;

  @ApiProperty({ example: 'demo_lib-1.0.0-py3-none-any.whl' })
  filename!: string;

  @ApiProperty({ enum: PYTHON_PACKAGE_TYPES, example: 'bdist_wheel' })
  packageType!: PythonPackageType;
}

/** A recorded event, without the outbox's own columns. */
export class FileEventResponse {
  @ApiProperty({ example: 'evt_01jdz3k8q6w2x9v4b7n5m1c0ae' })
  id!: string;

  @ApiProperty({ enum: EVENT_TYPES, example: 'file.uploaded' })
  type!: EventType;

  @ApiProperty({ example: 'libs-release' })
  repository!: string;

  @ApiProperty({ example: 'com/example/demo/1.0.0/demo-1.0.0.jar' })
  path!: string;

  @ApiProperty({ example: 'demo-1.0.0.jar' })
  name!: string;

  @ApiProperty({ example: 1234, nullable: true, type: Number })
  size!: number | null;

  @ApiProperty({ example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', nullable: true, type: String })
  sha256!: string | null;

  @ApiProperty({ example: 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3', nullable: true, type: String })
  sha1!: string | null;

  @ApiProperty({ example: '098f6bcd4621d373cade4e832627b4f6', nullable: true, type: String })
  md5!: string | null;

  @ApiProperty({ example: 'application/java-archive', nullable: true, type: String })
  contentType!: string | null;

  @ApiProperty({ type: FileEventActorResponse })
  actor!: FileEventActorResponse;

  @ApiProperty({ example: 'http://localhost:8080/repositories/libs-release/com/example/demo/1.0.0/demo-1.0.0.jar' })
  url!: string;

  @ApiPropertyOptional({ type: MavenCoordinatesResponse, nullable: true, description: 'absent in a `python` repository' })
  maven?: MavenCoordinates | null;

  @ApiPropertyOptional({ type: PythonCoordinatesResponse, description: 'only in a `python` repository' })
  python?: PythonCoordinates;

  @ApiProperty({ example: '2026-11-28T22:00:00.000Z' })
  occurredAt!: string;
}

export class FileEventListResponse {
  @ApiProperty({ type: [FileEventResponse] })
  items!: FileEventResponse[];

  @ApiProperty({ example: null, nullable: true, type: String, description: 'Pass as `before` for the next (older) page; null on the last page.' })
  nextCursor!: string | null;
}
