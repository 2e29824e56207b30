import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { AuditedBy } from '../audit/audit-actor';
import type { AuditActor } from '../audit/audit-log.service';
import { AdminApi } from '../auth/admin-api.decorator';
import type { Principal } from '../auth/principal';
import { AdminPrincipal } from '../common/admin-principal.decorator';
import { DeliveryPresenter } from './delivery.presenter';
import { DeliveryAcceptedResponse, DeliveryPageResponse, DeliveryResponse, RecoveredDeliveriesResponse } from './dto/delivery.response';
import { ListDeliveriesQueryDto } from './dto/list-deliveries.query';
import { RecoverDeliveriesDto } from './dto/recover-deliveries.dto';
import { GetDeliveryUseCase } from './usecases/get-delivery.usecase';
import { ListWebhookDeliveriesUseCase } from './usecases/list-webhook-deliveries.usecase';
import { RECOVER_LIMIT, RecoverDeliveriesUseCase } from './usecases/recover-deliveries.usecase';
import { RedeliverUseCase } from './usecases/redeliver.usecase';
import { SendTestEventUseCase } from './usecases/send-test-event.usecase';

const WEBHOOK_ID = { name: 'id', description: 'The webhook id', example: 'wh_01jd8x5k2m3n4p5q6r7s8t9v0w' };
const DELIVERY_ID = { name: 'id', description: 'The delivery id', example: 'dlv_01jd8x5k2m3n4p5q6r7s8t9v0w' };
const USER_AGENT_LIMIT = 512;

/** Deliveries: what Herald sent to each webhook, every attempt, and sending again. */
@ApiTags('deliveries')
@AdminApi()
@Controller('api/v1')
export class DeliveriesController {
  constructor(
    private readonly presenter: DeliveryPresenter,
    private readonly listDeliveries: ListWebhookDeliveriesUseCase,
    private readonly getDelivery: GetDeliveryUseCase,
    private readonly redeliver: RedeliverUseCase,
    private readonly sendTestEvent: SendTestEventUseCase,
    private readonly recoverDeliveries: RecoverDeliveriesUseCase,
  ) {}

  @Get('webhooks/:id/deliveries')
  @ApiOperation({ summary: "A webhook's deliveries", description: 'Newest first, `limit` at a time; pass `nextCursor` back as `cursor` for the next page.' })
  @ApiParam(WEBHOOK_ID)
  @ApiOkResponse({ type: DeliveryPageResponse })
  @ApiBadRequestResponse({ description: 'A bad limit or cursor.' })
  @ApiNotFoundResponse({ description: 'No webhook with that id.' })
  async list(@Param('id') webhookId: string, @Query() query: ListDeliveriesQueryDto): Promise<DeliveryPageResponse> {
    const page = await this.listDeliveries.execute({ webhookId, limit: query.limit, cursor: query.cursor });
    return { items: page.items.map((delivery) => this.presenter.present(delivery)), nextCursor: page.nextCursor };
  }

  @Post('webhooks/:id/test')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Send a webhook.test event', description: 'Through the same outbox, workflow and channel as a file event; paused webhooks included.' })
  @ApiParam(WEBHOOK_ID)
  @ApiAcceptedResponse({ type: DeliveryAcceptedResponse })
  @ApiNotFoundResponse({ description: 'No webhook with that id.' })
  async test(@Param('id') webhookId: string, @AdminPrincipal() principal: Principal, @Req() request: Request): Promise<DeliveryAcceptedResponse> {
    const actor = { username: principal.username, ip: request.ip ?? null, userAgent: request.get('user-agent')?.slice(0, USER_AGENT_LIMIT) ?? null };
    const delivery = await this.sendTestEvent.execute({ webhookId, actor });
    return { deliveryId: delivery.id };
  }

  @Get('deliveries/:id')
  @ApiOperation({ summary: 'One delivery with its attempts', description: '`temporalUrl` opens the workflow that made it in the Temporal UI.' })
  @ApiParam(DELIVERY_ID)
  @ApiOkResponse({ type: DeliveryResponse })
  @ApiNotFoundResponse({ description: 'No delivery with that id.' })
  async get(@Param('id') id: string): Promise<DeliveryResponse> {
    const { delivery, attempts } = await this.getDelivery.execute(id);
    return this.presenter.present(delivery, attempts);
  }

  @Post('deliveries/:id/redeliver')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Deliver the same event again', description: 'A new delivery to the same webhook, with the same `webhook-id` header (the event id), made by its own workflow.' })
  @ApiParam(DELIVERY_ID)
  @ApiAcceptedResponse({ type: DeliveryAcceptedResponse })
  @ApiNotFoundResponse({ description: 'No delivery with that id.' })
  @ApiConflictResponse({ description: 'The webhook is paused, or the event no longer exists.' })
  @ApiServiceUnavailableResponse({ description: 'Temporal is unavailable; nothing was redelivered.' })
  async redeliverOne(@Param('id') id: string, @AuditedBy() actor: AuditActor): Promise<DeliveryAcceptedResponse> {
    const delivery = await this.redeliver.execute({ deliveryId: id, actor });
    return { deliveryId: delivery.id };
  }

  @Post('webhooks/:id/recover')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Redeliver what failed since a time',
    description: `After an outage: one redelivery for each event whose delivery to this webhook failed since \`since\` (deliveries held back while endpoint health paused the webhook included) and that was not delivered since. Test fires are left out. At most ${RECOVER_LIMIT} events per call, oldest first; calling again goes on, and skips what was already redelivered.`,
  })
  @ApiParam(WEBHOOK_ID)
  @ApiAcceptedResponse({ type: RecoveredDeliveriesResponse })
  @ApiBadRequestResponse({ description: '`since` is not an ISO 8601 time.' })
  @ApiNotFoundResponse({ description: 'No webhook with that id.' })
  @ApiConflictResponse({ description: 'The webhook is paused or held by endpoint health: set active to true first.' })
  @ApiServiceUnavailableResponse({ description: 'Temporal is unavailable; the message says how many redeliveries started before it stopped answering.' })
  async recover(@Param('id') webhookId: string, @Body() body: RecoverDeliveriesDto, @AuditedBy() actor: AuditActor): Promise<RecoveredDeliveriesResponse> {
    return { deliveryIds: await this.recoverDeliveries.execute({ webhookId, since: new Date(body.since), actor }) };
  }
}
