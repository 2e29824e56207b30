import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { openDatabase } from './migrate';
import { SecretBox } from './secret-box';

/**
 * Provides the one MikroORM instance of the process. Callers fork an EntityManager per unit of
 * work (`orm.em.fork()`); the global context is off so a forgotten fork fails loudly.
 */
@Global()
@Module({
  providers: [
    {
      provide: MikroORM,
      inject: [HERALD_CONFIG],
      useFactory: (config: HeraldConfig) => openDatabase(config.database),
    },
    { provide: SecretBox, inject: [HERALD_CONFIG], useFactory: (config: HeraldConfig) => new SecretBox(config.secretKey) },
  ],
  exports: [MikroORM, SecretBox],
})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  async onApplicationShutdown(): Promise<void> {
    await this.orm.close();
  }
}
