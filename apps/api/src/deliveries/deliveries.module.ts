import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DeliveriesController } from './deliveries.controller';
import { DeliveryPresenter } from './delivery.presenter';
import { GetDeliveryUseCase } from './usecases/get-delivery.usecase';
import { ListWebhookDeliveriesUseCase } from './usecases/list-webhook-deliveries.usecase';
import { RecoverDeliveriesUseCase } from './usecases/recover-deliveries.usecase';
import { RedeliverUseCase } from './usecases/redeliver.usecase';
import { SendTestEventUseCase } from './usecases/send-test-event.usecase';

const USE_CASES = [ListWebhookDeliveriesUseCase, GetDeliveryUseCase, RedeliverUseCase, RecoverDeliveriesUseCase, SendTestEventUseCase];

/** Delivery records and their admin actions; use cases exported for the portal. */
@Module({
  imports: [AuditModule],
  controllers: [DeliveriesController],
  providers: [...USE_CASES, DeliveryPresenter],
  exports: [...USE_CASES, DeliveryPresenter],
})
export class DeliveriesModule {}
