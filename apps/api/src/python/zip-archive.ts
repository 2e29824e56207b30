import { crc32, inflateRaw } from 'node:zlib';

/** An archive the zip reader reads piece by piece: `read` answers the inclusive byte range asked for. */
export interface ZipSource {
  readonly size: number;
  read(start: number, end: number): Promise<Buffer>;
}

/** One file of the central directory, sizes and offset already widened from ZIP64 fields. */
export interface ZipEntry {
  name: string;
  /** The name as stored, to compare with the local header's. */
  rawName: Buffer;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

export interface ZipDirectory {
  entries: ZipEntry[];
  /** Where the central directory starts: every entry's data lies before it. */
  dataEnd: number;
}

/** The bytes are not a zip, or not one this reader accepts; the message says why, for the user. */
export class ZipFormatError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'ZipFormatError';
  }
}

const EOCD_SIGNATURE = 0x06054b50;
const EOCD_BYTES = 22;
const MAX_COMMENT_BYTES = 0xffff;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_LOCATOR_BYTES = 20;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const ZIP64_EOCD_BYTES = 56;
const CENTRAL_SIGNATURE = 0x02014b50;
const CENTRAL_BYTES = 46;
const LOCAL_SIGNATURE = 0x04034b50;
const LOCAL_BYTES = 30;
const ZIP64_EXTRA_ID = 0x0001;
/** A 32-bit field holding this says the real value is in the ZIP64 extra field. */
const IN_ZIP64 = 0xffffffff;
const UTF8_NAME_FLAG = 0x800;
const ENCRYPTED_FLAG = 0x1;
const STORED = 0;
const DEFLATED = 8;

/**
 * Reads the central directory from the end of the archive: one ranged read for the end records
 * (the comment may push them 64 KiB from the end), one for the directory itself unless it was in
 * that first read. Refuses a directory over `maxDirectoryBytes` before reading it.
 */
export async function readZipDirectory(source: ZipSource, maxDirectoryBytes: number): Promise<ZipDirectory> {
  if (source.size < EOCD_BYTES) throw new ZipFormatError('it is too short to be a zip archive');
  const tailStart = Math.max(0, source.size - (EOCD_BYTES + MAX_COMMENT_BYTES + ZIP64_LOCATOR_BYTES));
  const tail = await source.read(tailStart, source.size - 1);
  const eocd = lastEndRecord(tail);
  if (eocd < 0) throw new ZipFormatError('it has no end of central directory record (not a zip archive, or cut short)');
  let disks = [tail.readUInt16LE(eocd + 4), tail.readUInt16LE(eocd + 6)];
  let count = tail.readUInt16LE(eocd + 10);
  let directorySize = tail.readUInt32LE(eocd + 12);
  let directoryStart = tail.readUInt32LE(eocd + 16);
  let recordsStart = tailStart + eocd;

  const locator = eocd - ZIP64_LOCATOR_BYTES;
  if (locator >= 0 && tail.readUInt32LE(locator) === ZIP64_LOCATOR_SIGNATURE) {
    const at = safeNumber(tail.readBigUInt64LE(locator + 8));
    if (at + ZIP64_EOCD_BYTES > tailStart + locator) throw new ZipFormatError('its ZIP64 end record lies outside the archive');
    const record = await source.read(at, at + ZIP64_EOCD_BYTES - 1);
    if (record.readUInt32LE(0) !== ZIP64_EOCD_SIGNATURE) throw new ZipFormatError('its ZIP64 end record is damaged');
    disks = [record.readUInt32LE(16), record.readUInt32LE(20)];
    count = safeNumber(record.readBigUInt64LE(32));
    directorySize = safeNumber(record.readBigUInt64LE(40));
    directoryStart = safeNumber(record.readBigUInt64LE(48));
    recordsStart = at;
  }

  if (disks.some((disk) => disk !== 0)) throw new ZipFormatError('it spans several disks');
  if (directoryStart + directorySize > recordsStart) throw new ZipFormatError('its central directory lies outside the archive');
  if (directorySize > maxDirectoryBytes) throw new ZipFormatError(`its central directory is larger than ${maxDirectoryBytes} bytes`);
  if (count * CENTRAL_BYTES > directorySize) throw new ZipFormatError('its central directory is smaller than its entries');
  if (directorySize === 0) return { entries: [], dataEnd: directoryStart };
  const directory =
    directoryStart >= tailStart
      ? tail.subarray(directoryStart - tailStart, directoryStart - tailStart + directorySize)
      : await source.read(directoryStart, directoryStart + directorySize - 1);
  return { entries: parseDirectory(directory, count), dataEnd: directoryStart };
}

/**
 * The bytes of one entry, inflated when deflated, checked against the directory's size and
 * CRC-32. Neither the declared nor the actual size may pass `maxBytes`: inflating stops there.
 */
