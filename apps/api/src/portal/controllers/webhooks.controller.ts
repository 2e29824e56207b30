import { Body, Controller, Get, HttpStatus, Inject, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { auditActor } from '../../audit/audit-actor';
import { DeliveryPresenter } from '../../deliveries/delivery.presenter';
import { ListWebhookDeliveriesUseCase } from '../../deliveries/usecases/list-webhook-deliveries.usecase';
import { SendTestEventUseCase } from '../../deliveries/usecases/send-test-event.usecase';
import { ListRepositoriesUseCase } from '../../repositories/usecases/list-repositories.usecase';
import { CreateWebhookUseCase } from '../../webhooks/usecases/create-webhook.usecase';
import { DeleteWebhookUseCase } from '../../webhooks/usecases/delete-webhook.usecase';
import { GetWebhookUseCase } from '../../webhooks/usecases/get-webhook.usecase';
import { ListWebhookAuditUseCase } from '../../webhooks/usecases/list-webhook-audit.usecase';
import { ListWebhooksUseCase } from '../../webhooks/usecases/list-webhooks.usecase';
import { RotateWebhookSecretUseCase } from '../../webhooks/usecases/rotate-webhook-secret.usecase';
import type { WebhookResponse } from '../../webhooks/dto/webhook.response';
import { UpdateWebhookUseCase, type WebhookChanges } from '../../webhooks/usecases/update-webhook.usecase';
import { InvalidWebhookError } from '../../webhooks/webhook-errors';
import { EMPTY_WEBHOOK_FORM, digestOf, fieldErrors, filtersOf, hygieneValues, readWebhookForm, targetOf, type FieldErrors, type WebhookFormValues } from '../forms/webhook-form';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { PortalSessionGuard, Viewer } from '../session/portal-session.guard';
import { HourlyDeliveriesUseCase } from '../usecases/hourly-deliveries.usecase';
import { pageHeader, type PortalViewer } from '../views/components';
import { portalPage, type Notice } from '../views/layout';
import { noticeFor } from '../views/notices';
import { deletePage, secretPage, webhookDetailsPage } from '../views/webhook-details.page';
import { webhookForm } from '../views/webhook-form.page';
import { webhookListPage } from '../views/webhook-list.page';

const DELIVERIES_PER_PAGE = 20;
const AUDIT_ENTRIES_SHOWN = 10;

/** The webhook pages: list, create, details, edit, pause/resume, test, rotate, delete. */
@ApiExcludeController()
@UseGuards(PortalSessionGuard)
@UseFilters(PortalExceptionFilter)
@Controller('portal/webhooks')
export class PortalWebhooksController {
  constructor(
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
    private readonly listWebhooks: ListWebhooksUseCase,
    private readonly getWebhook: GetWebhookUseCase,
    private readonly createWebhook: CreateWebhookUseCase,
    private readonly updateWebhook: UpdateWebhookUseCase,
    private readonly deleteWebhook: DeleteWebhookUseCase,
    private readonly rotateSecret: RotateWebhookSecretUseCase,
    private readonly listAudit: ListWebhookAuditUseCase,
    private readonly listRepositories: ListRepositoriesUseCase,
    private readonly hourlyDeliveries: HourlyDeliveriesUseCase,
    private readonly listDeliveries: ListWebhookDeliveriesUseCase,
    private readonly sendTestEvent: SendTestEventUseCase,
    private readonly deliveries: DeliveryPresenter,
  ) {}

  @Get()
  async list(@Viewer() viewer: PortalViewer, @Query('notice') notice?: string): Promise<string> {
    const webhooks = await this.listWebhooks.execute();
    const rows = await Promise.all(
      webhooks.map(async (webhook) => {
        const [last] = (await this.listDeliveries.execute({ webhookId: webhook.id, limit: 1 })).items;
        return { webhook, lastDelivery: last ? this.deliveries.present(last) : null };
      }),
    );
    return portalPage({ title: 'Webhooks', viewer, section: 'webhooks', notice: noticeFor(notice) }, webhookListPage(rows));
  }

  @Get('new')
  async newForm(@Viewer() viewer: PortalViewer, @Query('repository') repository?: string): Promise<string> {
    return this.createPage(viewer, { ...EMPTY_WEBHOOK_FORM, repository: typeof repository === 'string' ? repository : '' }, {});
  }

  @Post()
  async create(@Viewer() viewer: PortalViewer, @Req() request: Request, @Body() body: Record<string, unknown>, @Res() response: Response): Promise<void> {
    const values = readWebhookForm(body);
    let created: WebhookResponse;
    try {
      created = await this.createWebhook.execute({
        actor: auditActor(request, viewer),
        repository: values.repository,
        target: targetOf(values),
        events: values.events,
        description: values.description || null,
        filters: filtersOf(values),
        digest: digestOf(values),
      });
    } catch (error) {
      if (!(error instanceof InvalidWebhookError)) throw error;
      response.status(HttpStatus.BAD_REQUEST).send(await this.createPage(viewer, values, fieldErrors(error.problems, values.targetType)));
      return;
    }
    if (created.secret) {
      response.status(HttpStatus.CREATED).send(portalPage({ title: 'Webhook created', viewer, section: 'webhooks', notice: { tone: 'success', text: 'The webhook was created.' } }, secretPage(created, created.secret, 'Webhook created')));
      return;
    }
    response.redirect(303, `/portal/webhooks/${created.id}?notice=webhook-created`);
  }

  @Get(':id')
  async details(@Viewer() viewer: PortalViewer, @Param('id') id: string, @Query('notice') notice?: string, @Query('cursor') cursor?: string): Promise<string> {
    return this.detailsPage(viewer, await this.getWebhook.execute({ id }), noticeFor(notice), typeof cursor === 'string' ? cursor : undefined);
  }

  @Get(':id/edit')
  async editForm(@Viewer() viewer: PortalViewer, @Param('id') id: string): Promise<string> {
    const webhook = await this.getWebhook.execute({ id });
    return this.editPage(viewer, webhook, valuesOf(webhook), {});
  }

  @Post(':id')
  async update(@Viewer() viewer: PortalViewer, @Param('id') id: string, @Req() request: Request, @Body() body: Record<string, unknown>, @Res() response: Response): Promise<void> {
    const current = await this.getWebhook.execute({ id });
    const values = { ...readWebhookForm(body), repository: current.repository };
    const changes: WebhookChanges = { events: values.events, description: values.description || null, filters: filtersOf(values), digest: digestOf(values) };
    // A Slack URL is shown masked, so an empty field keeps the stored one.
    const keepsSlackUrl = values.targetType === 'slack' && current.target.type === 'slack' && values.slackUrl === '';
    if (!keepsSlackUrl) changes.target = targetOf(values);
    let updated: WebhookResponse;
    try {
      updated = await this.updateWebhook.execute({ id, actor: auditActor(request, viewer), changes });
    } catch (error) {
      if (!(error instanceof InvalidWebhookError)) throw error;
      response.status(HttpStatus.BAD_REQUEST).send(this.editPage(viewer, current, values, fieldErrors(error.problems, values.targetType)));
      return;
    }
    if (updated.secret) {
      response.send(portalPage({ title: 'Webhook changed', viewer, section: 'webhooks' }, secretPage(updated, updated.secret, 'New signing secret')));
      return;
    }
    response.redirect(303, `/portal/webhooks/${id}?notice=webhook-updated`);
  }

  @Post(':id/pause')
  async pause(@Viewer() viewer: PortalViewer, @Param('id') id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.updateWebhook.execute({ id, actor: auditActor(request, viewer), changes: { active: false } });
    response.redirect(303, `/portal/webhooks/${id}?notice=webhook-paused`);
  }

  @Post(':id/resume')
  async resume(@Viewer() viewer: PortalViewer, @Param('id') id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.updateWebhook.execute({ id, actor: auditActor(request, viewer), changes: { active: true } });
    response.redirect(303, `/portal/webhooks/${id}?notice=webhook-resumed`);
  }

  @Post(':id/test')
  async test(@Viewer() viewer: PortalViewer, @Param('id') id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.sendTestEvent.execute({ webhookId: id, actor: { username: viewer.username, ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null } });
    response.redirect(303, `/portal/webhooks/${id}?notice=test-sent`);
  }

  @Post(':id/rotate-secret')
  async rotate(@Viewer() viewer: PortalViewer, @Param('id') id: string, @Req() request: Request): Promise<string> {
    const { secret } = await this.rotateSecret.execute({ id, actor: auditActor(request, viewer) });
    const webhook = await this.getWebhook.execute({ id });
    return portalPage(
      { title: 'Secret rotated', viewer, section: 'webhooks', notice: { tone: 'success', text: 'A new signing secret was made. The previous one keeps signing beside it for 24 hours.' } },
      secretPage(webhook, secret, 'New signing secret'),
    );
  }

  @Get(':id/delete')
  async confirmDelete(@Viewer() viewer: PortalViewer, @Param('id') id: string): Promise<string> {
    const webhook = await this.getWebhook.execute({ id });
    return portalPage({ title: 'Delete webhook', viewer, section: 'webhooks' }, deletePage(viewer, webhook));
  }

  @Post(':id/delete')
  async remove(@Viewer() viewer: PortalViewer, @Param('id') id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.deleteWebhook.execute({ id, actor: auditActor(request, viewer) });
    response.redirect(303, '/portal/webhooks?notice=webhook-deleted');
  }

  private async createPage(viewer: PortalViewer, values: WebhookFormValues, errors: FieldErrors): Promise<string> {
    const repositories = (await this.listRepositories.execute()).map((repository) => repository.name);
    return portalPage(
      { title: 'Create Webhook', viewer, section: 'webhooks' },
      [
        pageHeader('Create Webhook', { back: { href: '/portal/webhooks', label: 'Webhooks' }, lead: 'Choose the repository, where to send its events, and which events.' }),
        webhookForm({ viewer, mode: 'create', action: '/portal/webhooks', cancelHref: '/portal/webhooks', repositories, values, errors, slackUrlPrefix: this.config.targets.slackUrlPrefix }),
      ],
    );
  }

  private editPage(viewer: PortalViewer, webhook: WebhookResponse, values: WebhookFormValues, errors: FieldErrors): string {
    return portalPage(
      { title: 'Edit webhook', viewer, section: 'webhooks' },
      [
        pageHeader('Edit webhook', { back: { href: `/portal/webhooks/${webhook.id}`, label: 'Webhook details' } }),
        webhookForm({
          viewer,
          mode: 'edit',
          action: `/portal/webhooks/${webhook.id}`,
          cancelHref: `/portal/webhooks/${webhook.id}`,
          repositories: [webhook.repository],
          values,
          errors,
          slackUrlPrefix: this.config.targets.slackUrlPrefix,
          currentSlackUrl: webhook.target.type === 'slack' ? webhook.target.url : undefined,
        }),
      ],
    );
  }

  private async detailsPage(viewer: PortalViewer, webhook: WebhookResponse, notice: Notice | null, cursor?: string): Promise<string> {
    const [audit, chart, page] = await Promise.all([
      this.listAudit.execute({ id: webhook.id }),
      this.hourlyDeliveries.execute({ webhookId: webhook.id }),
      this.listDeliveries.execute({ webhookId: webhook.id, limit: DELIVERIES_PER_PAGE, cursor }),
    ]);
    const older = page.nextCursor ? `/portal/webhooks/${webhook.id}?cursor=${encodeURIComponent(page.nextCursor)}#deliveries` : null;
    return portalPage(
      { title: 'Webhook Details', viewer, section: 'webhooks', notice },
      webhookDetailsPage({ viewer, webhook, deliveries: page.items.map((delivery) => this.deliveries.present(delivery)), olderDeliveriesHref: older, chart, audit: audit.slice(0, AUDIT_ENTRIES_SHOWN) }),
    );
  }
}

/** The edit form starts from the webhook as stored; a Slack URL field starts empty (it is masked). */
function valuesOf(webhook: WebhookResponse): WebhookFormValues {
  const target = webhook.target;
  return {
    repository: webhook.repository,
    targetType: target.type,
    email: target.type === 'email' ? target.to : '',
    jsonUrl: target.type === 'json' ? target.url : '',
    slackUrl: '',
    events: [...webhook.events],
    description: webhook.description ?? '',
    ...hygieneValues(webhook),
  };
}
