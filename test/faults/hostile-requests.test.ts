import { dialectsForDescribe } from '../webhooks/helpers';
import { adminCall, createEmailWebhook, createRepository, upload } from './support/admin';
import { ADMIN_AUTH, BuiltStack, ensureBuilt } from './support/built-stack';
import { basicAuth } from '../support/credentials';
import { send, sendRaw } from './support/http';
import { HOSTILE_REQUESTS, type HostileRequest, type Speaker } from './support/hostile-requests';
import { report } from './support/report';

jest.setTimeout(120_000);

const ARTIFACT = 'com/example/corpus/1.0/corpus-1.0.jar';

/**
 * Scenario 9: a table of malformed and hostile requests across every route, each expecting the
 * status the contract (or HTTP itself) documents, and never a 5xx. Run on both dialects:
 * PostgreSQL refuses things SQLite lets through (a NUL in a string), which must still not be a 500.
 */
describe.each(dialectsForDescribe())('faults: hostile requests (%s)', (dialect) => {
  let stack: BuiltStack;
  let hookId: string;
  const credentials = {} as Record<Speaker, string>;
  const seen: Array<{ name: string; status: number }> = [];

  beforeAll(async () => {
    ensureBuilt();
    stack = await BuiltStack.create({ name: `9-hostile-requests-${dialect}`, dialect, env: { HERALD_ALLOW_PRIVATE_TARGETS: 'false', HERALD_MAX_UPLOAD: '1MiB' } });
    await stack.startApi();
    await createRepository(stack.port, 'corpus');
    await createRepository(stack.port, 'corpus-release', 'release');
    await adminCall(stack.port, 'POST', '/repositories', { name: 'corpus-public', policy: 'snapshot', visibility: 'public' });
    await adminCall(stack.port, 'POST', '/users', { username: 'dep', password: 'deployer-password-1', role: 'deployer' });
    await adminCall(stack.port, 'POST', '/users', { username: 'rdr', password: 'reader-password-1', role: 'reader' });
    const { token } = await adminCall<{ token: string }>(stack.port, 'POST', '/users/dep/tokens', { name: 'ci' });
    Object.assign(credentials, {
      admin: ADMIN_AUTH,
      deployer: basicAuth('dep', 'deployer-password-1'),
      reader: basicAuth('rdr', 'reader-password-1'),
      'deployer-token': `Bearer ${token}`,
    });
    hookId = await createEmailWebhook(stack.port, 'corpus', 'ops@example.com');
    expect((await upload(stack.port, ADMIN_AUTH, 'corpus', ARTIFACT, 'corpus artifact', 'herald-faults/corpus')).status).toBe(201);
    expect((await upload(stack.port, ADMIN_AUTH, 'corpus-release', 'com/example/r/1.0/r-1.0.jar', 'release', 'herald-faults/corpus')).status).toBe(201);
  });

  afterAll(async () => {
    const byStatus: Record<string, number> = {};
    for (const { status } of seen) byStatus[status] = (byStatus[status] ?? 0) + 1;
    report(`9-hostile-requests-${dialect}`, { dialect, requests: seen.length, byStatus, serverErrors: seen.filter(({ status }) => status >= 500).map(({ name }) => name) });
    await stack?.stop();
  });

  async function answer(request: HostileRequest): Promise<{ status: number; text: string }> {
    if (request.raw) return sendRaw(stack.port, request.raw(credentials));
    const headers = { ...(request.as ? { authorization: credentials[request.as] } : {}), ...request.headers };
    const path = (request.path ?? '/').replace('{hook}', hookId);
    const result = await send(stack.port, request.method ?? 'GET', path, { headers, body: request.body });
    return { status: result.status, text: `${JSON.stringify(result.headers)}\n${result.body.toString('utf8')}` };
  }

  it(`has at least 60 cases (${HOSTILE_REQUESTS.length})`, () => {
    expect(HOSTILE_REQUESTS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(HOSTILE_REQUESTS.map((request) => request.name)).size).toBe(HOSTILE_REQUESTS.length);
  });

  it.each(HOSTILE_REQUESTS.map((request) => [request.name, request] as const))('%s', async (_name, request) => {
    const { status, text } = await answer(request);
    seen.push({ name: request.name, status });
    expect(status).toBeLessThan(500);
    expect(status).toBe(request.expect);
    if (request.absent) expect(text).not.toMatch(request.absent);
  });
});
