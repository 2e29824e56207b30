import { createHash } from 'node:crypto';
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';
import { blake2b } from 'hash-wasm';

/** One file of a zip archive as this writer lays it out. */
export interface ZipEntrySpec {
  name: string;
  data: Buffer;
  deflate?: boolean;
  /** Written as the entry's uncompressed size instead of the real one: what a zip bomb lies about. */
  declaredSize?: number;
}

const ZIP_TIME = 0x6000;
const ZIP_DATE = 0x5821;

/** A plain zip (no ZIP64, no data descriptors), entries in the order given, as Python's zipfile writes one. */
export function zipArchive(entries: ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = entry.deflate ? deflateRawSync(entry.data) : entry.data;
    const fields = { method: entry.deflate ? 8 : 0, crc: crc32(entry.data) >>> 0, compressed: data.length, size: entry.declaredSize ?? entry.data.length };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    writeEntryFields(local, 8, fields);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    writeEntryFields(central, 10, fields);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Method, time, date, CRC-32 and both sizes: laid out alike in the local and the central header. */
function writeEntryFields(header: Buffer, at: number, fields: { method: number; crc: number; compressed: number; size: number }): void {
  header.writeUInt16LE(fields.method, at);
  header.writeUInt16LE(ZIP_TIME, at + 2);
  header.writeUInt16LE(ZIP_DATE, at + 4);
  header.writeUInt32LE(fields.crc, at + 6);
  header.writeUInt32LE(fields.compressed, at + 10);
  header.writeUInt32LE(fields.size, at + 14);
}

/** One regular file of a tar archive. */
export interface TarEntrySpec {
  path: string;
  data: Buffer;
}

/** A ustar archive ending in its two zero blocks. */
export function tarArchive(entries: TarEntrySpec[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const header = Buffer.alloc(512);
    header.write(entry.path, 0, 100, 'utf8');
    header.write('0000644\0', 100, 'latin1');
    header.write('0000000\0', 108, 'latin1');
    header.write('0000000\0', 116, 'latin1');
    header.write(`${entry.data.length.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
    header.write('14000000000\0', 136, 'latin1');
    header.write('0', 156, 'latin1');
    header.write('ustar\x0000', 257, 'latin1');
    header.write(' '.repeat(8), 148, 'latin1');
    const sum = header.reduce((total, byte) => total + byte, 0);
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    blocks.push(header, entry.data, Buffer.alloc((512 - (entry.data.length % 512)) % 512));
  }
  return Buffer.concat([...blocks, Buffer.alloc(1024)]);
}

/** A core metadata file (METADATA, PKG-INFO) naming a project and a version; `extra` header lines go last. */
export function coreMetadata(name: string, version: string, options: { requiresPython?: string; extra?: string } = {}): string {
  return `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\nSummary: a test distribution\nRequires-Python: ${options.requiresPython ?? '>=3.8'}\n${options.extra ?? ''}\n`;
}

/** A distribution as twine would send it: its bytes, its file name and the form fields naming it. */
export interface Distribution {
  filename: string;
  bytes: Buffer;
  name: string;
  version: string;
  filetype: 'sdist' | 'bdist_wheel';
}

/**
 * `{stem}-{version}-py3-none-any.whl` with a package module, a deflated METADATA and WHEEL in
 * `{stem}-{version}.dist-info`. `entries` replaces the dist-info files, to break them.
 */
export function wheel(stem: string, version: string, options: { name?: string; metadata?: string; entries?: ZipEntrySpec[] } = {}): Distribution {
  const distInfo = `${stem}-${version}.dist-info`;
  const entries = options.entries ?? [
    { name: `${distInfo}/METADATA`, data: Buffer.from(options.metadata ?? coreMetadata(options.name ?? stem, version)), deflate: true },
    { name: `${distInfo}/WHEEL`, data: Buffer.from('Wheel-Version: 1.0\nGenerator: herald-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n'), deflate: true },
  ];
  const bytes = zipArchive([{ name: `${stem}/__init__.py`, data: Buffer.from('VALUE = 1\n'), deflate: true }, ...entries]);
  return { filename: `${stem}-${version}-py3-none-any.whl`, bytes, name: options.name ?? stem, version, filetype: 'bdist_wheel' };
}

/** `{stem}-{version}.tar.gz` holding `{stem}-{version}/PKG-INFO`; `before` comes ahead of it in the tar. */
export function sdist(stem: string, version: string, options: { name?: string; pkgInfo?: string; before?: TarEntrySpec[]; entries?: TarEntrySpec[] } = {}): Distribution {
  const top = `${stem}-${version}`;
  const entries = options.entries ?? [
    ...(options.before ?? []),
    { path: `${top}/PKG-INFO`, data: Buffer.from(options.pkgInfo ?? coreMetadata(options.name ?? stem, version)) },
    { path: `${top}/pyproject.toml`, data: Buffer.from(`[project]\nname = "${stem}"\nversion = "${version}"\n`) },
  ];
  return { filename: `${top}.tar.gz`, bytes: gzipSync(tarArchive(entries)), name: options.name ?? stem, version, filetype: 'sdist' };
}

/** The three digests twine sends with a file. */
export async function twineDigests(bytes: Buffer): Promise<{ md5_digest: string; sha256_digest: string; blake2_256_digest: string }> {
  return {
    md5_digest: createHash('md5').update(bytes).digest('hex'),
    sha256_digest: createHash('sha256').update(bytes).digest('hex'),
    blake2_256_digest: await blake2b(bytes, 256),
  };
}

/** One part of a multipart body: a field, or a file when it has a filename. `headers` replaces the part's own header lines. */
export interface FormPart {
  name?: string;
  filename?: string;
  value: string | Buffer;
  headers?: string;
}

export const BOUNDARY = 'herald-faults-4d8f1c2b9e';

/** A multipart/form-data body as twine (requests) writes one: CRLF everywhere, the closing boundary last. */
export function multipartBody(parts: FormPart[], boundary = BOUNDARY): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `Content-Disposition: form-data${part.name === undefined ? '' : `; name="${part.name}"`}${part.filename === undefined ? '' : `; filename="${part.filename}"`}`;
    const headers = part.headers ?? (part.filename === undefined ? disposition : `${disposition}\r\nContent-Type: application/octet-stream`);
    chunks.push(Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`, 'utf8'), Buffer.from(part.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

/** The fields twine sends ahead of the file, by name: a case replaces or removes (null) some. */
export async function twineFields(distribution: Distribution, changes: Record<string, string | null> = {}): Promise<FormPart[]> {
  const fields: Record<string, string | null> = {
    ':action': 'file_upload',
    protocol_version: '1',
    metadata_version: '2.1',
    name: distribution.name,
    version: distribution.version,
    filetype: distribution.filetype,
    pyversion: distribution.filetype === 'sdist' ? 'source' : 'py3',
    summary: 'a test distribution',
    ...(await twineDigests(distribution.bytes)),
    ...changes,
  };
  return Object.entries(fields).flatMap(([name, value]) => (value === null ? [] : [{ name, value }]));
}

/** A whole twine upload of `distribution`: its fields (`changes` replace or remove some), then the file as `content`. */
export async function twineForm(distribution: Distribution, changes: Record<string, string | null> = {}): Promise<{ body: Buffer; contentType: string }> {
  const body = multipartBody([...(await twineFields(distribution, changes)), { name: 'content', filename: distribution.filename, value: distribution.bytes }]);
  return { body, contentType: `multipart/form-data; boundary=${BOUNDARY}` };
}
