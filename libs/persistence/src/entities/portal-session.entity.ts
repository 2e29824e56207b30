import { OptionalProps, Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { User } from './user.entity';

/**
 * A signed-in portal session. The cookie holds a random secret; the row is keyed by its SHA-256,
 * so a copy of the table signs nobody in. Deleting the row ends the session in every process.
 */
@Entity({ tableName: 'portal_session' })
@Index({ properties: ['user'] })
export class PortalSession {
  [OptionalProps]?: 'createdAt' | 'lastSeenAt' | 'address';

  /** SHA-256 (hex) of the cookie's secret. */
  @PrimaryKey({ type: 'string', length: 64 })
  id!: string;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: User;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  /** Written coarsely (not on every page): the idle timeout counts from here. */
  @Property({ type: 'datetime' })
  lastSeenAt: Date = new Date();

  /** The absolute end, whatever the activity. */
  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'string', length: 64, nullable: true })
  address: string | null = null;
}
