import { ApiProperty, getSchemaPath } from '@nestjs/swagger';

/** OpenAPI shapes of the three targets; the request's `target` is validated by parseTarget. */
export class EmailTargetDto {
  @ApiProperty({ enum: ['email'], example: 'email' })
  type!: 'email';

  @ApiProperty({ description: 'One plain address: no display name, list, group, quotes or line breaks.', example: 'ops@example.com', maxLength: 254 })
  to!: string;
}

export class JsonTargetDto {
  @ApiProperty({ enum: ['json'], example: 'json' })
  type!: 'json';

  @ApiProperty({
    description: 'An http(s) URL without credentials, whitespace or control characters. Unless HERALD_ALLOW_PRIVATE_TARGETS is true, its host must resolve only to public addresses.',
    example: 'https://ci.example.com/hooks/artifacts',
    format: 'uri',
    maxLength: 2048,
  })
  url!: string;
}

export class SlackTargetDto {
  @ApiProperty({ enum: ['slack'], example: 'slack' })
  type!: 'slack';

  @ApiProperty({
    description: 'A Slack incoming-webhook URL under HERALD_SLACK_URL_PREFIX. It is a credential: stored encrypted, and answers show it masked as `…/services/T…/B…/****`.',
    example: 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
    format: 'uri',
  })
  url!: string;
}

export const TARGET_MODELS = [EmailTargetDto, JsonTargetDto, SlackTargetDto];

/** `target`: exactly one of the three shapes, chosen by `type`. */
export const TARGET_SCHEMA = {
  oneOf: TARGET_MODELS.map((model) => ({ $ref: getSchemaPath(model) })),
  discriminator: {
    propertyName: 'type',
    mapping: { email: getSchemaPath(EmailTargetDto), json: getSchemaPath(JsonTargetDto), slack: getSchemaPath(SlackTargetDto) },
  },
};
