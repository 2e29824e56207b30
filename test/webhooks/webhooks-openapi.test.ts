import { TestStack } from '../support/stack';
import { json } from './helpers';

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}
interface Operation {
  tags?: string[];
  summary?: string;
  security?: unknown[];
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content: Record<string, { schema: Schema; examples?: Record<string, { value: unknown }> }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  oneOf?: Schema[];
  items?: Schema;
}

// Starting a stack (migrations, Nest, PostgreSQL) takes a while on a shared, busy machine.
jest.setTimeout(30_000);

describe('the OpenAPI document lists the webhook routes with their schemas', () => {
  let stack: TestStack;
  let document: OpenApiDocument;

  beforeAll(async () => {
    stack = await TestStack.start({ worker: false });
    const response = await stack.request('GET', '/docs-json', { auth: null });
    expect(response.status).toBe(200);
    document = await json<OpenApiDocument>(response);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const responseRef = (operation: Operation, status: string) => operation.responses[status]?.content?.['application/json']?.schema.$ref;

  it('documents every webhook route, tagged, with its answers', () => {
    const webhooks = document.paths['/api/v1/webhooks'];
    const one = document.paths['/api/v1/webhooks/{id}'];
    const rotate = document.paths['/api/v1/webhooks/{id}/rotate-secret'];
    const audit = document.paths['/api/v1/webhooks/{id}/audit'];
    const operations = [webhooks.post, webhooks.get, one.get, one.patch, one.delete, rotate.post, audit.get];
    for (const operation of operations) {
      expect(operation.tags).toEqual(['webhooks']);
      expect(operation.summary).toBeTruthy();
      expect(operation.responses['401']).toBeDefined();
      expect(operation.responses['403']).toBeDefined();
      expect(operation.security).toEqual(expect.arrayContaining([{ basic: [] }, { bearer: [] }]));
    }
    expect(responseRef(webhooks.post, '201')).toBe('#/components/schemas/WebhookResponse');
    expect(responseRef(webhooks.post, '400')).toBe('#/components/schemas/ErrorResponse');
    expect(responseRef(webhooks.get, '200')).toBe('#/components/schemas/WebhookListResponse');
    expect(webhooks.get.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'repository', in: 'query' })]));
    expect(responseRef(one.get, '200')).toBe('#/components/schemas/WebhookResponse');
    expect(responseRef(one.get, '404')).toBe('#/components/schemas/ErrorResponse');
    expect(responseRef(one.patch, '200')).toBe('#/components/schemas/WebhookResponse');
    expect(one.delete.responses['204']).toBeDefined();
    expect(responseRef(rotate.post, '200')).toBe('#/components/schemas/RotatedSecretResponse');
    expect(responseRef(rotate.post, '409')).toBe('#/components/schemas/ErrorResponse');
    expect(responseRef(audit.get, '200')).toBe('#/components/schemas/AuditListResponse');
  });

  it('describes the request bodies, with an example per target type', () => {
    const create = document.paths['/api/v1/webhooks'].post.requestBody?.content['application/json'];
    expect(create?.schema.$ref).toBe('#/components/schemas/CreateWebhookDto');
    expect(Object.keys(create?.examples ?? {})).toEqual(expect.arrayContaining(['json', 'email', 'slack']));
    const patch = document.paths['/api/v1/webhooks/{id}'].patch.requestBody?.content['application/json'];
    expect(patch?.schema.$ref).toBe('#/components/schemas/UpdateWebhookDto');
    expect(Object.keys(patch?.examples ?? {}).length).toBeGreaterThanOrEqual(3);

    const schemas = document.components.schemas;
    expect(schemas.CreateWebhookDto.required).toEqual(expect.arrayContaining(['repository', 'target', 'events']));
    expect(Object.keys(schemas.CreateWebhookDto.properties ?? {})).toEqual(expect.arrayContaining(['repository', 'target', 'events', 'description', 'filters', 'digest']));
    expect(schemas.CreateWebhookDto.properties?.target.oneOf?.map((entry) => entry.$ref)).toEqual([
      '#/components/schemas/EmailTargetDto',
      '#/components/schemas/JsonTargetDto',
      '#/components/schemas/SlackTargetDto',
    ]);
    expect(schemas.UpdateWebhookDto.required ?? []).toEqual([]);
    expect(Object.keys(schemas.UpdateWebhookDto.properties ?? {})).toEqual(expect.arrayContaining(['events', 'active', 'target', 'description', 'filters', 'digest']));
    expect(schemas.UpdateWebhookDto.properties).not.toHaveProperty('repository');
    expect(schemas.EmailTargetDto.required).toEqual(['type', 'to']);
    expect(schemas.JsonTargetDto.required).toEqual(['type', 'url']);
  });

  it('describes the answer, health and secret included', () => {
    const schemas = document.components.schemas;
    expect(Object.keys(schemas.WebhookResponse.properties ?? {})).toEqual(
      expect.arrayContaining(['id', 'repository', 'target', 'events', 'description', 'active', 'filters', 'digest', 'health', 'createdAt', 'updatedAt', 'secret']),
    );
    expect(schemas.WebhookResponse.required).not.toContain('secret');
    expect(Object.keys(schemas.WebhookHealthResponse.properties ?? {})).toEqual(['status', 'consecutiveFailures', 'pausedUntil']);
    expect(schemas.WebhookListResponse.properties?.items.items?.$ref).toBe('#/components/schemas/WebhookResponse');
  });

  it('serves Swagger UI at /docs', async () => {
    const response = await stack.request('GET', '/docs', { auth: null });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('swagger');
  });
});
