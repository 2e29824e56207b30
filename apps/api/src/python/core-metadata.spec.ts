import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { LocalBlobStore, type BlobStore, type ByteRange } from '@herald/storage';
import { InvalidDistributionError, readCoreMetadata } from './core-metadata';

/** Debian's Python, with build, setuptools and wheel; the `python3` on PATH may be another. */
const PYTHON = '/usr/bin/python3';

/** One file of an archive the test builds: text, or `zeros`/`random` bytes of a size. */
type Member = { name: string; text?: string; zeros?: number; random?: number; deflated?: boolean };

/** Writes a zip (`zip64`: every size and offset in ZIP64 fields) or a .tar.gz (pax or GNU headers) with Python's own modules. */
const ARCHIVER = `
import io, json, os, sys, tarfile, zipfile
spec = json.load(sys.stdin)
def data(member):
    if 'text' in member: return member['text'].encode()
    if 'random' in member: return os.urandom(member['random'])
    return bytes(member['zeros'])
if spec['kind'] == 'zip':
    if spec.get('zip64'):
        zipfile.ZIP64_LIMIT = 0
        zipfile.ZIP_FILECOUNT_LIMIT = 0
    with zipfile.ZipFile(spec['path'], 'w') as archive:
        for member in spec['members']:
            archive.writestr(member['name'], data(member), zipfile.ZIP_DEFLATED if member.get('deflated') else zipfile.ZIP_STORED)
    with zipfile.ZipFile(spec['path']) as archive:
        assert archive.testzip() is None
else:
    form = tarfile.GNU_FORMAT if spec.get('format') == 'gnu' else tarfile.PAX_FORMAT
    with tarfile.open(spec['path'], 'w:gz', format=form) as archive:
        for member in spec['members']:
            content = data(member)
            info = tarfile.TarInfo(member['name'])
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
`;

const METADATA = [
  'Metadata-Version: 2.1',
  'Name: demo',
  'Version: 1.0',
  'Summary: A summary folded',
  '  over two lines',
  'Requires-Python: >=3.8,',
  '\t<4',
  'Classifier: Programming Language :: Python',
  '',
  'The description.',
  'Requires-Python: ==2.7',
  '',
].join('\n');

