import { Inject, Injectable } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import type { Delivery, DeliveryAttempt } from '@herald/persistence';
import { temporalWorkflowUrl } from '@herald/temporal';
import { DeliveryView } from './dto/delivery.response';

/** Turns delivery rows into their API shape, with the deep link into the Temporal UI. */
@Injectable()
export class DeliveryPresenter {
  constructor(@Inject(HERALD_CONFIG) private readonly config: HeraldConfig) {}

  view(delivery: Delivery, attempts?: DeliveryAttempt[]): DeliveryView {
    return DeliveryView.of(delivery, this.temporalUrl(delivery.workflowId), attempts);
  }

  temporalUrl(workflowId: string): string {
    return temporalWorkflowUrl(this.config.temporal.uiUrl, this.config.temporal.namespace, workflowId);
  }
}
