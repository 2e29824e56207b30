import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { LocalFileStore, STAGING_PREFIX, WHOLE_READ_BYTES } from './local-file-store';
import { ChecksumMismatchError, InsufficientStorageError, PathConflictError, UploadAbortedError, UploadTooLargeError } from './storage-errors';

jest.mock('node:fs', () => {
  const actual = jest.requireActual<typeof import('node:fs')>('node:fs');
  return { ...actual, createWriteStream: jest.fn(actual.createWriteStream) };
});

const LIMIT = { maxBytes: 1024 };
const sha1 = (content: string) => createHash('sha1').update(content).digest('hex');

describe('LocalFileStore', () => {
  let root: string;
  let store: LocalFileStore;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'herald-store-'));
    store = new LocalFileStore(root);
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function put(key: string, content: string): Promise<void> {
    const staged = await store.stage(key, Readable.from([Buffer.from(content)]), LIMIT);
    await (await staged.commit()).keep();
  }

  async function stagingFiles(folder: string): Promise<string[]> {
    return (await readdir(join(root, folder))).filter((name) => name.startsWith(STAGING_PREFIX));
  }

  it('stages with checksums, shows nothing until commit, then the whole file', async () => {
    const staged = await store.stage('repo/a/b.txt', Readable.from([Buffer.from('hello '), Buffer.from('world')]), LIMIT);
    expect(staged).toMatchObject({ size: 11, sha1: sha1('hello world'), md5: createHash('md5').update('hello world').digest('hex') });
    expect(await store.open('repo/a/b.txt')).toBeNull();
    await staged.commit();
    const opened = await store.open('repo/a/b.txt');
    expect(opened?.size).toBe(11);
    expect((await opened!.body({ start: 6, end: 10 })).toString()).toBe('world');
    expect(await stagingFiles('repo/a')).toEqual([]);
  });

  it('keeps reading the version it opened after an overwrite', async () => {
    await put('repo/f', 'old content');
    const opened = await store.open('repo/f');
    await put('repo/f', 'new content');
    expect((await opened!.body()).toString()).toBe('old content');
    expect(await readFile(join(root, 'repo/f'), 'utf8')).toBe('new content');
  });

  it('reads a small body or range as one buffer and streams a large one, ranges included', async () => {
    const large = Buffer.alloc(WHOLE_READ_BYTES + 10, 'x');
    large.write('tail', large.length - 4);
    await mkdir(join(root, 'repo'), { recursive: true });
    await writeFile(join(root, 'repo/large'), large);
    const whole = await (await store.open('repo/large'))!.body();
    expect(Buffer.isBuffer(whole)).toBe(false);
    expect((await text(whole as Readable)).length).toBe(large.length);
    const tail = await (await store.open('repo/large'))!.body({ start: large.length - 4, end: large.length - 1 });
    expect(Buffer.isBuffer(tail) && tail.toString()).toBe('tail');
    const empty = await store.stage('repo/empty', Readable.from([]), LIMIT);
    await (await empty.commit()).keep();
    expect(await (await store.open('repo/empty'))!.body()).toEqual(Buffer.alloc(0));
  });

  it('refuses a checksum mismatch and leaves nothing behind', async () => {
    const attempt = store.stage('repo/x.jar', Readable.from([Buffer.from('bytes')]), { ...LIMIT, expected: { sha1: sha1('other') } });
    await expect(attempt).rejects.toBeInstanceOf(ChecksumMismatchError);
    expect(await readdir(join(root, 'repo'))).toEqual([]);
  });

  it('accepts a matching checksum in any case and with spaces', async () => {
    const staged = await store.stage('repo/x.jar', Readable.from([Buffer.from('bytes')]), { ...LIMIT, expected: { sha1: ` ${sha1('bytes').toUpperCase()} ` } });
    expect(staged.size).toBe(5);
  });

  it('stops at the size limit, leaves nothing behind and the body alive for an answer', async () => {
    const body = new PassThrough();
    const attempt = store.stage('repo/big', body, LIMIT);
    body.write(Buffer.alloc(1000));
    body.write(Buffer.alloc(1000));
    await expect(attempt).rejects.toBeInstanceOf(UploadTooLargeError);
    expect(body.destroyed).toBe(false);
    expect(await readdir(join(root, 'repo'))).toEqual([]);
  });

  it('answers a full disk with InsufficientStorageError and keeps the previous version', async () => {
    await put('repo/lib.jar', 'version one');
    jest.mocked(fs.createWriteStream).mockImplementationOnce(((path: fs.PathLike) => {
      // A disk that fills up on the first write, after creating the file as the real one would.
      fs.writeFileSync(path, '');
      return new Writable({
        write(_chunk, _encoding, callback) {
          callback(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
        },
      });
    }) as unknown as typeof fs.createWriteStream);
    const attempt = store.stage('repo/lib.jar', Readable.from([Buffer.from('version two')]), LIMIT);
    await expect(attempt).rejects.toBeInstanceOf(InsufficientStorageError);
    expect(await readFile(join(root, 'repo/lib.jar'), 'utf8')).toBe('version one');
    expect(await stagingFiles('repo')).toEqual([]);
  });

  it('reports a body that ends early as aborted and removes the staged bytes', async () => {
    const body = new PassThrough();
    const attempt = store.stage('repo/partial', body, LIMIT);
    body.write('half of it');
    while ((await readdir(join(root, 'repo')).catch(() => [])).length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    body.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    await expect(attempt).rejects.toBeInstanceOf(UploadAbortedError);
    expect(await readdir(join(root, 'repo'))).toEqual([]);
  });

  it('refuses a file below a file, and a file over a folder, as path conflicts', async () => {
    await put('repo/a', 'a file');
    await expect(store.stage('repo/a/b', Readable.from([Buffer.from('x')]), LIMIT)).rejects.toBeInstanceOf(PathConflictError);
    await mkdir(join(root, 'repo/folder'), { recursive: true });
    const staged = await store.stage('repo/folder', Readable.from([Buffer.from('x')]), LIMIT);
    await expect(staged.commit()).rejects.toBeInstanceOf(PathConflictError);
    expect(await stagingFiles('repo')).toEqual([]);
  });

  it('lists a folder sorted, hiding staged uploads; null for files and missing folders', async () => {
    await put('repo/b.txt', 'b');
    await put('repo/a/inner.txt', 'inner');
    await writeFile(join(root, 'repo', `${STAGING_PREFIX}0123`), 'in flight');
    expect(await store.list('repo')).toEqual([
      expect.objectContaining({ name: 'a', folder: true }),
      expect.objectContaining({ name: 'b.txt', folder: false, size: 1 }),
    ]);
    expect(await store.list('repo/b.txt')).toBeNull();
    expect(await store.list('repo/none')).toBeNull();
  });

  it('removes files and whole folders', async () => {
    await put('repo/a/one', '1');
    await (await store.remove('repo/a/one'))!.keep();
    expect(await store.remove('repo/a/one')).toBeNull();
    expect(await store.remove('repo/a')).toBeNull();
    expect(await readdir(join(root, 'repo/a'))).toEqual([]);
    await put('repo/a/two', '2');
    await store.removeFolder('repo');
    expect(await store.list('repo')).toBeNull();
  });

  it('undoes a commit: the replaced version comes back, a new file goes away', async () => {
    await put('repo/f', 'old content');
    const overwrite = await (await store.stage('repo/f', Readable.from([Buffer.from('new content')]), LIMIT)).commit();
    expect(await readFile(join(root, 'repo/f'), 'utf8')).toBe('new content');
    await overwrite.undo();
    expect(await readFile(join(root, 'repo/f'), 'utf8')).toBe('old content');
    const created = await (await store.stage('repo/g', Readable.from([Buffer.from('g')]), LIMIT)).commit();
    await created.undo();
    expect(await store.open('repo/g')).toBeNull();
    expect(await stagingFiles('repo')).toEqual([]);
  });

  it('keeps a commit: nothing of the replaced version is left aside', async () => {
    await put('repo/f', 'old content');
    await put('repo/f', 'new content');
    expect(await readFile(join(root, 'repo/f'), 'utf8')).toBe('new content');
    expect(await stagingFiles('repo')).toEqual([]);
  });

  it('undoes a remove: the file is back, and hidden while it was aside', async () => {
    await put('repo/a/one', '1');
    const removal = (await store.remove('repo/a/one'))!;
    expect(await store.open('repo/a/one')).toBeNull();
    expect(await store.list('repo/a')).toEqual([]);
    await removal.undo();
    expect(await readFile(join(root, 'repo/a/one'), 'utf8')).toBe('1');
    expect(await stagingFiles('repo/a')).toEqual([]);
  });

  it('refuses keys that leave the root', async () => {
    await expect(store.open('../outside')).rejects.toThrow('escapes');
    await expect(store.stage('repo/../../x', Readable.from([]), LIMIT)).rejects.toThrow('escapes');
  });
});
