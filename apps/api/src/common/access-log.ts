/** What one request's access line holds of it, whoever writes the line (pino-http, FileReads). */
export interface AccessRequest {
  id?: unknown;
  method: string;
  url: string;
  remoteAddress?: string;
  headers?: Record<string, unknown>;
}

/**
 * The pino serializers of access lines: what was asked, by whom, and the answer. No headers
 * (they hold credentials, and serializing them all was a fifth of a small download's cost), no
 * bodies. They run on any object logged under `req` or `res`, so they take what they find.
 */
export const ACCESS_LOG_SERIALIZERS = {
  req: (req: AccessRequest) => ({ id: req.id, method: req.method, url: req.url, remoteAddress: req.remoteAddress, userAgent: req.headers?.['user-agent'] }),
  res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
};
