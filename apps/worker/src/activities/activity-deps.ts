import type { MikroORM } from '@mikro-orm/core';
import type { HeraldConfig } from '@herald/config';
import type { SecretBox } from '@herald/persistence';
import type { ChannelRegistry } from './channel-registry';

/** What the activities reach the world through: the database, the secret box, the channels. */
export interface ActivityDeps {
  orm: MikroORM;
  secretBox: SecretBox;
  channels: ChannelRegistry;
  config: Pick<HeraldConfig, 'publicUrl' | 'delivery'>;
  now?: () => Date;
}
