import { randomBytes } from 'node:crypto';
import type { SubscribableEventType } from '@herald/contracts';
import type { HeraldStack } from './herald-stack';
import { sendJson } from './http-client';

/** Creates the bench's repositories and webhooks through the admin REST API, as an operator would. */
export class Seeder {
  constructor(private readonly stack: HeraldStack) {}

  async repository(name: string): Promise<void> {
    await this.post('/api/v1/repositories', { name, policy: 'snapshot', visibility: 'private' });
  }

  async jsonWebhook(repository: string, url: string, events: SubscribableEventType[]): Promise<void> {
    await this.post('/api/v1/webhooks', { repository, target: { type: 'json', url }, events, description: 'bench' });
  }

  private async post(path: string, body: unknown): Promise<void> {
    const answer = await sendJson(`${this.stack.baseUrl}${path}`, 'POST', this.stack.adminAuth, body);
    if (answer.status !== 201) throw new Error(`POST ${path} answered ${answer.status}: ${JSON.stringify(answer.json)}`);
  }
}

/** A repository name unique to this run, so every measurement starts from empty. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}
