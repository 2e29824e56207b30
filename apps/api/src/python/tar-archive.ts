import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** How far a search through a tar goes before it gives up: a hostile archive can be endless. */
export interface TarLimits {
  /** Entries looked at, each header counted (pax and GNU long-name headers too). */
  maxEntries: number;
  /** Bytes of the (decompressed) tar read or skipped. */
  maxBytes: number;
  /** The size of the file looked for. */
  maxFileBytes: number;
}

export interface TarFile {
  path: string;
  bytes: Buffer;
}

/** The bytes are not a (gzipped) tar, or not one this reader accepts; the message says why, for the user. */
export class TarFormatError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'TarFormatError';
  }
}

const BLOCK = 512;
/** pax and GNU long-name headers hold a name or a few keys: anything bigger is not one. */
const MAX_META_BYTES = 64 * 1024;
const REGULAR_FILE_TYPES = new Set(['0', '\0', '7']);
/** Headers about the next entry (pax `x`, GNU long name `L`) or about none we need (pax global `g`, GNU long link `K`). */
const META_TYPES = new Set(['x', 'L', 'g', 'K']);

/**
 * The first regular file of a gzipped tar whose path `wanted` accepts, or null when the archive
 * ends without one. Reads only as far as that file: the rest is never decompressed. Failures of
 * `body` itself (the store) come out as they are; what is wrong with its bytes is a TarFormatError.
 */
export async function findInTarGz(body: Buffer | Readable, wanted: (path: string) => boolean, limits: TarLimits): Promise<TarFile | null> {
  const gunzip = createGunzip();
  let bodyFailure: unknown = null;
  if (Buffer.isBuffer(body)) {
    gunzip.end(body);
  } else {
    body.once('error', (error) => {
      bodyFailure = error;
      gunzip.destroy(error);
    });
    body.pipe(gunzip);
  }
  try {
    return await findInTar(gunzip, wanted, limits);
  } catch (error) {
    if (error === bodyFailure || !isZlibError(error)) throw error;
    throw new TarFormatError(`it is not gzip-compressed, or its compressed stream is damaged (${(error as Error).message})`);
  } finally {
    gunzip.destroy();
    if (!Buffer.isBuffer(body)) body.destroy();
  }
}

/** As findInTarGz, over the tar's bytes as they come. */
export async function findInTar(chunks: AsyncIterable<Buffer>, wanted: (path: string) => boolean, limits: TarLimits): Promise<TarFile | null> {
  const tar = new TarBytes(chunks[Symbol.asyncIterator]());
  // Set by a pax or GNU header for the entry after it only.
  let next: { path?: string; size?: number } = {};
  for (let entries = 1; ; entries += 1) {
    const header = await tar.read(BLOCK);
    // The end: two zero blocks, or (some writers) just the end of the stream.
    if (header === null || header.every((byte) => byte === 0)) return null;
    if (entries > limits.maxEntries) throw new TarFormatError(`it has more than ${limits.maxEntries} entries before the file looked for`);
    if (!checksumMatches(header)) throw new TarFormatError('it is not a tar archive: a header checksum does not match');
    const type = String.fromCharCode(header[156]);
    const ownSize = octal(header, 124, 12);
    const meta = META_TYPES.has(type);
    const size = meta ? ownSize : next.size ?? ownSize;
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    if (tar.consumed + padded > limits.maxBytes) throw new TarFormatError(`it is larger than ${limits.maxBytes} bytes before the file looked for`);
    if (meta) {
      if (size > MAX_META_BYTES) throw new TarFormatError(`a pax or GNU header is larger than ${MAX_META_BYTES} bytes`);
      const data = await tar.entry(size, padded);
      if (type === 'x') next = { ...next, ...paxFields(data) };
      if (type === 'L') next = { ...next, path: cString(data) };
      continue;
    }
    const path = (next.path ?? ustarPath(header)).replace(/^(?:\.\/)+/, '');
    next = {};
    if (REGULAR_FILE_TYPES.has(type) && wanted(path)) {
      if (size > limits.maxFileBytes) throw new TarFormatError(`${path} is larger than ${limits.maxFileBytes} bytes`);
      return { path, bytes: await tar.entry(size, padded) };
    }
    if (!(await tar.skip(padded))) throw truncated();
  }
}