export async function readZipEntry(source: ZipSource, directory: ZipDirectory, entry: ZipEntry, maxBytes: number): Promise<Buffer> {
  if (entry.flags & ENCRYPTED_FLAG) throw new ZipFormatError(`${entry.name} is encrypted`);
  if (entry.method !== STORED && entry.method !== DEFLATED) throw new ZipFormatError(`${entry.name} is compressed with method ${entry.method}, not deflate`);
  if (entry.size > maxBytes) throw new ZipFormatError(`${entry.name} is larger than ${maxBytes} bytes`);
  // Deflate grows incompressible data by a few bytes per 16 KiB block at worst.
  if (entry.compressedSize > (entry.method === STORED ? entry.size : maxBytes + 1024 + (maxBytes >> 10))) {
    throw new ZipFormatError(`${entry.name} takes more room compressed than its size allows`);
  }
  const at = entry.localHeaderOffset;
  if (at + LOCAL_BYTES > directory.dataEnd) throw new ZipFormatError(`${entry.name} lies outside the archive`);
  const header = await source.read(at, at + LOCAL_BYTES - 1);
  if (header.readUInt32LE(0) !== LOCAL_SIGNATURE) throw new ZipFormatError(`${entry.name} has no local header where the directory says`);
  const nameEnd = LOCAL_BYTES + header.readUInt16LE(26);
  const dataStart = nameEnd + header.readUInt16LE(28);
  const end = at + dataStart + entry.compressedSize;
  if (end > directory.dataEnd) throw new ZipFormatError(`${entry.name} lies outside the archive`);
  // Name, extra field and data in one read.
  const rest = await source.read(at + LOCAL_BYTES, end - 1);
  if (!rest.subarray(0, nameEnd - LOCAL_BYTES).equals(entry.rawName)) throw new ZipFormatError(`${entry.name} is named otherwise in its local header`);
  const data = rest.subarray(dataStart - LOCAL_BYTES);
  const bytes = entry.method === STORED ? data : await inflate(data, entry.name, maxBytes);
  if (bytes.length !== entry.size || crc32(bytes) >>> 0 !== entry.crc) throw new ZipFormatError(`${entry.name} is damaged: its size or CRC-32 does not match`);
  return bytes;
}

/** The last end record whose comment fits before the end, as Python's zipfile looks for it. */
function lastEndRecord(tail: Buffer): number {
  for (let at = tail.length - EOCD_BYTES; at >= 0; at -= 1) {
    if (tail.readUInt32LE(at) === EOCD_SIGNATURE && at + EOCD_BYTES + tail.readUInt16LE(at + 20) <= tail.length) return at;
  }
  return -1;
}

function parseDirectory(directory: Buffer, count: number): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let at = 0;
  while (at < directory.length) {
    if (at + CENTRAL_BYTES > directory.length || directory.readUInt32LE(at) !== CENTRAL_SIGNATURE) throw new ZipFormatError('its central directory is damaged');
    const flags = directory.readUInt16LE(at + 8);
    const nameStart = at + CENTRAL_BYTES;
    const extraStart = nameStart + directory.readUInt16LE(at + 28);
    const extraEnd = extraStart + directory.readUInt16LE(at + 30);
    const next = extraEnd + directory.readUInt16LE(at + 32);
    if (next > directory.length) throw new ZipFormatError('its central directory is damaged');
    const rawName = directory.subarray(nameStart, extraStart);
    const wide = zip64Fields(directory.subarray(extraStart, extraEnd));
    const widened = (value: number) => (value === IN_ZIP64 ? wide() : value);
    // In the order the ZIP64 extra field lists them.
    const size = widened(directory.readUInt32LE(at + 24));
    const compressedSize = widened(directory.readUInt32LE(at + 20));
    const localHeaderOffset = widened(directory.readUInt32LE(at + 42));
    entries.push({
      // Names without the UTF-8 flag are CP437 in theory; the names looked for are ASCII.
      name: rawName.toString(flags & UTF8_NAME_FLAG ? 'utf8' : 'latin1'),
      rawName,
      flags,
      method: directory.readUInt16LE(at + 10),
      crc: directory.readUInt32LE(at + 16),
      compressedSize,
      size,
      localHeaderOffset,
    });
    at = next;
  }
  if (entries.length !== count) throw new ZipFormatError('its central directory does not hold the number of entries its end record says');
  return entries;
}

/** Hands out the 64-bit values of an entry's ZIP64 extra field, one per call. */
function zip64Fields(extra: Buffer): () => number {
  let values: Buffer | null = null;
  for (let at = 0; at + 4 <= extra.length; at += 4 + extra.readUInt16LE(at + 2)) {
    if (extra.readUInt16LE(at) === ZIP64_EXTRA_ID) values = extra.subarray(at + 4, Math.min(extra.length, at + 4 + extra.readUInt16LE(at + 2)));
  }
  let next = 0;
  return () => {
    if (!values || next + 8 > values.length) throw new ZipFormatError('an entry lacks the ZIP64 field its sizes point to');
    next += 8;
    return safeNumber(values.readBigUInt64LE(next - 8));
  };
}

function safeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError('it declares sizes no archive has');
  return Number(value);
}

function inflate(data: Buffer, name: string, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    inflateRaw(data, { maxOutputLength: maxBytes }, (error, bytes) => {
      if (!error) return resolve(bytes);
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return reject(new ZipFormatError(`${name} inflates to more than ${maxBytes} bytes`));
      reject(new ZipFormatError(`${name} is damaged: ${error.message}`));
    }),
  );
}
