import { ApiProperty } from '@nestjs/swagger';

/** A new API token: the only answer that ever holds it. */
export class CreatedTokenView {
  @ApiProperty({
    example: 'hrd_tok_01jdz3k8q6w2x9v4b7n5m1c0ae_Qm9yZWFsaXMtZXhhbXBsZS1zZWNyZXQ',
    description: 'Shown once. Use it as the password of HTTP Basic (with the username) or as `Authorization: Bearer <token>`.',
  })
  token!: string;

  @ApiProperty({ example: 'tok_01jdz3k8q6w2x9v4b7n5m1c0ae' })
  id!: string;

  @ApiProperty({ example: 'github-actions', nullable: true, type: String })
  name!: string | null;

  @ApiProperty({ example: '2026-11-28T22:00:00.000Z' })
  createdAt!: string;
}
