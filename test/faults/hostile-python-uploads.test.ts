import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { STAGED_PREFIX } from '@herald/storage';
import { dialectsForDescribe } from '../webhooks/helpers';
import { adminCall, createRepository } from './support/admin';
import { waitUntil } from '../support/timing';
import { BuiltStack, ensureBuilt, type ApiChild } from './support/built-stack';
import { basicAuth } from '../support/credentials';
import { jsonOf, send } from './support/http';
import { baseSdist, baseWheel, HOSTILE_UPLOADS, type HostileUpload, type RawUpload, type Uploader, type WholeUpload } from './support/hostile-python-uploads';
import { BOUNDARY, sdist, twineForm, wheel, type Distribution } from '../support/python-distributions';
import { report } from './support/report';
import { queryRows } from './support/rows';

jest.setTimeout(120_000);

const SIMPLE_JSON = 'application/vnd.pypi.simple.v1+json';

/** What a refused upload must leave as it was. */
interface Holdings {
  storedFiles: number;
  distributions: number;
  events: number;
  /** Claimed blobs that no file points at and that garbage collection would not take (not orphaned). */
  strayBlobs: number;
  projects: string[];
}

/**
 * Malformed and hostile twine uploads (`POST /repositories/{repo}/`): broken multipart bodies,
 * names, versions and file types outside PEP 508/440, wrong digests, path tricks in file names,
 * archives that lie, bodies cut off. Each is answered with a 4xx (or, cut off, a closed
 * connection), never a 5xx or a hang, and leaves no file, no index entry, no event and nothing
 * staged. Most cases break one thing of an upload the suite shows is accepted unbroken.
 */
