import { OptionalProps, Entity, Enum, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { ROLES, type Role } from '@herald/contracts';
import { newId } from '../ids';

@Entity({ tableName: 'user' })
export class User {
  [OptionalProps]?: 'createdAt' | 'disabled';

  @PrimaryKey({ type: 'string', length: 40 })
  id: string = newId('usr');

  @Unique()
  @Property({ type: 'string', length: 64 })
  username!: string;

  /** scrypt$N$r$p$salt$hash: never the password itself. */
  @Property({ type: 'string', length: 255 })
  passwordHash!: string;

  @Enum({ items: () => [...ROLES], type: 'string' })
  role!: Role;

  /** A disabled user is refused everywhere (password, tokens, portal) until enabled again. */
  @Property({ type: 'boolean' })
  disabled: boolean = false;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
