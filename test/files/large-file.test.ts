import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@herald/config';
import { migrate, openDatabase } from '@herald/persistence';
import { basicAuth } from '../support/credentials';
import { eventually } from '../support/timing';

const ROOT = join(__dirname, '..', '..');
const MiB = 1024 * 1024;
const SIZE = 1100 * MiB;
const ADMIN = basicAuth('admin', 'admin-password-1');
/** Streaming holds a few buffers per request; buffering a file would add over a gigabyte. */
const RSS_GROWTH_LIMIT = 100 * MiB;

jest.setTimeout(180_000);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function rssOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((entry) => entry.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) * 1024;
}

/**
 * The API as its own process (so its RSS is its own), run from the working tree's sources
 * through ts-node, against a fresh SQLite database.
 */
describe('a file larger than 1 GiB', () => {
  let api: ChildProcess;
  let port: number;
  let dataDir: string;
  let output = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'herald-large-'));
    port = await freePort();
    const env = {
      DATA_DIR: dataDir,
      PORT: String(port),
      HERALD_ADMIN_USER: 'admin',
      HERALD_ADMIN_PASSWORD: 'admin-password-1',
      // Nobody polls this queue: the events wait in the outbox, which is all this test needs.
      TEMPORAL_ADDRESS: process.env.HERALD_TEST_TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
      HERALD_TASK_QUEUE: `herald-large-${randomBytes(4).toString('hex')}`,
      LOG_LEVEL: 'warn',
    };
    const orm = await openDatabase(loadConfig(env).database);
    await migrate(orm);
    await orm.close();
    api = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    api.stdout!.on('data', (chunk) => (output += chunk));
    api.stderr!.on('data', (chunk) => (output += chunk));
    const exited = () => (api.exitCode === null ? undefined : 'the API exited');
    await eventually(async () => (await call('GET', '/healthz')) === 200, '/healthz 200', { timeoutMs: 90_000, everyMs: 200, giveUp: exited }).catch((error: Error) => {
      throw new Error(`the API did not start: ${error.message}\n${output}`);
    });
    expect(await call('POST', '/api/v1/repositories', JSON.stringify({ name: 'big', policy: 'snapshot' }), { 'content-type': 'application/json' })).toBe(201);
  });

  afterAll(async () => {
    if (api && api.exitCode === null) {
      api.kill('SIGTERM');
      await new Promise((resolve) => api.once('exit', resolve));
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  function call(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<number> {
    return new Promise((resolve, reject) => {
      const request = httpRequest({ host: '127.0.0.1', port, method, path, headers: { authorization: ADMIN, ...headers } }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      });
      request.on('error', reject);
      request.end(body);
    });
  }

  /** PUTs SIZE bytes of a repeated random block, hashing what it sends. */
  function upload(path: string): Promise<{ status: number; sha256: string }> {
    const block = randomBytes(MiB);
    const hash = createHash('sha256');
    return new Promise((resolve, reject) => {
      const request = httpRequest({ host: '127.0.0.1', port, method: 'PUT', path, headers: { authorization: ADMIN, 'content-length': String(SIZE) } }, (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, sha256: hash.digest('hex') }));
      });
      request.on('error', reject);
      let sent = 0;
      const pump = (): void => {
        while (sent < SIZE) {
          sent += block.length;
          hash.update(block);
          if (!request.write(block)) return void request.once('drain', pump);
        }
        request.end();
      };
      pump();
    });
  }

  function download(path: string): Promise<{ status: number; bytes: number; sha256: string; header: string | undefined }> {
    return new Promise((resolve, reject) => {
      const hash = createHash('sha256');
      let bytes = 0;
      httpRequest({ host: '127.0.0.1', port, method: 'GET', path, headers: { authorization: ADMIN } }, (response) => {
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          hash.update(chunk);
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, bytes, sha256: hash.digest('hex'), header: response.headers['x-checksum-sha256'] as string | undefined }));
        response.on('error', reject);
      })
        .on('error', reject)
        .end();
    });
  }

  it('streams up and down with the API process memory staying flat', async () => {
    // Warm up: every route and module the transfer needs is loaded before the baseline.
    expect(await call('PUT', '/repositories/big/warm/up.bin', 'x'.repeat(MiB))).toBe(201);
    expect(await call('GET', '/repositories/big/warm/up.bin')).toBe(200);
    const baseline = rssOf(api.pid!);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(api.pid!))), 50);
    try {
      const put = await upload('/repositories/big/com/example/huge/1.0/huge-1.0.bin');
      expect(put.status).toBe(201);
      const get = await download('/repositories/big/com/example/huge/1.0/huge-1.0.bin');
      expect(get).toEqual({ status: 200, bytes: SIZE, sha256: put.sha256, header: put.sha256 });
    } finally {
      clearInterval(sampler);
    }
    const growth = peak - baseline;
    process.stdout.write(`large file: ${SIZE / MiB} MiB up and down; API RSS ${Math.round(baseline / MiB)} MiB at rest, peak ${Math.round(peak / MiB)} MiB (+${Math.round(growth / MiB)} MiB)\n`);
    expect(growth).toBeLessThan(RSS_GROWTH_LIMIT);
  });
});
