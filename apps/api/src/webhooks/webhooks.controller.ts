import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBasicAuth,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AuditedBy } from '../audit/audit-actor';
import type { AuditActor } from '../audit/audit-log.service';
import { AdminGuard } from '../auth/admin.guard';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { ListWebhooksQueryDto } from './dto/list-webhooks.query';
import { UpdateWebhookDto } from './dto/update-webhook.dto';
import { AuditListResponse, ErrorResponse, RotatedSecretResponse, WebhookListResponse, WebhookResponse } from './dto/webhook.response';
import { TARGET_MODELS } from './dto/webhook-target.dto';
import { CREATE_EXAMPLES, UPDATE_EXAMPLES } from './webhook-examples';
import { CreateWebhookUseCase } from './usecases/create-webhook.usecase';
import { DeleteWebhookUseCase } from './usecases/delete-webhook.usecase';
import { GetWebhookUseCase } from './usecases/get-webhook.usecase';
import { ListWebhookAuditUseCase } from './usecases/list-webhook-audit.usecase';
import { ListWebhooksUseCase } from './usecases/list-webhooks.usecase';
import { RotateWebhookSecretUseCase } from './usecases/rotate-webhook-secret.usecase';
import { UpdateWebhookUseCase } from './usecases/update-webhook.usecase';

const ID_PARAM = { name: 'id', description: 'The webhook id', example: 'wh_01jd8x5k2m3n4p5q6r7s8t9v0w' };

@ApiTags('webhooks')
@ApiBasicAuth()
@ApiBearerAuth()
@ApiExtraModels(...TARGET_MODELS)
@ApiUnauthorizedResponse({ description: 'No or wrong credentials (with `WWW-Authenticate: Basic realm="Herald"`).', type: ErrorResponse })
@ApiForbiddenResponse({ description: 'Authenticated, but not an admin.', type: ErrorResponse })
@UseGuards(AdminGuard)
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(
    private readonly createWebhook: CreateWebhookUseCase,
    private readonly listWebhooks: ListWebhooksUseCase,
    private readonly getWebhook: GetWebhookUseCase,
    private readonly updateWebhook: UpdateWebhookUseCase,
    private readonly deleteWebhook: DeleteWebhookUseCase,
    private readonly rotateSecret: RotateWebhookSecretUseCase,
    private readonly listAudit: ListWebhookAuditUseCase,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a webhook', description: 'A json target gets a Standard Webhooks signing secret (`whsec_…`), returned in this answer only.' })
  @ApiBody({ type: CreateWebhookDto, examples: CREATE_EXAMPLES })
  @ApiCreatedResponse({ type: WebhookResponse })
  @ApiBadRequestResponse({ description: 'A field is missing or invalid; each message names its field.', type: ErrorResponse })
  create(@Body() body: CreateWebhookDto, @AuditedBy() actor: AuditActor): Promise<WebhookResponse> {
    return this.createWebhook.execute({ ...body, actor });
  }

  @Get()
  @ApiOperation({ summary: 'List webhooks', description: 'In creation order; Slack URLs masked, secrets never shown.' })
  @ApiOkResponse({ type: WebhookListResponse })
  async list(@Query() query: ListWebhooksQueryDto): Promise<WebhookListResponse> {
    return { items: await this.listWebhooks.execute({ repository: query.repository }) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get one webhook' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: WebhookResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  get(@Param('id') id: string): Promise<WebhookResponse> {
    return this.getWebhook.execute({ id });
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a webhook',
    description: 'Any of events, active (false pauses, true resumes), target, description, filters, digest. A new json target answers its new secret once.',
  })
  @ApiParam(ID_PARAM)
  @ApiBody({ type: UpdateWebhookDto, examples: UPDATE_EXAMPLES })
  @ApiOkResponse({ type: WebhookResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  update(@Param('id') id: string, @Body() body: UpdateWebhookDto, @AuditedBy() actor: AuditActor): Promise<WebhookResponse> {
    return this.updateWebhook.execute({ id, actor, changes: body });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a webhook', description: 'Its deliveries are deleted too; pending ones stop.' })
  @ApiParam(ID_PARAM)
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async remove(@Param('id') id: string, @AuditedBy() actor: AuditActor): Promise<void> {
    await this.deleteWebhook.execute({ id, actor });
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: "Rotate a json webhook's signing secret", description: 'Answers the new secret once; the old one keeps signing beside it for 24 hours.' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: RotatedSecretResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiConflictResponse({ description: 'The webhook is not a json webhook.', type: ErrorResponse })
  rotate(@Param('id') id: string, @AuditedBy() actor: AuditActor): Promise<RotatedSecretResponse> {
    return this.rotateSecret.execute({ id, actor });
  }

  @Get(':id/audit')
  @ApiOperation({ summary: "A webhook's audit trail", description: 'Who created, changed, paused, resumed, rotated or deleted it, newest first; kept after deletion.' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: AuditListResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async audit(@Param('id') id: string): Promise<AuditListResponse> {
    return { items: await this.listAudit.execute({ id }) };
  }
}
