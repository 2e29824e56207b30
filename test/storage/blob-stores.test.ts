import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { ListMultipartUploadsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { parseStorage } from '@herald/config';
import { BlobMissingError, ChecksumMismatchError, createBlobStore, UploadAbortedError, UploadTooLargeError, type BlobStore, type StagedBlob } from '@herald/storage';
import { bytesOf, digestsOf, generatedBody, sha256Of } from '../support/bodies';
import { peakBufferGrowth } from '../support/memory';
import { createTestBucket, s3StorageUrl, type TestBucket } from '../support/s3';
import { eventually, sleep } from '../support/timing';

const MiB = 1024 * 1024;

/** A blob's modification time, just now (a Date made outside jest's realm fails expect.any(Date)). */
const recently = { asymmetricMatch: (date: Date) => Math.abs(Date.now() - date.getTime()) < 10 * 60_000 };

/** A store of one test's own, and what it left staged: uploads never promoted or discarded, unfinished multipart uploads. */
interface OpenedStore {
  store: BlobStore;
  leftovers(): Promise<string[]>;
}

/** One implementation of BlobStore, as HERALD_STORAGE selects it. */
interface Backend {
  name: string;
  setUp(): Promise<void>;
  open(): Promise<OpenedStore>;
  tearDown(): Promise<void>;
}

function localDisk(): Backend {
  let root = '';
  let stores = 0;
  return {
    name: 'LocalBlobStore',
    setUp: async () => {
      root = await mkdtemp(join(tmpdir(), 'herald-blobs-'));
    },
    open: async () => {
      const folder = join(root, `store-${++stores}`);
      return { store: createBlobStore(parseStorage(`file:${folder}`, root)!), leftovers: () => readdir(join(folder, 'uploads')).catch(() => []) };
    },
    tearDown: () => rm(root, { recursive: true, force: true }),
  };
}

function minioBucket(): Backend {
  let bucket: TestBucket;
  let stores = 0;
  return {
    name: 'S3BlobStore',
    setUp: async () => {
      bucket = await createTestBucket();
    },
    open: async () => {
      // A prefix per test: each sees a store of its own, and prefixes are exercised on the way.
      const prefix = `store-${++stores}/`;
      return {
        store: createBlobStore(parseStorage(s3StorageUrl(bucket.bucket, prefix), '')!),
        leftovers: async () => {
          const staged = await bucket.client.send(new ListObjectsV2Command({ Bucket: bucket.bucket, Prefix: `${prefix}uploads/` }));
          const unfinished = await bucket.client.send(new ListMultipartUploadsCommand({ Bucket: bucket.bucket }));
          return [
            ...(staged.Contents ?? []).map((object) => object.Key!),
            ...(unfinished.Uploads ?? []).filter((upload) => upload.Key!.startsWith(prefix)).map((upload) => `${upload.Key} (unfinished)`),
          ];
        },
      };
    },
    tearDown: () => bucket?.drop(),
  };
}

describe.each([localDisk(), minioBucket()])('the blob store contract: $name', (backend) => {
  beforeAll(() => backend.setUp());
  afterAll(() => backend.tearDown());

  async function stored(store: BlobStore, bytes: Buffer): Promise<StagedBlob> {
    const staged = await store.stage(Readable.from([bytes]), { maxBytes: 8 * MiB });
    await staged.promote();
    await staged.discard();
    return staged;
  }

  it('stages, promotes and reads back bytes with their three digests: small ones as a buffer, large ones as a stream', async () => {
    const { store, leftovers } = await backend.open();
    for (const bytes of [Buffer.from('<project/>\n'), randomBytes(300_000)]) {
      const staged = await store.stage(Readable.from([bytes]), { maxBytes: MiB });
      expect(staged).toMatchObject({ size: bytes.length, ...digestsOf(bytes) });
      expect(await store.has(staged.sha256)).toBe(false);
      await staged.promote();
      await staged.discard();
      expect(await store.has(staged.sha256)).toBe(true);
      const read = await store.read(staged.sha256, bytes.length);
      expect(Buffer.isBuffer(read)).toBe(bytes.length <= 64 * 1024);
      expect((await bytesOf(read)).equals(bytes)).toBe(true);
    }
    expect(await leftovers()).toEqual([]);
  });

  it('stores identical content once', async () => {
    const { store } = await backend.open();
    const bytes = randomBytes(5_000);
    const [first, second] = [await stored(store, bytes), await stored(store, bytes)];
    expect(second.sha256).toBe(first.sha256);
    expect(await store.list(null, 10)).toEqual([{ sha256: first.sha256, size: 5_000, modifiedAt: recently }]);
  });

  it('reads exactly the byte ranges asked for', async () => {
    const { store } = await backend.open();
    const bytes = randomBytes(300_000);
    const { sha256 } = await stored(store, bytes);
    for (const [start, end] of [[0, 0], [1, 10], [65_536, 131_071], [1_000, 299_999], [299_999, 299_999]]) {
      const read = await store.read(sha256, bytes.length, { start, end });
      expect(Buffer.isBuffer(read)).toBe(end - start + 1 <= 64 * 1024);
      expect((await bytesOf(read)).equals(bytes.subarray(start, end + 1))).toBe(true);
    }
  });

  it('answers BlobMissingError for a blob it does not hold', async () => {
    const { store } = await backend.open();
    const { sha256 } = digestsOf(randomBytes(16));
    expect(await store.has(sha256)).toBe(false);
    await expect(store.read(sha256, 16)).rejects.toBeInstanceOf(BlobMissingError);
    await expect(store.read(sha256, 4 * MiB, { start: 0, end: 4 * MiB - 1 })).rejects.toBeInstanceOf(BlobMissingError);
  });

  it('refuses a body over maxBytes, several parts into it, and keeps nothing of it', async () => {
    const { store, leftovers } = await backend.open();
    const body = generatedBody(24 * MiB);
    await expect(store.stage(body, { maxBytes: 20 * MiB })).rejects.toBeInstanceOf(UploadTooLargeError);
    body.destroy();
    expect(await leftovers()).toEqual([]);
    expect(await store.list(null, 10)).toEqual([]);
  });

  it('refuses a body whose expected checksum differs, and keeps nothing of it', async () => {
    const { store, leftovers } = await backend.open();
    const bytes = randomBytes(10_000);
    const digests = digestsOf(bytes);
    const refused = store.stage(Readable.from([bytes]), { maxBytes: MiB, expected: { sha1: digests.sha1, md5: 'd41d8cd98f00b204e9800998ecf8427e' } });
    await expect(refused).rejects.toEqual(new ChecksumMismatchError('md5'));
    expect(await leftovers()).toEqual([]);
    // Clients send checksums in either case, sometimes with a trailing newline.
    const accepted = await store.stage(Readable.from([bytes]), { maxBytes: MiB, expected: { sha256: `${digests.sha256.toUpperCase()}\n`, md5: digests.md5 } });
    expect(accepted.sha256).toBe(digests.sha256);
    await accepted.discard();
  });

  it('keeps nothing of a body that fails half-way', async () => {
    const { store, leftovers } = await backend.open();
    const body = generatedBody(20 * MiB, { failAfter: 10 * MiB, failure: new Error('the body broke off') });
    await expect(store.stage(body, { maxBytes: 32 * MiB })).rejects.toThrow('the body broke off');
    expect(await leftovers()).toEqual([]);
  });

  it('keeps nothing of a body that failed before it was staged, however soon the store gives up', async () => {
    const { store, leftovers } = await backend.open();
    for (let round = 0; round < 20; round++) {
      // As a multipart file part whose form broke: destroyed, its error heard by its parser.
      const body = new PassThrough().on('error', () => undefined);
      body.destroy(new Error('the form broke before its file was read'));
      await expect(store.stage(body, { maxBytes: MiB })).rejects.toThrow('the form broke before its file was read');
    }
    // A staging file opened after the store gave up would appear a moment later.
    await sleep(200);
    expect(await leftovers()).toEqual([]);
  });

  it('answers UploadAbortedError when the client disconnects mid-body, and keeps nothing', async () => {
    const { store, leftovers } = await backend.open();
    let received = 0;
    let outcome!: Promise<StagedBlob>;
    const server: Server = createServer((request) => {
      request.on('data', (chunk: Buffer) => (received += chunk.length));
      outcome = store.stage(request, { maxBytes: 64 * MiB });
      outcome.catch(() => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const client = connect(port, '127.0.0.1');
      client.write(`PUT /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${32 * MiB}\r\n\r\n`);
      // More than a part (8 MiB) reaches the store before the client goes away.
      const half = generatedBody(12 * MiB);
      for await (const chunk of half) if (!client.write(chunk)) await new Promise((resolve) => client.once('drain', resolve));
      await eventually(() => received >= 12 * MiB, 'the first 12 MiB at the store');
      client.destroy();
      await expect(outcome).rejects.toBeInstanceOf(UploadAbortedError);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await leftovers()).toEqual([]);
  });

  it('lists blobs in digest order, a page at a time after a digest', async () => {
    const { store } = await backend.open();
    const blobs = await Promise.all([1, 2, 3, 4, 5].map((size) => stored(store, randomBytes(size * 100))));
    const expected = blobs.map(({ sha256, size }) => ({ sha256, size, modifiedAt: recently })).sort((a, b) => a.sha256.localeCompare(b.sha256));
    const first = await store.list(null, 2);
    const second = await store.list(first[1].sha256, 2);
    const third = await store.list(second[1].sha256, 2);
    expect([first, second, third]).toEqual([expected.slice(0, 2), expected.slice(2, 4), expected.slice(4)]);
    expect(await store.list(expected[4].sha256, 2)).toEqual([]);
    expect(await store.list(null, 100)).toEqual(expected);
  });

  it('deletes blobs, those already gone being no error', async () => {
    const { store } = await backend.open();
    const [kept, deleted] = [await stored(store, randomBytes(100)), await stored(store, randomBytes(200))];
    await store.delete([deleted.sha256, digestsOf(randomBytes(8)).sha256]);
    expect(await store.has(deleted.sha256)).toBe(false);
    await expect(store.read(deleted.sha256, 200)).rejects.toBeInstanceOf(BlobMissingError);
    expect(await store.list(null, 10)).toEqual([{ sha256: kept.sha256, size: 100, modifiedAt: recently }]);
  });

  it('drops staged uploads begun before a date, and only those', async () => {
    const { store, leftovers } = await backend.open();
    const staged = await store.stage(Readable.from([randomBytes(1_000)]), { maxBytes: MiB });
    expect(await store.dropStagedBefore(new Date(Date.now() - 60_000))).toBe(0);
    expect(await leftovers()).toHaveLength(1);
    expect(await store.dropStagedBefore(new Date(Date.now() + 60_000))).toBe(1);
    expect(await leftovers()).toEqual([]);
    expect(await store.has(staged.sha256)).toBe(false);
  });

  it('streams a 96 MiB upload and its download without holding the file in memory', async () => {
    const { store } = await backend.open();
    const body = generatedBody(96 * MiB);
    let downloaded = '';
    const growth = await peakBufferGrowth(500, async () => {
      const staged = await store.stage(body, { maxBytes: 128 * MiB });
      expect(staged).toMatchObject({ size: 96 * MiB, sha256: body.sha256() });
      await staged.promote();
      await staged.discard();
      downloaded = await sha256Of(await store.read(staged.sha256, staged.size));
    });
    expect(downloaded).toBe(body.sha256());
    // S3: the parts in flight (4 × 5 MiB), the one filling and the one just cut, about 30 MiB at
    // most; a local disk far less. Either way well under the file.
    expect(growth).toBeLessThan(64 * MiB);
    // Minutes, not seconds, on a loaded 2-core machine: each sample is a full collection.
  }, 180_000);
});
