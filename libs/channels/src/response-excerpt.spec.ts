import { PassThrough, Readable } from 'node:stream';
import { readExcerpt } from './response-excerpt';

describe('readExcerpt', () => {
  it('reads no more than maxBytes of an endless body and keeps keepBytes', async () => {
    let produced = 0;
    const endless = new Readable({
      read() {
        produced += 1024;
        this.push(Buffer.alloc(1024, 'z'));
      },
    });
    const excerpt = await readExcerpt(endless, { keepBytes: 100, maxBytes: 64 * 1024 });
    expect(excerpt).toBe('z'.repeat(100));
    // The stream may have buffered up to its highWaterMark (16 KiB) beyond what was consumed.
    expect(produced).toBeLessThanOrEqual(64 * 1024 + 16 * 1024 + 1024);
    expect(endless.destroyed).toBe(true);
  });

  it('returns what arrived when the deadline aborts a stalled body', async () => {
    const stalled = new PassThrough();
    stalled.write('partial');
    const deadline = new AbortController();
    setTimeout(() => deadline.abort(), 50);
    await expect(readExcerpt(stalled, { keepBytes: 1024, maxBytes: 65536, signal: deadline.signal })).resolves.toBe('partial');
  });

  it('drops NUL characters, which PostgreSQL text columns refuse', async () => {
    await expect(readExcerpt(Readable.from([Buffer.from('a\0b')]), { keepBytes: 10, maxBytes: 10 })).resolves.toBe('ab');
  });

  it('resolves with what it has when the body errors', async () => {
    const broken = new PassThrough();
    broken.write('abc');
    setTimeout(() => broken.destroy(new Error('reset')), 10);
    await expect(readExcerpt(broken, { keepBytes: 10, maxBytes: 10 })).resolves.toBe('abc');
  });
});
