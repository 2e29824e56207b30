import { Inject, Injectable } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import type { Delivery, DeliveryAttempt } from '@herald/persistence';
import { temporalWorkflowUrl } from '@herald/temporal';
import type { DeliveryAttemptResponse, DeliveryResponse } from './dto/delivery.response';

/** Turns delivery rows into their API shape, with the deep link into the Temporal UI. */
@Injectable()
export class DeliveryPresenter {
  constructor(@Inject(HERALD_CONFIG) private readonly config: HeraldConfig) {}

  present(delivery: Delivery, attempts?: DeliveryAttempt[]): DeliveryResponse {
    return {
      id: delivery.id,
      webhookId: delivery.webhookId,
      eventId: delivery.eventId,
      eventType: delivery.eventType,
      status: delivery.status,
      attemptCount: delivery.attemptCount,
      lastStatusCode: delivery.lastStatusCode,
      createdAt: delivery.createdAt.toISOString(),
      completedAt: delivery.completedAt?.toISOString() ?? null,
      workflowId: delivery.workflowId,
      temporalUrl: this.temporalUrl(delivery.workflowId),
      ...(attempts ? { attempts: attempts.map(presentAttempt) } : {}),
    };
  }

  private temporalUrl(workflowId: string): string {
    return temporalWorkflowUrl(this.config.temporal.uiUrl, this.config.temporal.namespace, workflowId);
  }
}

function presentAttempt(attempt: DeliveryAttempt): DeliveryAttemptResponse {
  return {
    number: attempt.number,
    startedAt: attempt.startedAt.toISOString(),
    durationMs: attempt.durationMs,
    statusCode: attempt.statusCode,
    error: attempt.error,
    errorClass: attempt.errorClass,
    responseBody: attempt.responseBody,
  };
}
