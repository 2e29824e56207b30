import { ConflictError, NotFoundError, UnavailableError } from '../common/domain-errors';

export class DeliveryNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`delivery ${JSON.stringify(id.slice(0, 64))} does not exist`);
  }
}

/** A paused webhook (by an admin or by endpoint health) gets no deliveries; a redelivery would only be skipped. */
export class WebhookPausedError extends ConflictError {
  constructor(id: string) {
    super(`webhook ${id} is paused; set active to true before redelivering`);
  }
}

/** Temporal stopped accepting starts part way through a recovery: what started stays started. */
export class RecoveryInterruptedError extends UnavailableError {
  constructor(started: number) {
    super(`Temporal is unavailable; ${started} redeliveries were started before it stopped answering. Try again: recover skips events already redelivered`);
  }
}

/** The event a delivery announced is gone (retention), so there is nothing to send again. */
export class EventGoneError extends ConflictError {
  constructor(id: string) {
    super(`event ${id} no longer exists; it cannot be delivered again`);
  }
}

/** A redelivery starts its workflow at once; without Temporal nothing was recorded. */
export class TemporalUnavailableError extends UnavailableError {
  constructor() {
    super('Temporal is unavailable; nothing was redelivered, try again');
  }
}
