import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { FileEvent } from '@herald/persistence';
import { dialects } from '../support/databases';
import { basicAuth } from '../support/credentials';
import type { TestStack } from '../support/stack';

export { dialects } from '../support/databases';

/** Where a files suite runs: a database and a blob store. */
export interface Backend {
  dialect: 'sqlite' | 'postgresql';
  storage: 'file' | 's3';
  label: string;
}

/**
 * The files suites' backends: each database with the `file:` store, and the S3 store (MinIO) on
 * the database a fleet would pair it with, PostgreSQL, when it answers.
 */
export function backends(): Backend[] {
  const available = dialects();
  const withS3 = available.includes('postgresql') ? 'postgresql' : 'sqlite';
  return [
    ...available.map((dialect): Backend => ({ dialect, storage: 'file', label: `${dialect}, file` })),
    { dialect: withS3, storage: 's3', label: `${withS3}, s3` },
  ];
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A request through node:http with the path sent byte for byte (fetch would normalise `..`
 * and reject some characters), and the body written only when asked.
 */
export function rawRequest(stack: TestStack, method: string, path: string, options: { headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port: stack.config.port, method, path, headers: options.headers, insecureHTTPParser: true }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(options.body);
  });
}

/** Creates repositories, users and a token through the admin API, as an operator would. */
export async function admin(stack: TestStack, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await stack.request(method, `/api/v1${path}`, { body });
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

export async function createUser(stack: TestStack, username: string, role: 'admin' | 'deployer' | 'reader'): Promise<string> {
  const password = `${username}-password-1`;
  await admin(stack, 'POST', '/users', { username, password, role });
  return basicAuth(username, password);
}

/** The file events of a repository, oldest first, straight from the table. */
export async function eventsOf(stack: TestStack, repository: string): Promise<FileEvent[]> {
  return stack.orm.em.fork().find(FileEvent, { repository }, { orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }] });
}

export interface ContinueOutcome extends RawResponse {
  /** The server sent `100 Continue`, and only then was the body written. */
  continued: boolean;
}

/** A PUT that says `Expect: 100-continue` and sends its body only if the server asks for it. */
export function putExpectingContinue(stack: TestStack, path: string, headers: Record<string, string>, body: Buffer | string): Promise<ContinueOutcome> {
  return new Promise((resolve, reject) => {
    let continued = false;
    const request = httpRequest({
      host: '127.0.0.1',
      port: stack.config.port,
      method: 'PUT',
      path,
      headers: { ...headers, expect: '100-continue', 'content-length': String(Buffer.byteLength(body)) },
    });
    request.on('continue', () => {
      continued = true;
      request.end(body);
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), continued });
        if (!continued) request.destroy();
      });
    });
    request.on('error', (error) => (continued ? reject(error) : undefined));
    request.flushHeaders();
  });
}
