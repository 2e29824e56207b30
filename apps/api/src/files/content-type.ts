const BY_EXTENSION: Record<string, string> = {
  jar: 'application/java-archive',
  war: 'application/java-archive',
  ear: 'application/java-archive',
  aar: 'application/java-archive',
  pom: 'application/xml',
  xml: 'application/xml',
  module: 'application/json',
  json: 'application/json',
  md5: 'text/plain',
  sha1: 'text/plain',
  sha256: 'text/plain',
  sha512: 'text/plain',
  asc: 'text/plain',
  txt: 'text/plain',
  properties: 'text/plain',
  zip: 'application/zip',
  gz: 'application/gzip',
  tgz: 'application/gzip',
  tar: 'application/x-tar',
  klib: 'application/zip',
  html: 'text/html',
};

const UNINFORMATIVE = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

/**
 * The content type to store: what the client sent, unless it sent none or only said "bytes",
 * as Maven and Gradle do; then the one the extension implies.
 */
export function contentTypeFor(path: string, sent: string | undefined): string {
  const given = (sent ?? '').trim();
  if (!UNINFORMATIVE.has(given.split(';')[0].trim().toLowerCase())) return given;
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const dot = name.lastIndexOf('.');
  return (dot >= 0 && BY_EXTENSION[name.slice(dot + 1)]) || 'application/octet-stream';
}
