import { randomBytes } from 'node:crypto';
import type { Role, SubscribableEventType, WebhookDigest } from '@herald/contracts';
import { basicAuth } from '../../test/support/credentials';
import type { HeraldStack } from './herald-stack';
import { sendJson } from './http-client';

/** Creates the bench's repositories and webhooks through the admin REST API, as an operator would. */
export class Seeder {
  constructor(private readonly stack: HeraldStack) {}

  async repository(name: string): Promise<void> {
    await this.post('/api/v1/repositories', { name, policy: 'snapshot', visibility: 'private' });
  }

  /** A repository twine uploads to; its files are immutable whatever the policy. */
  async pythonRepository(name: string): Promise<void> {
    await this.post('/api/v1/repositories', { name, format: 'python', visibility: 'private' });
  }

  /** Returns the `authorization` header of the new user, as a build tool would send it. */
  async user(username: string, password: string, role: Role): Promise<string> {
    await this.post('/api/v1/users', { username, password, role });
    return basicAuth(username, password);
  }

  /** A new API token of the user; returns the `authorization` header that sends it as Bearer. */
  async token(username: string): Promise<string> {
    const created = await this.send('POST', `/api/v1/users/${username}/tokens`, 201, { name: 'bench' });
    return `Bearer ${(created as { token: string }).token}`;
  }

  /** Returns the webhook's id. */
  async jsonWebhook(repository: string, url: string, events: SubscribableEventType[], digest: WebhookDigest | null = null): Promise<string> {
    const created = await this.send('POST', '/api/v1/webhooks', 201, { repository, target: { type: 'json', url }, events, description: 'bench', digest });
    return (created as { id: string }).id;
  }

  async deleteWebhook(id: string): Promise<void> {
    await this.send('DELETE', `/api/v1/webhooks/${id}`, 204, undefined);
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
