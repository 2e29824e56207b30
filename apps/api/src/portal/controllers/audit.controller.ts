import { Controller, Get, Query, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ListAuditUseCase } from '../../audit/list-audit.usecase';
import { fieldText } from '../forms/form-fields';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { PortalSessionGuard, Viewer } from '../session/portal-session.guard';
import type { PortalViewer } from '../views/components';
import { auditHref, auditPage } from '../views/audit.page';
import { portalPage } from '../views/layout';

/** The audit trail: newest first, filtered by actor and subject, older pages by cursor. */
@ApiExcludeController()
@UseGuards(PortalSessionGuard)
@UseFilters(PortalExceptionFilter)
@Controller('portal/audit')
export class PortalAuditController {
  constructor(private readonly listAudit: ListAuditUseCase) {}

  @Get()
  async list(@Viewer() viewer: PortalViewer, @Query('actor') actor?: string, @Query('subject') subject?: string, @Query('cursor') cursor?: string): Promise<string> {
    const filter = { actor: fieldText(actor), subject: fieldText(subject) };
    // A cursor that is not one of ours is the use case's 400, shown by the portal's error page.
    const page = await this.listAudit.execute({ actor: filter.actor || undefined, subject: filter.subject || undefined, cursor: fieldText(cursor) || undefined });
    const olderHref = page.nextCursor ? auditHref({ ...filter, cursor: page.nextCursor }) : null;
    return portalPage({ title: 'Audit', viewer, section: 'audit' }, auditPage({ entries: page.items, filter, olderHref }));
  }
}
