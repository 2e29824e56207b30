import { ApiProperty } from '@nestjs/swagger';

export const AUDIT_ACTIONS = [
  'user.created',
  'user.updated',
  'user.deleted',
  'token.created',
  'token.revoked',
  'repository.created',
  'repository.deleted',
  'python_version.yanked',
  'python_version.unyanked',
  'webhook.created',
  'webhook.updated',
  'webhook.paused',
  'webhook.resumed',
  'webhook.secret_rotated',
  'webhook.deleted',
  'webhook.tested',
  'webhook.redelivered',
  'webhook.recovered',
  'webhook.auto_paused',
  'webhook.auto_disabled',
  'webhook.auto_recovered',
  'session.sign_in_failed',
  'auth.throttled',
];

export class AuditEntryResponse {
  @ApiProperty({ example: 'aud_01jd8x5k2m3n4p5q6r7s8t9v0w' })
  id!: string;

  @ApiProperty({
    enum: AUDIT_ACTIONS,
    description: '`webhook.auto_*`: endpoint health paused, disabled or un-paused the webhook after consecutive failed deliveries (or a success).',
  })
  action!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The user who did it; null when Herald did (endpoint health).', example: 'admin' })
  actor!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The client address the change came from.', example: '203.0.113.7' })
  address!: string | null;

  @ApiProperty({ example: 'webhook', description: '`user` (also for its tokens: the token id is in `detail`), `repository`, `webhook` or `address` (throttled sign-ins).' })
  subjectType!: string;

  @ApiProperty({ example: 'wh_01jd8x5k2m3n4p5q6r7s8t9v0w', description: 'A username, repository name, webhook id or client address.' })
  subjectId!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'What changed, never a secret.', example: { role: { from: 'reader', to: 'deployer' } } })
  detail!: Record<string, unknown> | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class AuditPageResponse {
  @ApiProperty({ type: [AuditEntryResponse] })
  items!: AuditEntryResponse[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass it back as `cursor` for the next (older) page; null on the last page.' })
  nextCursor!: string | null;
}