/** The tar's bytes, read block by block from its chunks without holding more than a chunk ahead. */
class TarBytes {
  private chunks: Buffer[] = [];
  private held = 0;
  /** Bytes of the tar read or skipped so far. */
  consumed = 0;

  constructor(private readonly source: AsyncIterator<Buffer>) {}

  /** Exactly `length` bytes, or null when the stream ends first. */
  async read(length: number): Promise<Buffer | null> {
    while (this.held < length) if (!(await this.pull())) return null;
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    const rest = all.subarray(length);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.held = rest.length;
    this.consumed += length;
    return all.subarray(0, length);
  }

  /** An entry's data: `size` bytes, its padding to `padded` skipped. */
  async entry(size: number, padded: number): Promise<Buffer> {
    const data = await this.read(padded);
    if (data === null) throw truncated();
    return data.subarray(0, size);
  }

  /** Passes `length` bytes without keeping them; false when the stream ends first. */
  async skip(length: number): Promise<boolean> {
    let left = length;
    while (left > 0) {
      if (this.held === 0 && !(await this.pull())) return false;
      const first = this.chunks[0];
      const used = Math.min(left, first.length);
      if (used === first.length) this.chunks.shift();
      else this.chunks[0] = first.subarray(used);
      this.held -= used;
      this.consumed += used;
      left -= used;
    }
    return true;
  }

  /** One more chunk held; false at the end of the stream. */
  private async pull(): Promise<boolean> {
    for (;;) {
      const chunk = await this.source.next();
      if (chunk.done) return false;
      if (chunk.value.length === 0) continue;
      this.chunks.push(chunk.value);
      this.held += chunk.value.length;
      return true;
    }
  }
}

/** POSIX sums the header's bytes unsigned, some old writers signed; the checksum field counts as spaces. */
function checksumMatches(header: Buffer): boolean {
  const expected = octal(header, 148, 8);
  let unsigned = 0;
  let signed = 0;
  for (let at = 0; at < BLOCK; at += 1) {
    const byte = at >= 148 && at < 156 ? 0x20 : header[at];
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  return expected === unsigned || expected === signed;
}

/** A numeric field: octal text, or (GNU, for sizes past 8 GiB) base-256 when its first bit is set. */
function octal(header: Buffer, start: number, length: number): number {
  const field = header.subarray(start, start + length);
  if (field[0] & 0x80) {
    if (field[0] !== 0x80) throw new TarFormatError('it declares a negative or oversized number');
    let value = 0;
    for (const byte of field.subarray(1)) value = value * 256 + byte;
    if (!Number.isSafeInteger(value)) throw new TarFormatError('it declares sizes no archive has');
    return value;
  }
  const text = field.toString('latin1').replace(/[\0 ]+$/, '').replace(/^ +/, '');
  if (!/^[0-7]*$/.test(text)) throw new TarFormatError('it is not a tar archive: a header holds no number where one belongs');
  return text === '' ? 0 : parseInt(text, 8);
}

/** The name field, behind the prefix field in POSIX ustar (GNU keeps other things there). */
function ustarPath(header: Buffer): string {
  const name = cString(header.subarray(0, 100));
  const posix = header.subarray(257, 263).toString('latin1') === 'ustar\0';
  const prefix = posix ? cString(header.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end < 0 ? bytes.length : end).toString('utf8');
}

/** The keys of a pax header that place the next entry: `path`, and `size` for files past 8 GiB. */
function paxFields(data: Buffer): { path?: string; size?: number } {
  const fields: { path?: string; size?: number } = {};
  let at = 0;
  while (at < data.length) {
    // Each record: "<length> <key>=<value>\n", the length counting the whole record.
    const space = data.indexOf(0x20, at);
    const length = space > at ? Number(data.subarray(at, space).toString('latin1')) : NaN;
    if (!Number.isSafeInteger(length) || length <= space - at || at + length > data.length || data[at + length - 1] !== 0x0a) {
      throw new TarFormatError('a pax header is damaged');
    }
    const record = data.subarray(space + 1, at + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (equals < 0) throw new TarFormatError('a pax header is damaged');
    const key = record.slice(0, equals);
    const value = record.slice(equals + 1);
    if (key === 'path') fields.path = value;
    if (key === 'size') {
      if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new TarFormatError('a pax header declares a size no archive has');
      fields.size = Number(value);
    }
    at += length;
  }
  return fields;
}

function isZlibError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

function truncated(): TarFormatError {
  return new TarFormatError('it ends in the middle of an entry');
}
