import { Module } from '@nestjs/common';
import { TargetPolicy } from '@herald/networking';
import { AuditModule } from '../audit/audit.module';
import { CreateWebhookUseCase } from './usecases/create-webhook.usecase';
import { DeleteWebhookUseCase } from './usecases/delete-webhook.usecase';
import { GetWebhookUseCase } from './usecases/get-webhook.usecase';
import { ListWebhookAuditUseCase } from './usecases/list-webhook-audit.usecase';
import { ListWebhooksUseCase } from './usecases/list-webhooks.usecase';
import { RotateWebhookSecretUseCase } from './usecases/rotate-webhook-secret.usecase';
import { UpdateWebhookUseCase } from './usecases/update-webhook.usecase';
import { WebhookPresenter } from './webhook.presenter';
import { WebhooksController } from './webhooks.controller';

const USE_CASES = [
  CreateWebhookUseCase,
  ListWebhooksUseCase,
  GetWebhookUseCase,
  UpdateWebhookUseCase,
  DeleteWebhookUseCase,
  RotateWebhookSecretUseCase,
  ListWebhookAuditUseCase,
];

/** Webhook administration; the use cases are exported for the portal, which calls the same ones. */
@Module({
  imports: [AuditModule],
  controllers: [WebhooksController],
  providers: [...USE_CASES, TargetPolicy, WebhookPresenter],
  exports: [...USE_CASES, WebhookPresenter],
})
export class WebhooksModule {}
