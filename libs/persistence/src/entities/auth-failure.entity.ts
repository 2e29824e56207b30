import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Failed authentications of one client address, or of one (address, username) pair, within a
 * window: what every API process adds its own failures to and reads the others' from.
 */
@Entity({ tableName: 'auth_failure' })
export class AuthFailure {
  /** SHA-256 (hex) of the scope, address and username: a username of any length makes a short key. */
  @PrimaryKey({ type: 'string', length: 64 })
  key!: string;

  @Property({ type: 'string', length: 64 })
  address!: string;

  /** Null for the address's own count. At most 64 characters of what was presented. */
  @Property({ type: 'string', length: 64, nullable: true })
  username: string | null = null;

  @Property({ type: 'integer' })
  failures!: number;

  @Property({ type: 'datetime' })
  windowStartedAt!: Date;
}
