import type { ServerResponse } from 'node:http';

/** A whole answer of text (a listing, an index page), for the handlers ahead of Express. */
export function answerText(response: ServerResponse, contentType: string, body: string): void {
  response.setHeader('Content-Type', contentType);
  response.setHeader('Content-Length', Buffer.byteLength(body));
  response.end(body);
}
