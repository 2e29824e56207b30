import { createHash, randomBytes } from 'node:crypto';
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';

/** A distribution to build: what its name and core metadata say. */
export interface DistributionSpec {
  /** As written in the metadata: `demo-lib`. */
  name: string;
  version: string;
  requiresPython?: string;
  /** What the core metadata says instead of `name` / `version` (a lying distribution). */
  metadataName?: string;
  metadataVersion?: string;
  /** Extra bytes in the archive (a module); stored uncompressed in a wheel. */
  payload?: Buffer;
}

export interface BuiltDistribution {
  filename: string;
  filetype: 'sdist' | 'bdist_wheel';
  bytes: Buffer;
  /** The core metadata file as stored in the archive. */
  metadata: string;
}

/** The escaped name a wheel or a PEP 625 sdist file name uses: `demo_lib`. */
export function escapedName(name: string): string {
  return name.replace(/[-_.]+/g, '_').toLowerCase();
}

export function coreMetadata(spec: DistributionSpec): string {
  const lines = ['Metadata-Version: 2.1', `Name: ${spec.metadataName ?? spec.name}`, `Version: ${spec.metadataVersion ?? spec.version}`, 'Summary: A library for tests'];
  if (spec.requiresPython) lines.push(`Requires-Python: ${spec.requiresPython}`);
  return `${lines.join('\n')}\n\nThe description, after the headers.\n`;
}

/** A wheel (a zip) with `{name}-{version}.dist-info/METADATA`, deflated, after its payload. */
export function wheel(spec: DistributionSpec): BuiltDistribution {
  const stem = `${escapedName(spec.name)}-${spec.version}`;
  const metadata = coreMetadata(spec);
  const bytes = zip([
    { name: `${escapedName(spec.name)}/__init__.py`, data: spec.payload ?? Buffer.from('VALUE = "one"\n'), deflate: false },
    { name: `${stem}.dist-info/METADATA`, data: Buffer.from(metadata), deflate: true },
    { name: `${stem}.dist-info/WHEEL`, data: Buffer.from('Wheel-Version: 1.0\nGenerator: herald-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n'), deflate: true },
  ]);
  return { filename: `${stem}-py3-none-any.whl`, filetype: 'bdist_wheel', bytes, metadata };
}

/** An sdist (a gzipped tar) with `{name}-{version}/PKG-INFO`. */
export function sdist(spec: DistributionSpec): BuiltDistribution {
  const stem = `${escapedName(spec.name)}-${spec.version}`;
  const metadata = coreMetadata(spec);
  const bytes = gzipSync(tar([
    { name: `${stem}/PKG-INFO`, data: Buffer.from(metadata) },
    { name: `${stem}/src/${escapedName(spec.name)}/__init__.py`, data: spec.payload ?? Buffer.from('VALUE = "one"\n') },
  ]));
  return { filename: `${stem}.tar.gz`, filetype: 'sdist', bytes, metadata };
}

/** The multipart body twine sends for a distribution; `fields` replace or remove (undefined) its fields. */
export function twineForm(distribution: BuiltDistribution, fields: Record<string, string | undefined> = {}, filename = distribution.filename): { body: Buffer; contentType: string } {
  const boundary = `herald${randomBytes(8).toString('hex')}`;
  const all: Record<string, string | undefined> = {
    ':action': 'file_upload',
    protocol_version: '1',
    metadata_version: '2.1',
    name: nameOf(distribution),
    version: versionOf(distribution),
    filetype: distribution.filetype,
    pyversion: distribution.filetype === 'sdist' ? 'source' : 'py3',
    sha256_digest: createHash('sha256').update(distribution.bytes).digest('hex'),
    md5_digest: createHash('md5').update(distribution.bytes).digest('hex'),
    ...fields,
  };
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(all)) {
    if (value === undefined) continue;
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="content"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
  parts.push(distribution.bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

function nameOf(distribution: BuiltDistribution): string {
  return /^Name: (.*)$/m.exec(distribution.metadata)?.[1] ?? '';
}

function versionOf(distribution: BuiltDistribution): string {
  return /^Version: (.*)$/m.exec(distribution.metadata)?.[1] ?? '';
}

interface ZipEntry {
  name: string;
  data: Buffer;
  deflate: boolean;
}

/** A minimal zip: local headers, data, central directory, end record. */
function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const stored = entry.deflate ? deflateRawSync(entry.data) : entry.data;
    const crc = crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(entry.deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(entry.deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(stored.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, stored);
    centrals.push(central, name);
    offset += local.length + name.length + stored.length;
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

/** A minimal ustar archive of regular files. */
function tar(entries: Array<{ name: string; data: Buffer }>): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const header = Buffer.alloc(512);
    header.write(entry.name, 0, 100);
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(`${entry.data.length.toString(8).padStart(11, '0')}\0`, 124);
    header.write(`${Math.floor(Date.now() / 1000).toString(8).padStart(11, '0')}\0`, 136);
    header.write('        ', 148);
    header.write('0', 156);
    header.write('ustar\0', 257);
    header.write('00', 263);
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(header, entry.data, Buffer.alloc((512 - (entry.data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}
