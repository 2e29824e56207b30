import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { BlobStore } from '@herald/storage';
import { normalizeProjectName } from './package-name';
import { normalizeVersion } from './package-version';
import { findInTarGz, TarFormatError } from './tar-archive';
import { readZipDirectory, readZipEntry, ZipFormatError, type ZipSource } from './zip-archive';

/** A distribution's core metadata file: what PEP 658 serves beside it, and what the index takes from it. */
export interface CoreMetadata {
  /** The file, decoded as UTF-8 without dropping a BOM: it encodes back to exactly the bytes `sha256` names. */
  text: string;
  sha256: string;
  requiresPython: string | null;
  name: string | null;
  version: string | null;
}

/** The uploaded file is not the distribution its name says, or holds no core metadata we can read (400 on `content`). */
export class InvalidDistributionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidDistributionError';
  }
}

/** A core metadata file is a few KiB; a long description makes it some 100 KiB. */
const METADATA_MAX_BYTES = 1024 * 1024;
/** Some 150 000 entries' worth: far past the biggest wheels, and read in one piece. */
const CENTRAL_DIRECTORY_MAX_BYTES = 16 * 1024 * 1024;
/**
 * Some build backends write PKG-INFO last, so a whole sdist may be read to find it. What that
 * costs is bounded by the upload's own size: source code compresses a few times, a gzip bomb a
 * thousand; and by a count of entries, each costing a header's parse.
 */
const SDIST_MAX_ENTRIES = 100_000;
const SDIST_MAX_INFLATION = 32;
const SDIST_MIN_BUDGET_BYTES = 64 * 1024 * 1024;
const SDIST_MAX_BUDGET_BYTES = 2 * 1024 * 1024 * 1024;

/**
 * Reads the core metadata of a distribution already in the blob store: a wheel's
 * `{name}-{version}.dist-info/METADATA` or an sdist's `{top}/PKG-INFO`. A wheel (or zip sdist)
 * is read through its central directory with a few ranged reads; a `.tar.gz` sdist is streamed
 * only as far as its PKG-INFO. Every size the archive declares is bounded before it is trusted.
 * Throws InvalidDistributionError for anything the bytes get wrong; the store's own failures
 * come out as they are.
 */
export async function readCoreMetadata(store: BlobStore, blob: { sha256: string; size: number }, packageType: 'sdist' | 'bdist_wheel', filename: string): Promise<CoreMetadata> {
  const bytes = packageType === 'bdist_wheel' ? await wheelMetadata(store, blob, filename) : await sdistMetadata(store, blob, filename);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new InvalidDistributionError(`${filename} has core metadata that is not UTF-8`);
  }
  const headers = metadataHeaders(text);
  return {
    text,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    requiresPython: headers.get('requires-python') || null,
    name: headers.get('name') || null,
    version: headers.get('version') || null,
  };
}

async function wheelMetadata(store: BlobStore, blob: { sha256: string; size: number }, filename: string): Promise<Buffer> {
  const notAWheel = (reason: string) => new InvalidDistributionError(`${filename} is not a wheel: ${printable(reason)}`);
  const parts = filename.slice(0, -'.whl'.length).split('-');
  if (!filename.endsWith('.whl') || parts.length < 5) throw notAWheel('its name is not {distribution}-{version}-{tags}.whl');
  const [distribution, version] = parts;
  const expected = `${distribution}-${version}.dist-info/METADATA`;
  return fromZip(rangesOf(store, blob), notAWheel, (names) => {
    const found = names.filter((name) => /^[^/]+\.dist-info\/METADATA$/.test(name));
    if (found.length > 1) throw notAWheel(`it has more than one *.dist-info/METADATA (${found.slice(0, 3).join(', ')})`);
    if (found.length === 0 || !namesDistInfo(found[0], distribution, version)) throw notAWheel(`no ${expected}`);
    return found[0];
  });
}

