import { ApiProperty } from '@nestjs/swagger';

/** An API token as lists show it: never its secret nor its hash. */
export class TokenResponse {
  @ApiProperty({ example: 'tok_01jdz3k8q6w2x9v4b7n5m1c0ae' })
  id!: string;

  @ApiProperty({ example: 'github-actions', nullable: true, type: String })
  name!: string | null;

  @ApiProperty({ example: 'hrd_tok_01jdz3k8q6w2x9v4b7n5m1c0ae', description: 'How the token starts (everything before its secret), to recognise it.' })
  prefix!: string;

  @ApiProperty({ example: '2026-11-28T22:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ example: '2026-11-29T08:12:00.000Z', nullable: true, type: String, description: 'Coarse: updated at most once a minute.' })
  lastUsedAt!: string | null;

  @ApiProperty({ example: '2027-02-26T22:00:00.000Z', nullable: true, type: String })
  expiresAt!: string | null;
}

export class TokenListResponse {
  @ApiProperty({ type: [TokenResponse] })
  items!: TokenResponse[];
}

/** A new API token: the only answer that ever holds it. */
export class CreatedTokenResponse extends TokenResponse {
  @ApiProperty({
    example: 'hrd_tok_01jdz3k8q6w2x9v4b7n5m1c0ae_Qm9yZWFsaXMtZXhhbXBsZS1zZWNyZXQ',
    description: 'Shown once. Use it as the password of HTTP Basic (with the username) or as `Authorization: Bearer <token>`.',
  })
  token!: string;
}
