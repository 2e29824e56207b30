import { ConflictError, InvalidInputError, NotFoundError } from '../common/domain-errors';

/** Every problem of a webhook request, each naming its field, answered as one 400 like the ValidationPipe's. */
export class InvalidWebhookError extends InvalidInputError {
  declare readonly problems: string[];

  constructor(problems: string[]) {
    super(problems);
  }
}

export class WebhookNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`webhook ${JSON.stringify(id.slice(0, 64))} does not exist`);
  }
}

/** Only JSON targets sign their requests, so only they have a secret to rotate. */
export class WebhookHasNoSecretError extends ConflictError {
  constructor() {
    super('only json webhooks have a signing secret; this webhook has another target type');
  }
}

/**
 * Webhook ids are short and plain (`wh_…`). Anything else names no webhook, and is answered
 * 404 before it reaches the database (PostgreSQL refuses a NUL in a string with an error).
 */
export function assertPlausibleWebhookId(id: string): void {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(id)) throw new WebhookNotFoundError(id);
}
