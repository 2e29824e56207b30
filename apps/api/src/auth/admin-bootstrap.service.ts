import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { User } from '@herald/persistence';
import { hashSecret } from './password-hasher';

/** Creates the first admin at boot when no admin exists; prints a generated password once. */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminBootstrap');

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const em = this.orm.em.fork();
    if ((await em.count(User, { role: 'admin' })) > 0) return;
    const generated = this.config.admin.password === null;
    const password = this.config.admin.password ?? randomBytes(12).toString('base64url');
    em.create(User, { username: this.config.admin.username, passwordHash: await hashSecret(password), role: 'admin', createdAt: new Date() });
    await em.flush();
    if (generated) {
      // Printed once, on purpose: this is how the operator learns the first password.
      process.stdout.write(`\nHerald admin created: user "${this.config.admin.username}", password "${password}" (shown once; set HERALD_ADMIN_PASSWORD to choose it)\n\n`);
    } else {
      this.logger.log(`admin "${this.config.admin.username}" created from HERALD_ADMIN_USER/HERALD_ADMIN_PASSWORD`);
    }
  }
}
