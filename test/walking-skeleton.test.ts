import { Webhook as StandardWebhook } from 'standardwebhooks';
import { ArtifactRepository, SecretBox, Webhook, generateSigningSecret } from '@herald/persistence';
import { Receiver } from './support/receiver';
import { TestStack } from './support/stack';

describe('walking skeleton: upload → file event → workflow → signed JSON POST', () => {
  let stack: TestStack;
  let receiver: Receiver;

  beforeAll(async () => {
    stack = await TestStack.start();
    receiver = await Receiver.start();
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.stop();
  });

  it('delivers a Standard Webhooks-signed file.uploaded to a real receiver through Temporal', async () => {
    const secret = generateSigningSecret();
    const em = stack.orm.em.fork();
    em.create(ArtifactRepository, { name: 'libs-release' });
    const webhook = em.create(Webhook, {
      repository: 'libs-release',
      targetType: 'json',
      targetAddress: `${receiver.url}/hook`,
      signingSecrets: stack.api.get(SecretBox).seal(JSON.stringify([{ secret, expiresAt: null }])),
      events: ['file.uploaded'],
    });
    await em.flush();
    await stack.webhooksChanged();

    const body = 'jar bytes';
    const put = await stack.request('PUT', '/repositories/libs-release/com/example/demo/1.0.0/demo-1.0.0.jar', { body, headers: { 'content-type': 'application/java-archive', 'user-agent': 'Apache-Maven/3.9.6' } });
    expect(put.status).toBe(201);

    const [request] = await receiver.waitFor(1);
    const verified = new StandardWebhook(secret).verify(request.body, {
      'webhook-id': request.headers['webhook-id'] as string,
      'webhook-timestamp': request.headers['webhook-timestamp'] as string,
      'webhook-signature': request.headers['webhook-signature'] as string,
    }) as { type: string; data: Record<string, unknown> };
    expect(verified.type).toBe('file.uploaded');
    expect(verified.data).toMatchObject({
      repository: 'libs-release',
      path: 'com/example/demo/1.0.0/demo-1.0.0.jar',
      name: 'demo-1.0.0.jar',
      size: body.length,
      actor: { username: 'admin', userAgent: 'Apache-Maven/3.9.6' },
      maven: { groupId: 'com.example', artifactId: 'demo', version: '1.0.0', classifier: null, extension: 'jar' },
    });
    expect(request.headers['webhook-id']).toBe(verified.data.id);

    const client = await stack.temporalClient();
    const handle = client.workflow.getHandle(`file-event-${verified.data.id as string}`);
    await handle.result();
    const description = await handle.describe();
    expect(description.searchAttributes.HeraldDeliveryStatus).toEqual(['succeeded']);
    expect(description.searchAttributes.HeraldWebhookIds).toEqual([webhook.id]);
  });

  it('leads a visitor of the bare address to the portal', async () => {
    const response = await fetch(`${stack.baseUrl}/`, { redirect: 'manual' });
    expect([response.status, response.headers.get('location')]).toEqual([302, '/portal']);
  });
});
