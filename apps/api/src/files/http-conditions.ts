import type { ByteRange } from '@herald/storage';

/** What the request's conditional and range headers ask for. */
export interface ReadConditions {
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  range?: string;
  ifRange?: string;
}

export type RangeDecision = { kind: 'whole' } | { kind: 'partial'; range: ByteRange } | { kind: 'unsatisfiable' };

/** A strong ETag from the content hash: the same bytes always have the same tag. */
export function etagOf(sha256: string): string {
  return `"${sha256}"`;
}

/** HTTP dates have whole seconds; comparisons must too. */
function wholeSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** RFC 9110 §13.1.2/§13.1.3: If-None-Match wins over If-Modified-Since. */
export function isNotModified(conditions: ReadConditions, etag: string, lastModified: Date): boolean {
  if (conditions.ifNoneMatch !== undefined) {
    const tags = conditions.ifNoneMatch.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    return tags.includes('*') || tags.includes(etag);
  }
  if (conditions.ifModifiedSince !== undefined) {
    const since = Date.parse(conditions.ifModifiedSince);
    return !Number.isNaN(since) && wholeSeconds(lastModified) <= Math.floor(since / 1000);
  }
  return false;
}

/**
 * One `bytes=` range (first-last, first-, or -suffix) of an object of `size` bytes. Several
 * ranges, another unit, or an If-Range that no longer matches mean the whole object; a bytes
 * range that is malformed or starts past the end cannot be satisfied (416).
 */
export function decideRange(conditions: ReadConditions, size: number, etag: string, lastModified: Date): RangeDecision {
  const header = conditions.range?.trim();
  if (!header || !/^bytes=/i.test(header)) return { kind: 'whole' };
  if (conditions.ifRange !== undefined && !ifRangeMatches(conditions.ifRange.trim(), etag, lastModified)) return { kind: 'whole' };
  const spec = header.slice('bytes='.length).trim();
  if (spec.includes(',')) return { kind: 'whole' };
  const match = /^(\d*)-(\d*)$/.exec(spec);
  if (!match || (match[1] === '' && match[2] === '')) return { kind: 'unsatisfiable' };
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', range: { start: Math.max(0, size - suffix), end: size - 1 } };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || (match[2] !== '' && Number(match[2]) < start)) return { kind: 'unsatisfiable' };
  return { kind: 'partial', range: { start, end } };
}

function ifRangeMatches(value: string, etag: string, lastModified: Date): boolean {
  if (value.startsWith('"') || value.startsWith('W/')) return value === etag;
  const date = Date.parse(value);
  return !Number.isNaN(date) && wholeSeconds(lastModified) === Math.floor(date / 1000);
}