async function sdistMetadata(store: BlobStore, blob: { sha256: string; size: number }, filename: string): Promise<Buffer> {
  const notAnSdist = (reason: string) => new InvalidDistributionError(`${filename} is not a source distribution: ${printable(reason)}`);
  const atTop = (name: string) => /^[^/]+\/PKG-INFO$/.test(name);
  if (filename.endsWith('.zip')) {
    return fromZip(rangesOf(store, blob), notAnSdist, (names) => {
      const found = names.filter(atTop);
      if (found.length !== 1) throw notAnSdist(found.length === 0 ? 'no {name}-{version}/PKG-INFO' : 'it has more than one {name}-{version}/PKG-INFO');
      return found[0];
    });
  }
  if (!filename.endsWith('.tar.gz')) throw notAnSdist('only .tar.gz and .zip source distributions are read');
  const budget = Math.min(SDIST_MAX_BUDGET_BYTES, Math.max(SDIST_MIN_BUDGET_BYTES, blob.size * SDIST_MAX_INFLATION));
  try {
    const found = await findInTarGz(await store.read(blob.sha256, blob.size), atTop, { maxEntries: SDIST_MAX_ENTRIES, maxBytes: budget, maxFileBytes: METADATA_MAX_BYTES });
    if (!found) throw notAnSdist('no {name}-{version}/PKG-INFO');
    return found.bytes;
  } catch (error) {
    if (error instanceof TarFormatError) throw notAnSdist(error.message);
    throw error;
  }
}

/** The one entry `pick` chooses among the archive's names, read; the zip's faults phrased by `invalid`. */
async function fromZip(source: ZipSource, invalid: (reason: string) => InvalidDistributionError, pick: (names: string[]) => string): Promise<Buffer> {
  try {
    const directory = await readZipDirectory(source, CENTRAL_DIRECTORY_MAX_BYTES);
    const name = pick(directory.entries.map((entry) => entry.name));
    const entry = directory.entries.find((candidate) => candidate.name === name)!;
    return await readZipEntry(source, directory, entry, METADATA_MAX_BYTES);
  } catch (error) {
    if (error instanceof ZipFormatError) throw invalid(error.message);
    throw error;
  }
}

/**
 * Whether `{dir}.dist-info/METADATA` belongs to the wheel named `{distribution}-{version}-…`:
 * compared normalized, since older tools spelled the folder unlike the file name.
 */
function namesDistInfo(path: string, distribution: string, version: string): boolean {
  const folder = path.slice(0, -'.dist-info/METADATA'.length);
  const dash = folder.lastIndexOf('-');
  if (dash <= 0) return false;
  const folderVersion = normalizeVersion(folder.slice(dash + 1));
  return normalizeProjectName(folder.slice(0, dash)) === normalizeProjectName(distribution) && folderVersion !== null && folderVersion === normalizeVersion(version);
}

/** A reason that may quote the archive's own names, safe in a one-line answer: escaped and cut. */
function printable(reason: string): string {
  const escaped = reason.replace(/[^\x20-\x7e]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length > 300 ? `${escaped.slice(0, 300)}...` : escaped;
}

/** The blob read in ranges, each answer gathered into one buffer of exactly the length asked. */
function rangesOf(store: BlobStore, blob: { sha256: string; size: number }): ZipSource {
  return {
    size: blob.size,
    read: async (start, end) => {
      const length = end - start + 1;
      const bytes = await gathered(await store.read(blob.sha256, blob.size, { start, end }), length);
      if (bytes.length !== length) throw new Error(`the file store answered ${bytes.length} bytes for a range of ${length} of blob ${blob.sha256}`);
      return bytes;
    },
  };
}

async function gathered(body: Buffer | Readable, length: number): Promise<Buffer> {
  if (Buffer.isBuffer(body)) return body;
  const chunks: Buffer[] = [];
  let received = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      received += chunk.length;
      if (received > length) break;
    }
  } finally {
    body.destroy();
  }
  return Buffer.concat(chunks);
}

/**
 * The header fields of an RFC 822-style metadata file, by lowercase name, the first of each, read
 * as Python's email parser reads them: a line starting with white space continues the field
 * before it (joined here with a space); the first empty line, or the first line that is no
 * header, starts the body (the description), which is not read.
 */
function metadataHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  let current: string | null = null;
  for (const line of text.split(/\r\n|\n|\r/)) {
    if (/^[ \t]/.test(line)) {
      if (current !== null) headers.set(current, `${headers.get(current)} ${line.trim()}`.trim());
      continue;
    }
    const header = /^([\x21-\x39\x3b-\x7e]+):(.*)$/.exec(line);
    if (!header) break;
    const name = header[1].toLowerCase();
    // A repeated field (Classifier, say) adds nothing to the ones read here.
    current = headers.has(name) ? null : name;
    if (current !== null) headers.set(current, header[2].trim());
  }
  return headers;
}
