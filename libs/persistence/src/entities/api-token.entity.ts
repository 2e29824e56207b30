import { OptionalProps, Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '../ids';
import { User } from './user.entity';

/**
 * An API token: shown once as `hrd_<id>_<secret>`, stored as a keyed hash of the secret
 * (`hmac-sha256$…`; tokens issued before December 5th hold a scrypt hash until their first use).
 */
@Entity({ tableName: 'api_token' })
export class ApiToken {
  [OptionalProps]?: 'name' | 'createdAt' | 'lastUsedAt' | 'expiresAt';

  @PrimaryKey({ type: 'string', length: 40 })
  id: string = newId('tok');

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: User;

  @Property({ type: 'string', length: 255 })
  secretHash!: string;

  @Property({ type: 'string', length: 128, nullable: true })
  name: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  lastUsedAt: Date | null = null;

  /** Refused from this time on; null for a token that does not expire. */
  @Property({ type: 'datetime', nullable: true })
  expiresAt: Date | null = null;
}
