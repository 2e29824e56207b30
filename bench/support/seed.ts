import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import type { SubscribableEventType } from '@herald/contracts';
import type { HeraldStack } from './herald-stack';
import { onCleanup } from './cleanup';
import { sendJson } from './http-client';

/**
 * Creates the bench's repositories and webhooks through the admin REST API. Where this build has
 * no such route yet, it writes the same rows through the ORM into the stack's database instead.
 */
export class Seeder {
  private orm: MikroORM | null = null;
  private viaApi: boolean | null = null;

  constructor(private readonly stack: HeraldStack) {}

  get mode(): 'api' | 'database' | 'unknown' {
    return this.viaApi === null ? 'unknown' : this.viaApi ? 'api' : 'database';
  }

  async repository(name: string): Promise<void> {
    const answer = await sendJson(`${this.stack.baseUrl}/api/v1/repositories`, 'POST', this.stack.adminAuth, { name, policy: 'snapshot', visibility: 'private' });
    if (answer.status === 201) {
      this.viaApi = true;
      return;
    }
    if (answer.status !== 404 || this.viaApi) throw new Error(`POST /api/v1/repositories answered ${answer.status}: ${JSON.stringify(answer.json)}`);
    this.viaApi = false;
    const { ArtifactRepository } = await import('@herald/persistence');
    const em = (await this.database()).em.fork();
    em.create(ArtifactRepository, { name, policy: 'snapshot', visibility: 'private' });
    await em.flush();
  }

  async jsonWebhook(repository: string, url: string, events: SubscribableEventType[]): Promise<void> {
    if (this.viaApi !== false) {
      const answer = await sendJson(`${this.stack.baseUrl}/api/v1/webhooks`, 'POST', this.stack.adminAuth, { repository, target: { type: 'json', url }, events, description: 'bench' });
      if (answer.status === 201) return;
      if (answer.status !== 404) throw new Error(`POST /api/v1/webhooks answered ${answer.status}: ${JSON.stringify(answer.json)}`);
    }
    const { SecretBox, Webhook } = await import('@herald/persistence');
    const { generateSigningSecret } = await import('@herald/channels');
    const em = (await this.database()).em.fork();
    const signingSecrets = new SecretBox(this.stack.secretKey).seal(JSON.stringify([{ secret: generateSigningSecret(), expiresAt: null }]));
    em.create(Webhook, { repository, targetType: 'json', targetAddress: url, signingSecrets, events, description: 'bench' });
    await em.flush();
  }

  private async database(): Promise<MikroORM> {
    if (!this.orm) {
      const { openDatabase } = await import('@herald/persistence');
      const orm = await openDatabase({ dialect: 'sqlite', file: join(this.stack.dataDir, 'herald.sqlite') });
      onCleanup(() => orm.close());
      this.orm = orm;
    }
    return this.orm;
  }
}

/** A repository name unique to this run, so every measurement starts from empty. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}
