import { OptionalProps, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '../ids';

/** Who did what to which admin object, and when. Never holds a secret. */
@Entity({ tableName: 'audit_entry' })
@Index({ properties: ['subjectType', 'subjectId'] })
@Index({ properties: ['actor'] })
@Index({ properties: ['createdAt'] })
export class AuditEntry {
  [OptionalProps]?: 'actor' | 'address' | 'detail' | 'createdAt';

  @PrimaryKey({ type: 'string', length: 40 })
  id: string = newId('aud');

  @Property({ type: 'string', length: 64, nullable: true })
  actor: string | null = null;

  /** The client address the change came from. */
  @Property({ type: 'string', length: 64, nullable: true })
  address: string | null = null;

  /** e.g. `webhook.created`, `webhook.paused`, `webhook.secret_rotated`. */
  @Property({ type: 'string', length: 64 })
  action!: string;

  @Property({ type: 'string', length: 32 })
  subjectType!: string;

  @Property({ type: 'string', length: 64 })
  subjectId!: string;

  @Property({ type: 'json', nullable: true })
  detail: Record<string, unknown> | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
