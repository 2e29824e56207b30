import { OptionalProps, Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '../ids';
import { User } from './user.entity';

/** An API token: shown once as `hrd_<id>_<secret>`, stored as a salted hash of the secret. */
@Entity({ tableName: 'api_token' })
export class ApiToken {
  [OptionalProps]?: 'name' | 'createdAt' | 'lastUsedAt';

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
}
