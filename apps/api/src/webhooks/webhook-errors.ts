import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';

/** Every problem of a webhook request, each naming its field, answered as one 400 like the ValidationPipe's. */
export class InvalidWebhookError extends BadRequestException {
  constructor(readonly problems: string[]) {
    super({ error: 'Bad Request', message: problems });
  }
}

export class WebhookNotFoundError extends NotFoundException {
  constructor(id: string) {
    super(`webhook ${JSON.stringify(id.slice(0, 64))} does not exist`);
  }
}

/** Only JSON targets sign their requests, so only they have a secret to rotate. */
export class WebhookHasNoSecretError extends ConflictException {
  constructor() {
    super('only json webhooks have a signing secret; this webhook has another target type');
  }
}