let dir: string;
let store: LocalBlobStore;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-core-metadata-'));
  store = new LocalBlobStore(join(dir, 'store'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Builds an archive with Python and stores it as an upload would be: its blob. */
async function stored(filename: string, spec: { kind: 'zip' | 'tar'; members: Member[]; zip64?: boolean; format?: 'gnu' | 'pax' }): Promise<{ sha256: string; size: number }> {
  const path = join(dir, filename);
  execFileSync(PYTHON, ['-c', ARCHIVER], { input: JSON.stringify({ ...spec, path }) });
  return storedBytes(readFileSync(path));
}

async function storedBytes(bytes: Buffer): Promise<{ sha256: string; size: number }> {
  const staged = await store.stage(Readable.from([bytes]), { maxBytes: 1024 * 1024 * 1024 });
  await staged.promote();
  await staged.discard();
  return { sha256: staged.sha256, size: staged.size };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The store, with every read it is asked for written down. */
function watched(inner: BlobStore): { store: BlobStore; reads: Array<ByteRange | undefined> } {
  const reads: Array<ByteRange | undefined> = [];
  const store = Object.create(inner) as BlobStore;
  store.read = (digest, size, range) => {
    reads.push(range);
    return inner.read(digest, size, range);
  };
  return { store, reads };
}

describe('readCoreMetadata of a wheel', () => {
  it('reads a deflated METADATA: the file as it is, its digest, and its headers with continuation lines unfolded', async () => {
    const blob = await stored('demo-1.0-py3-none-any.whl', {
      kind: 'zip',
      members: [
        { name: 'demo/__init__.py', text: '' },
        { name: 'demo-1.0.dist-info/METADATA', text: METADATA, deflated: true },
        { name: 'demo-1.0.dist-info/RECORD', text: '' },
      ],
    });
    expect(await readCoreMetadata(store, blob, 'bdist_wheel', 'demo-1.0-py3-none-any.whl')).toEqual({
      text: METADATA,
      sha256: sha256(METADATA),
      requiresPython: '>=3.8, <4',
      name: 'demo',
      version: '1.0',
    });
  });

  it('reads a stored METADATA without Requires-Python, with CRLF lines and a repeated field, beside a large member it never reads', async () => {
    // A repeated field counts once, as Python's email parser gives its first.
    const text = 'Metadata-Version: 2.1\r\nName: Demo_Lib\r\nVersion: 2.0rc1\r\nName: shadow\r\n  more\r\n\r\nRequires-Python: >=3\r\n';
    const blob = await stored('Demo_Lib-2.0rc1-1-py3-none-any.whl', {
      kind: 'zip',
      members: [
        { name: 'demo_lib/data.bin', random: 3 * 1024 * 1024 },
        { name: 'demo_lib-2.0rc1.dist-info/METADATA', text },
      ],
    });
    const { store: counting, reads } = watched(store);
    const metadata = await readCoreMetadata(counting, blob, 'bdist_wheel', 'Demo_Lib-2.0rc1-1-py3-none-any.whl');
    expect(metadata).toMatchObject({ text, sha256: sha256(text), requiresPython: null, name: 'Demo_Lib', version: '2.0rc1' });
    expect(reads.every((range) => range !== undefined)).toBe(true);
    const bytesRead = reads.reduce((sum, range) => sum + range!.end - range!.start + 1, 0);
    expect(bytesRead).toBeLessThan(100 * 1024);
  });

  it('reads a wheel whose sizes and offsets are all in ZIP64 fields, behind a ZIP64 end record', async () => {
    const blob = await stored('demo-1.0-py3-none-any.whl', {
      kind: 'zip',
      zip64: true,
      members: [
        { name: 'demo/__init__.py', text: 'x = 1\n', deflated: true },
        { name: 'demo-1.0.dist-info/METADATA', text: METADATA, deflated: true },
      ],
    });
    expect(await readCoreMetadata(store, blob, 'bdist_wheel', 'demo-1.0-py3-none-any.whl')).toMatchObject({ text: METADATA, version: '1.0' });
    // Python writes the real counts into the classic end record too; other writers leave only the markers there.
    const bytes = readFileSync(join(dir, 'demo-1.0-py3-none-any.whl'));
    const end = bytes.lastIndexOf(Buffer.from('PK\x05\x06', 'latin1'));
    bytes.writeUInt16LE(0xffff, end + 8);
    bytes.writeUInt16LE(0xffff, end + 10);
    bytes.writeUInt32LE(0xffffffff, end + 12);
    bytes.writeUInt32LE(0xffffffff, end + 16);
    const marked = await storedBytes(bytes);
    expect(await readCoreMetadata(store, marked, 'bdist_wheel', 'demo-1.0-py3-none-any.whl')).toMatchObject({ text: METADATA, version: '1.0' });
  });

  it('refuses a wheel without its METADATA, naming what is missing', async () => {
    const blob = await stored('demo-1.0-py3-none-any.whl', {
      kind: 'zip',
      members: [
        { name: 'demo-1.0.dist-info/WHEEL', text: 'Wheel-Version: 1.0\n' },
        { name: 'demo-1.0.dist-info/sub/METADATA', text: METADATA },
      ],
    });
    await expect(readCoreMetadata(store, blob, 'bdist_wheel', 'demo-1.0-py3-none-any.whl')).rejects.toThrow(
      new InvalidDistributionError('demo-1.0-py3-none-any.whl is not a wheel: no demo-1.0.dist-info/METADATA'),
    );
  });

  it("refuses a wheel whose METADATA belongs to another distribution, or that has two", async () => {
    const other = await stored('other.whl', { kind: 'zip', members: [{ name: 'other-1.0.dist-info/METADATA', text: METADATA }] });
    await expect(readCoreMetadata(store, other, 'bdist_wheel', 'demo-1.0-py3-none-any.whl')).rejects.toThrow(/no demo-1.0.dist-info\/METADATA/);
    const two = await stored('two.whl', {
      kind: 'zip',
      members: [
        { name: 'demo-1.0.dist-info/METADATA', text: METADATA },
        { name: 'evil\u001b[31m-6.6.dist-info/METADATA', text: METADATA },
      ],
    });
    // The archive's own names are quoted escaped.
    await expect(readCoreMetadata(store, two, 'bdist_wheel', 'demo-1.0-py3-none-any.whl')).rejects.toThrow(
      'demo-1.0-py3-none-any.whl is not a wheel: it has more than one *.dist-info/METADATA (demo-1.0.dist-info/METADATA, evil\\u001b[31m-6.6.dist-info/METADATA)',
    );
  });

  it('refuses a truncated wheel', async () => {
    await stored('whole.whl', { kind: 'zip', members: [{ name: 'demo-1.0.dist-info/METADATA', text: METADATA, deflated: true }] });
    const bytes = readFileSync(join(dir, 'whole.whl'));
    for (const cut of [bytes.subarray(0, bytes.length - 30), bytes.subarray(0, 10)]) {
      const blob = await storedBytes(cut);
      await expect(readCoreMetadata(store, blob, 'bdist_wheel', 'demo-1.0-py3-none-any.whl')).rejects.toThrow(InvalidDistributionError);
    }
  });

  it('refuses a METADATA that declares a small size and inflates past 1 MiB, without inflating it all', async () => {
    await stored('bomb.whl', { kind: 'zip', members: [{ name: 'demo-1.0.dist-info/METADATA', zeros: 64 * 1024 * 1024, deflated: true }] });
    const bytes = readFileSync(join(dir, 'bomb.whl'));
    // The directory and the local header both claim 100 bytes.
    bytes.writeUInt32LE(100, bytes.indexOf(Buffer.from('PK\x01\x02', 'latin1')) + 24);
    bytes.writeUInt32LE(100, bytes.indexOf(Buffer.from('PK\x03\x04', 'latin1')) + 22);
    const blob = await storedBytes(bytes);
    await expect(readCoreMetadata(store, blob, 'bdist_wheel', 'demo-1.0-py3-none-any.whl')).rejects.toThrow(/inflates to more than 1048576 bytes/);
  }, 30_000);

  it('refuses a METADATA that says it is larger than 1 MiB before reading it', async () => {
    const blob = await stored('large.whl', { kind: 'zip', members: [{ name: 'demo-1.0.dist-info/METADATA', zeros: 2 * 1024 * 1024, deflated: true }] });
    await expect(readCoreMetadata(store, blob, 'bdist_wheel', 'demo-1.0-py3-none-any.whl')).rejects.toThrow(/larger than 1048576 bytes/);
  });

  it('refuses a METADATA whose bytes do not match its CRC-32', async () => {
    await stored('damaged.whl', { kind: 'zip', members: [{ name: 'demo-1.0.dist-info/METADATA', text: METADATA }] });
    const bytes = readFileSync(join(dir, 'damaged.whl'));
    bytes[bytes.indexOf('Name: demo') + 6] = 'x'.charCodeAt(0);
    const blob = await storedBytes(bytes);
    await expect(readCoreMetadata(store, blob, 'bdist_wheel', 'demo-1.0-py3-none-any.whl')).rejects.toThrow(/CRC-32/);
  });
});

describe('readCoreMetadata of a source distribution', () => {
  it('finds {top}/PKG-INFO behind a pax long path, past a deeper PKG-INFO', async () => {
    const top = `demo-1.0${'-x'.repeat(60)}`;
    const blob = await stored('demo-1.0.tar.gz', {
      kind: 'tar',
      members: [
        { name: `${top}/src/demo.egg-info/PKG-INFO`, text: 'Metadata-Version: 2.1\nName: wrong\n' },
        { name: `${top}/PKG-INFO`, text: METADATA },
        { name: `${top}/other/PKG-INFO`, text: 'Name: wrong\n' },
      ],
    });
    expect(gunzipSync(readFileSync(join(dir, 'demo-1.0.tar.gz'))).includes(`path=${top}/PKG-INFO\n`)).toBe(true);
    expect(await readCoreMetadata(store, blob, 'sdist', 'demo-1.0.tar.gz')).toEqual({ text: METADATA, sha256: sha256(METADATA), requiresPython: '>=3.8, <4', name: 'demo', version: '1.0' });
  });

  it('finds a PKG-INFO behind a GNU long name', async () => {
    const top = `demo-1.0${'-y'.repeat(60)}`;
    const blob = await stored('gnu.tar.gz', { kind: 'tar', format: 'gnu', members: [{ name: `${top}/PKG-INFO`, text: METADATA }] });
    expect((await readCoreMetadata(store, blob, 'sdist', 'demo-1.0.tar.gz')).text).toBe(METADATA);
  });

  it('reads a legacy zip sdist', async () => {
    const blob = await stored('demo-1.0.zip', {
      kind: 'zip',
      members: [
        { name: 'demo-1.0/setup.py', text: '' },
        { name: 'demo-1.0/PKG-INFO', text: METADATA, deflated: true },
      ],
    });
    expect(await readCoreMetadata(store, blob, 'sdist', 'demo-1.0.zip')).toMatchObject({ name: 'demo', requiresPython: '>=3.8, <4' });
  });

  it('refuses a .tar.gz that is not gzip-compressed, and one without PKG-INFO', async () => {
    const plain = await storedBytes(Buffer.from('PK\x03\x04 this is no gzip stream', 'latin1'));
    await expect(readCoreMetadata(store, plain, 'sdist', 'demo-1.0.tar.gz')).rejects.toThrow(/demo-1.0.tar.gz is not a source distribution: it is not gzip-compressed/);
    const empty = await stored('empty.tar.gz', { kind: 'tar', members: [{ name: 'demo-1.0/setup.py', text: '' }] });
    await expect(readCoreMetadata(store, empty, 'sdist', 'demo-1.0.tar.gz')).rejects.toThrow('demo-1.0.tar.gz is not a source distribution: no {name}-{version}/PKG-INFO');
  });

  it('gives up on a tar that inflates far past its size before its PKG-INFO', async () => {
    const blob = await stored('bomb.tar.gz', {
      kind: 'tar',
      members: [
        { name: 'demo-1.0/padding', zeros: 80 * 1024 * 1024 },
        { name: 'demo-1.0/PKG-INFO', text: METADATA },
      ],
    });
    expect(blob.size).toBeLessThan(1024 * 1024);
    await expect(readCoreMetadata(store, blob, 'sdist', 'demo-1.0.tar.gz')).rejects.toThrow(/larger than 67108864 bytes before the file looked for/);
  }, 30_000);
});

describe('readCoreMetadata of distributions built by python -m build', () => {
  it('reads the sdist and the wheel setuptools builds', async () => {
    const project = join(dir, 'project');
    mkdirSync(join(project, 'src', 'demo_lib'), { recursive: true });
    writeFileSync(
      join(project, 'pyproject.toml'),
      '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "demo-lib"\nversion = "1.0.post1"\ndescription = "A demo"\nreadme = "README.md"\nrequires-python = ">=3.8"\n',
    );
    writeFileSync(join(project, 'README.md'), '# Demo\n\nA long description.\n\nRequires-Python: <3\n');
    writeFileSync(join(project, 'src', 'demo_lib', '__init__.py'), '');
    execFileSync(PYTHON, ['-m', 'build', '--no-isolation', '--outdir', join(project, 'dist'), project], { stdio: 'ignore' });
    const built = readdirSync(join(project, 'dist')).sort();
    expect(built).toEqual([expect.stringMatching(/\.tar\.gz$/), expect.stringMatching(/\.whl$/)]);
    for (const filename of built) {
      const blob = await storedBytes(readFileSync(join(project, 'dist', filename)));
      const metadata = await readCoreMetadata(store, blob, filename.endsWith('.whl') ? 'bdist_wheel' : 'sdist', filename);
      expect(metadata).toMatchObject({ name: 'demo-lib', version: '1.0.post1', requiresPython: '>=3.8' });
      expect(metadata.text).toContain('A long description.');
    }
  }, 60_000);
});
