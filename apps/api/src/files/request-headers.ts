import type { IncomingMessage } from 'node:http';

/** One header's value; the first when a client repeated it. */
export function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The declared body size; null for a chunked body. */
export function contentLength(request: IncomingMessage): number | null {
  const value = header(request, 'content-length');
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
}
