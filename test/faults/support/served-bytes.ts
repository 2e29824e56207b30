import { digestsOf } from '../../support/bodies';
import type { HttpAnswer } from './http';

/**
 * Where a 200 GET's headers disagree with the bytes it streamed: Content-Length, ETag (the
 * quoted SHA-256) and the X-Checksum-* headers, each against the body as received. Empty when
 * everything the headers claim holds.
 */
export function headerDisagreements(answer: HttpAnswer): string[] {
  const digests = digestsOf(answer.body);
  const claims: Array<[string, string | string[] | undefined, string]> = [
    ['content-length', answer.headers['content-length'], String(answer.body.length)],
    ['etag', answer.headers.etag, `"${digests.sha256}"`],
    ['x-checksum-sha256', answer.headers['x-checksum-sha256'], digests.sha256],
    ['x-checksum-sha1', answer.headers['x-checksum-sha1'], digests.sha1],
    ['x-checksum-md5', answer.headers['x-checksum-md5'], digests.md5],
  ];
  return claims.filter(([, claimed, actual]) => claimed !== actual).map(([name, claimed, actual]) => `${name}: ${String(claimed)} for a body of ${actual}`);
}
