import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminApi } from '../auth/admin-api.decorator';
import { AuditPageResponse } from './audit-entry.response';
import { ListAuditQueryDto } from './list-audit.query';
import { ListAuditUseCase } from './list-audit.usecase';

@ApiTags('audit')
@AdminApi()
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly listAudit: ListAuditUseCase) {}

  @Get()
  @ApiOperation({
    summary: 'Every admin change: users, tokens, repositories, webhooks',
    description: 'Newest first, `limit` at a time, each with its actor, client address, subject and a diff without secrets; pass `nextCursor` back as `cursor` for the next page.',
  })
  @ApiOkResponse({ type: AuditPageResponse })
  @ApiBadRequestResponse({ description: 'A bad limit or cursor.' })
  list(@Query() query: ListAuditQueryDto): Promise<AuditPageResponse> {
    return this.listAudit.execute(query);
  }
}