describe.each(dialectsForDescribe())('faults: hostile twine uploads (%s)', (dialect) => {
  let stack: BuiltStack;
  let api: ApiChild;
  const credentials = {} as Record<Uploader, string | undefined>;
  const seen: Array<{ name: string; status: number }> = [];

  beforeAll(async () => {
    ensureBuilt();
    stack = await BuiltStack.create({ name: `hostile-python-uploads-${dialect}`, dialect, env: { HERALD_MAX_UPLOAD: '4MiB' } });
    api = await stack.startApi();
    await adminCall(stack.port, 'POST', '/repositories', { name: 'py', format: 'python' });
    await createRepository(stack.port, 'mvn');
    await adminCall(stack.port, 'POST', '/users', { username: 'dep', password: 'deployer-password-1', role: 'deployer' });
    await adminCall(stack.port, 'POST', '/users', { username: 'rdr', password: 'reader-password-1', role: 'reader' });
    Object.assign(credentials, {
      deployer: basicAuth('dep', 'deployer-password-1'),
      reader: basicAuth('rdr', 'reader-password-1'),
      'wrong-password': basicAuth('dep', 'not-the-password'),
      nobody: undefined,
    });
  }, 600_000);

  afterAll(async () => {
    const byStatus: Record<string, number> = {};
    for (const { status } of seen) byStatus[status] = (byStatus[status] ?? 0) + 1;
    report(`hostile-python-uploads-${dialect}`, { dialect, requests: seen.length, byStatus, serverErrors: seen.filter(({ status }) => status >= 500).map(({ name }) => name) });
    await stack?.stop();
  });

  async function twineUpload(distribution: Distribution): Promise<{ status: number; body: string }> {
    const { body, contentType } = await twineForm(distribution);
    const answer = await send(stack.port, 'POST', '/repositories/py/', { headers: { authorization: credentials.deployer!, 'content-type': contentType }, body });
    return { status: answer.status, body: answer.body.toString('utf8') };
  }

  async function indexOf(project?: string): Promise<{ status: number; json: Record<string, unknown> | null }> {
    const answer = await send(stack.port, 'GET', `/repositories/py/simple/${project ? `${project}/` : ''}`, { headers: { authorization: credentials.deployer!, accept: SIMPLE_JSON } });
    return { status: answer.status, json: answer.status === 200 ? jsonOf(answer) : null };
  }

  async function count(sql: string): Promise<number> {
    const [row] = await queryRows<{ n: number | string }>(stack, sql);
    return Number(row.n);
  }

  async function holdings(): Promise<Holdings> {
    const index = await indexOf();
    return {
      storedFiles: await count('select count(*) as n from stored_file'),
      distributions: await count('select count(*) as n from python_distribution'),
      events: await count('select count(*) as n from file_event'),
      strayBlobs: await count('select count(*) as n from blob b where b.orphaned_at is null and not exists (select 1 from stored_file f where f.sha256 = b.sha256)'),
      projects: ((index.json?.projects ?? []) as Array<{ name: string }>).map(({ name }) => name).sort(),
    };
  }

  function staged(): string[] {
    const folder = join(stack.dataDir, STAGED_PREFIX);
    return existsSync(folder) ? readdirSync(folder) : [];
  }

  /**
   * Whether the API is still up after a request; when it died, a new one takes its port so the
   * cases after this one still run, and the death fails this case with the API's last words.
   */
  async function expectApiAlive(): Promise<void> {
    const healthy = await waitUntil(async () => api.alive && (await send(stack.port, 'GET', '/healthz', { timeoutMs: 5_000 }).then((answer) => answer.status === 200, () => false)), 5_000, 100);
    if (healthy) return;
    const lastWords = api.log.slice(-2_000);
    await api.stop(2_000);
    api = await stack.startApi({}, stack.port);
    throw new Error(`the API process died or stopped answering after this request; its last output:\n${lastWords}`);
  }

  /** The staging files the API process has open (Linux /proc). */
  function openedByApi(): Set<string> {
    const folder = join(stack.dataDir, STAGED_PREFIX);
    const descriptors = existsSync(`/proc/${api.pid}/fd`) ? readdirSync(`/proc/${api.pid}/fd`) : [];
    const targets = descriptors.map((fd) => {
      try {
        return readlinkSync(`/proc/${api.pid}/fd/${fd}`);
      } catch {
        return '';
      }
    });
    return new Set(targets.filter((target) => target.startsWith(folder)).map((target) => target.slice(folder.length)));
  }

  async function answer(request: WholeUpload | RawUpload): Promise<{ status: number; text: string }> {
    if ('raw' in request) return sendRawUpload(stack.port, request.raw(credentials.deployer!), request.then);
    const authorization = credentials[request.as ?? 'deployer'];
    const headers = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, ...(authorization ? { authorization } : {}), ...request.headers };
    const result = await send(stack.port, 'POST', request.path ?? '/repositories/py/', { headers, body: request.body, timeoutMs: 30_000 });
    return { status: result.status, text: `${result.status} ${result.body.toString('utf8').slice(0, 500)}` };
  }

  it('stores a valid wheel and sdist and lists them in the index (the corpus is not trivially refused)', async () => {
    for (const distribution of [wheel('demo_lib', '1.0.0'), sdist('demo_lib', '1.0.0')]) {
      const upload = await twineUpload(distribution);
      expect({ file: distribution.filename, status: upload.status, body: upload.body }).toMatchObject({ status: 201 });
    }
    expect((await indexOf()).json).toMatchObject({ projects: [{ name: 'demo-lib' }] });
    const page = await indexOf('demo-lib');
    expect((page.json?.files as Array<{ filename: string }>).map(({ filename }) => filename).sort()).toEqual(['demo_lib-1.0.0-py3-none-any.whl', 'demo_lib-1.0.0.tar.gz']);
    expect(await holdings()).toMatchObject({ storedFiles: 2, distributions: 2, events: 2, strayBlobs: 0 });
    expect(staged()).toEqual([]);
  });

  it(`has at least 100 cases, each named once (${HOSTILE_UPLOADS.length})`, () => {
    expect(HOSTILE_UPLOADS.length).toBeGreaterThanOrEqual(100);
    expect(new Set(HOSTILE_UPLOADS.map((upload) => upload.name)).size).toBe(HOSTILE_UPLOADS.length);
  });

  it.each(HOSTILE_UPLOADS.map((upload) => [upload.name, upload] as const))('%s', async (name: string, upload: HostileUpload) => {
    const before = await holdings();
    const stagedBefore = new Set(staged());
    const stagedByThisCase = () => staged().filter((file) => !stagedBefore.has(file));
    // A request that got no answer (reset mid-body, timed out) fails below, the API's fate first.
    const { status, text } = await answer(await upload.build()).catch((error: Error) => ({ status: -1, text: `no answer: ${error.message}` }));
    seen.push({ name, status });
    await expectApiAlive();
    // The answer's status and the start of its body, matched against the statuses allowed.
    expect(text).toMatch(new RegExp(`^(${upload.expect.join('|')}) `));
    // Once its staging file is gone, the request is over: whatever it left is there to see.
    await waitUntil(() => stagedByThisCase().length === 0, 15_000, 100);
    const left = stagedByThisCase();
    // A staging file the API still writes to is a request that never ended.
    expect({ staged: left, heldOpenByTheApi: left.filter((file) => openedByApi().has(file)) }).toEqual({ staged: [], heldOpenByTheApi: [] });
    expect(await holdings()).toEqual(before);
  });

  it('accepts the unbroken base of the cases: a demo_lib wheel and sdist of a version no case used (201)', async () => {
    // A request cut off without an answer may stage its file after its case looked, then drop it:
    // once every request is over, nothing at all is staged.
    expect(await waitUntil(() => staged().length === 0, 15_000, 100)).toBe(true);
    for (const distribution of [baseWheel('3.0.0'), baseSdist('3.0.0')]) {
      const upload = await twineUpload(distribution);
      expect({ file: distribution.filename, status: upload.status, body: upload.body }).toMatchObject({ status: 201 });
    }
    const page = await indexOf('demo-lib');
    expect((page.json?.files as Array<{ filename: string }>).map(({ filename }) => filename)).toEqual(expect.arrayContaining(['demo_lib-3.0.0-py3-none-any.whl', 'demo_lib-3.0.0.tar.gz']));
    expect(staged()).toEqual([]);
  });
});

/**
 * Writes `raw` onto a fresh connection, then keeps it open, half-closes or resets it; resolves
 * with the status of the answer, or 0 when the connection closed without one (or was reset).
 * Rejects when the server neither answers nor closes in time: a hang.
 */
function sendRawUpload(port: number, raw: Buffer, then: RawUpload['then'], timeoutMs = 30_000): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, text: `${status} ${text.slice(0, 500)}` });
    };
    socket.setTimeout(timeoutMs, () => {
      settled = true;
      socket.destroy();
      reject(new Error(`the server neither answered nor closed within ${timeoutMs} ms`));
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (Buffer.concat(chunks).includes('\r\n\r\n')) finish();
    });
    socket.on('end', finish);
    socket.on('close', finish);
    // The server may answer and close before the whole request is written.
    socket.on('error', (error: NodeJS.ErrnoException) => (['ECONNRESET', 'EPIPE'].includes(error.code ?? '') ? finish() : reject(error)));
    socket.write(raw, () => {
      if (then === 'half-close') socket.end();
      if (then === 'reset') {
        socket.resetAndDestroy();
        finish();
      }
    });
  });
}
