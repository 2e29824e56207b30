import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditedBy } from '../audit/audit-actor';
import type { AuditActor } from '../audit/audit-log.service';
import { AdminApi } from '../auth/admin-api.decorator';
import { YankVersionDto } from './dto/yank-version.dto';
import { YankedVersionResponse } from './dto/yanked-version.response';
import { YankVersionUseCase } from './usecases/yank-version.usecase';

@ApiTags('python')
@AdminApi()
@Controller('api/v1/repositories/:repository/python/:project/:version')
export class PythonVersionsController {
  constructor(private readonly yankVersion: YankVersionUseCase) {}

  @Post('yank')
  @HttpCode(200)
  @ApiOperation({ summary: 'Yank a version (PEP 592): pip no longer chooses it unless it is pinned' })
  @ApiOkResponse({ type: YankedVersionResponse })
  @ApiBadRequestResponse({ description: 'Not a python repository, or not a PEP 440 version.' })
  @ApiNotFoundResponse({ description: 'No such repository, or no file of that version.' })
  yank(@Param('repository') repository: string, @Param('project') project: string, @Param('version') version: string, @Body() body: YankVersionDto, @AuditedBy() actor: AuditActor): Promise<YankedVersionResponse> {
    return this.yankVersion.execute({ repository, project, version, yanked: true, reason: body.reason, actor });
  }

  @Post('unyank')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take a yank back: pip chooses the version again' })
  @ApiOkResponse({ type: YankedVersionResponse })
  @ApiBadRequestResponse({ description: 'Not a python repository, or not a PEP 440 version.' })
  @ApiNotFoundResponse({ description: 'No such repository, or no file of that version.' })
  unyank(@Param('repository') repository: string, @Param('project') project: string, @Param('version') version: string, @AuditedBy() actor: AuditActor): Promise<YankedVersionResponse> {
    return this.yankVersion.execute({ repository, project, version, yanked: false, actor });
  }
}
