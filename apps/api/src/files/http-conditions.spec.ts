import { decideRange, etagOf, isNotModified } from './http-conditions';

const ETAG = etagOf('abc');
const MODIFIED = new Date('2026-11-28T22:00:00.750Z');

describe('isNotModified', () => {
  it('matches If-None-Match against the ETag, weak or strong, in a list, or *', () => {
    expect(isNotModified({ ifNoneMatch: '"abc"' }, ETAG, MODIFIED)).toBe(true);
    expect(isNotModified({ ifNoneMatch: 'W/"abc"' }, ETAG, MODIFIED)).toBe(true);
    expect(isNotModified({ ifNoneMatch: '"x", "abc"' }, ETAG, MODIFIED)).toBe(true);
    expect(isNotModified({ ifNoneMatch: '*' }, ETAG, MODIFIED)).toBe(true);
    expect(isNotModified({ ifNoneMatch: '"other"' }, ETAG, MODIFIED)).toBe(false);
  });

  it('uses If-Modified-Since at whole seconds, only without If-None-Match', () => {
    expect(isNotModified({ ifModifiedSince: MODIFIED.toUTCString() }, ETAG, MODIFIED)).toBe(true);
    expect(isNotModified({ ifModifiedSince: new Date('2026-11-28T21:59:59Z').toUTCString() }, ETAG, MODIFIED)).toBe(false);
    expect(isNotModified({ ifModifiedSince: 'not a date' }, ETAG, MODIFIED)).toBe(false);
    expect(isNotModified({ ifNoneMatch: '"other"', ifModifiedSince: MODIFIED.toUTCString() }, ETAG, MODIFIED)).toBe(false);
  });
});

describe('decideRange', () => {
  const range = (header: string, size = 100, ifRange?: string) => decideRange({ range: header, ifRange }, size, ETAG, MODIFIED);

  it('reads first-last, first- and -suffix ranges, clamped to the size', () => {
    expect(range('bytes=0-9')).toEqual({ kind: 'partial', range: { start: 0, end: 9 } });
    expect(range('bytes=90-')).toEqual({ kind: 'partial', range: { start: 90, end: 99 } });
    expect(range('bytes=90-500')).toEqual({ kind: 'partial', range: { start: 90, end: 99 } });
    expect(range('bytes=-10')).toEqual({ kind: 'partial', range: { start: 90, end: 99 } });
    expect(range('bytes=-500')).toEqual({ kind: 'partial', range: { start: 0, end: 99 } });
  });

  it('cannot satisfy ranges past the end, backwards or malformed', () => {
    for (const header of ['bytes=100-', 'bytes=200-300', 'bytes=10-5', 'bytes=abc', 'bytes=-', 'bytes=-0']) {
      expect(range(header)).toEqual({ kind: 'unsatisfiable' });
    }
    expect(range('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  it('serves the whole object for no range, other units, several ranges or a stale If-Range', () => {
    expect(decideRange({}, 100, ETAG, MODIFIED)).toEqual({ kind: 'whole' });
    expect(range('items=0-1')).toEqual({ kind: 'whole' });
    expect(range('bytes=0-1,5-6')).toEqual({ kind: 'whole' });
    expect(range('bytes=0-1', 100, '"stale"')).toEqual({ kind: 'whole' });
    expect(range('bytes=0-1', 100, ETAG)).toEqual({ kind: 'partial', range: { start: 0, end: 1 } });
    expect(range('bytes=0-1', 100, MODIFIED.toUTCString())).toEqual({ kind: 'partial', range: { start: 0, end: 1 } });
  });
});
