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

  /** Returns the webhook's id. */
  async jsonWebhook(repository: string, url: string, events: SubscribableEventType[]): Promise<string> {
    const created = await this.send('POST', '/api/v1/webhooks', 201, { repository, target: { type: 'json', url }, events, description: 'bench' });
    return (created as { id: string }).id;
  }

  async setWebhookActive(id: string, active: boolean): Promise<void> {
    await this.send('PATCH', `/api/v1/webhooks/${id}`, 200, { active });
  }

  private async post(path: string, body: unknown): Promise<void> {
    await this.send('POST', path, 201, body);
  }

  private async send(method: string, path: string, expected: number, body: unknown): Promise<unknown> {
    const answer = await sendJson(`${this.stack.baseUrl}${path}`, method, this.stack.adminAuth, body);
    if (answer.status !== expected) throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.json)}`);
    return answer.json;
  }
}

/** A repository name unique to this run, so every measurement starts from empty. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}
