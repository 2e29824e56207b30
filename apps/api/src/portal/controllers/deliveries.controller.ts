import { Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { auditActor } from '../../audit/audit-actor';
import { ConflictError, UnavailableError } from '../../common/domain-errors';
import { domainStatus } from '../../common/http-exception.filter';
import { DeliveryPresenter } from '../../deliveries/delivery.presenter';
import { GetDeliveryUseCase } from '../../deliveries/usecases/get-delivery.usecase';
import { RedeliverUseCase } from '../../deliveries/usecases/redeliver.usecase';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { PortalSessionGuard, Viewer } from '../session/portal-session.guard';
import type { PortalViewer } from '../views/components';
import { deliveryPage } from '../views/deliveries.page';
import { portalPage, type Notice } from '../views/layout';
import { noticeFor } from '../views/notices';

/** One delivery with its attempts and its workflow in Temporal; redeliver. */
@ApiExcludeController()
@UseGuards(PortalSessionGuard)
@UseFilters(PortalExceptionFilter)
@Controller('portal/deliveries')
export class PortalDeliveriesController {
  constructor(
    private readonly getDelivery: GetDeliveryUseCase,
    private readonly redeliver: RedeliverUseCase,
    private readonly presenter: DeliveryPresenter,
  ) {}

  @Get(':id')
  async details(@Viewer() viewer: PortalViewer, @Param('id') id: string, @Query('notice') notice?: string): Promise<string> {
    return this.page(viewer, id, noticeFor(notice));
  }

  @Post(':id/redeliver')
  async again(@Viewer() viewer: PortalViewer, @Param('id') id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    try {
      const fresh = await this.redeliver.execute({ deliveryId: id, actor: auditActor(request, viewer) });
      response.redirect(303, `/portal/deliveries/${fresh.id}?notice=redelivered`);
    } catch (error) {
      // A paused webhook, an event gone, Temporal away: said on the page the admin came from.
      if (!(error instanceof ConflictError || error instanceof UnavailableError)) throw error;
      response.status(domainStatus(error)).send(await this.page(viewer, id, { tone: 'danger', text: `Not redelivered: ${error.message}` }));
    }
  }

  private async page(viewer: PortalViewer, id: string, notice: Notice | null): Promise<string> {
    const { delivery, attempts } = await this.getDelivery.execute(id);
    const shown = this.presenter.present(delivery, attempts);
    return portalPage({ title: 'Delivery', viewer, section: 'webhooks', notice }, deliveryPage(viewer, { ...shown, attempts: shown.attempts ?? [] }));
  }
}
