import { ApiProperty } from '@nestjs/swagger';

export class YankedVersionResponse {
  @ApiProperty({ example: 'py-release' })
  repository!: string;

  @ApiProperty({ example: 'demo-lib', description: 'normalized (PEP 503)' })
  project!: string;

  @ApiProperty({ example: '1.0.0', description: 'normalized (PEP 440)' })
  version!: string;

  @ApiProperty({ example: true })
  yanked!: boolean;

  @ApiProperty({ example: 'broken on Python 3.13: use 1.0.1', nullable: true, type: String })
  reason!: string | null;

  @ApiProperty({ example: ['demo_lib-1.0.0-py3-none-any.whl', 'demo_lib-1.0.0.tar.gz'], description: 'the files of the version, all yanked or unyanked together' })
  files!: string[];
}
