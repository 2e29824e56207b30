import { createHash, randomFillSync } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import { createBLAKE2b } from 'hash-wasm';
import { memoryOf, resetPeakMemory, type HeraldStack } from './support/herald-stack';
import { send } from './support/http-client';
import { uniqueName, type Seeder } from './support/seed';
import { MiB, round } from './support/stats';
import { fsync, putThroughApi, sampleMemory, timed } from './transfer';

export interface PythonUploadResult {
  /** The wheel's size: what both paths send (twine's form adds about 1 KiB of fields around it). */
  bytes: number;
  pythonMBps: number;
  mavenMBps: number;
  /** python / maven. */
  ratio: number;
  apiPeakRssMB: number;
  apiIdleRssMB: number;
}

interface Round {
  pythonMBps: number;
  mavenMBps: number;
}

const STEM = 'demo_bench';
const PAYLOAD_NAME = `${STEM}/payload.bin`;
const LOCAL_BYTES = 30;
const CENTRAL_BYTES = 46;
const END_BYTES = 22;
const BLOCK = 16 * MiB;
const BOUNDARY = 'herald-bench-7f3a9c1e';

/** Where the wheel's payload ends and its CRC-32: the tail (METADATA, directory) is rewritten after it. */
interface WheelLayout {
  payloadSize: number;
  payloadCrc: number;
}

/**
 * twine's upload API against a Maven PUT of the same file, a wheel of `bytes`: a stored payload
 * entry, then `{name}-{version}.dist-info/METADATA` and the central directory at the end, as
 * wheels are laid out. The two run interleaved, `rounds` times after a warm-up round, in
 * alternating order, each keeping its best round. Each upload sends a version no upload stored
 * before (the tail is rewritten in place, same length), so none finds its blob already stored by
 * an earlier one. Throughput counts the wheel's bytes, on both paths.
 */
export async function measurePythonUpload(stack: HeraldStack, seeder: Seeder, bytes: number, rounds: number, scratch: string): Promise<PythonUploadResult & { rounds: Round[] }> {
  const wheel = join(scratch, `${STEM}-1.0.0-py3-none-any.whl`);
  const twineForm = join(scratch, 'twine-form.bin');
  const layout = await writeWheel(wheel, bytes);
  try {
    const python = uniqueName('bench-python');
    const maven = uniqueName('bench-python-maven');
    await seeder.pythonRepository(python);
    await seeder.repository(maven);
    const apiPid = stack.api.pid ?? 0;
    const apiIdleRssMB = round(memoryOf(apiPid)?.rssMB ?? NaN);
    const peakResets = resetPeakMemory(apiPid);
    const sampler = sampleMemory(apiPid);
    const mbps = (ms: number) => round(bytes / MiB / (ms / 1000));

    const measured: Round[] = [];
    // Round 0 warms up (busboy's parser, the BLAKE2b hasher, the new repositories' first writes) and is not kept.
    for (let index = 0; index <= rounds; index++) {
      const twine = async () => {
        const version = `1.0.${index}`;
        await writeTail(wheel, layout, version);
        await writeTwineForm(wheel, version, twineForm);
        return mbps(await timed(() => uploadThroughTwine(stack, python, twineForm, bytes)));
      };
      const put = async () => {
        await writeTail(wheel, layout, `2.0.${index}`);
        return mbps(await timed(() => putThroughApi(stack, `${stack.baseUrl}/repositories/${maven}/com/example/bench/2.0.${index}/bench-2.0.${index}.whl`, wheel, bytes)));
      };
      const pair: Round = index % 2 === 0 ? { pythonMBps: await twine(), mavenMBps: await put() } : { mavenMBps: await put(), pythonMBps: await twine() };
      if (index > 0) measured.push(pair);
    }
    const sampledPeak = sampler.stop();
    const hwm = peakResets ? (memoryOf(apiPid)?.peakMB ?? 0) : 0;
    const best = (key: keyof Round) => Math.max(...measured.map((entry) => entry[key]));
    return {
      bytes,
      pythonMBps: best('pythonMBps'),
      mavenMBps: best('mavenMBps'),
      ratio: round(best('pythonMBps') / best('mavenMBps')),
      apiPeakRssMB: round(Math.max(sampledPeak, hwm)),
      apiIdleRssMB,
      rounds: measured,
    };
  } finally {
    await rm(wheel, { force: true });
    await rm(twineForm, { force: true });
  }
}

/**
 * The body twine sends, written to a file beside the wheel: its fields first, then the wheel as
 * `content`. Sent from disk, as the Maven PUT sends the wheel, so both clients cost the same.
 */
async function writeTwineForm(wheel: string, version: string, path: string): Promise<void> {
  const fields = await twineFields(wheel, version);
  const parts = Object.entries(fields).map(([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  const filename = `${STEM}-${version}-py3-none-any.whl`;
  const head = `${parts.join('')}--${BOUNDARY}\r\nContent-Disposition: form-data; name="content"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  await pipeline(
    Readable.from(
      (async function* () {
        yield Buffer.from(head);
        yield* createReadStream(wheel, { highWaterMark: MiB });
        yield Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
      })(),
    ),
    createWriteStream(path),
  );
  await fsync(path);
}

/** twine's POST of the form in `form`, answered 201 once the wheel is stored. */
async function uploadThroughTwine(stack: HeraldStack, repository: string, form: string, bytes: number): Promise<void> {
  const answer = await send(`${stack.baseUrl}/repositories/${repository}/`, {
    method: 'POST',
    headers: { authorization: stack.adminAuth, 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': (await stat(form)).size },
    body: createReadStream(form),
  });
  if (answer.status !== 201) throw new Error(`twine upload of a ${bytes}-byte wheel answered ${answer.status}: ${answer.body.slice(0, 300)}`);
}

/** The fields twine sends for the wheel as it is on disk now, digests included. */
async function twineFields(wheel: string, version: string): Promise<Record<string, string>> {
  const sha256 = createHash('sha256');
  const md5 = createHash('md5');
  const blake2b = await createBLAKE2b(256);
  for await (const chunk of createReadStream(wheel, { highWaterMark: MiB }) as AsyncIterable<Buffer>) {
    sha256.update(chunk);
    md5.update(chunk);
    blake2b.update(chunk);
  }
  return {
    ':action': 'file_upload',
    protocol_version: '1',
    metadata_version: '2.1',
    name: STEM,
    version,
    filetype: 'bdist_wheel',
    pyversion: 'py3',
    md5_digest: md5.digest('hex'),
    sha256_digest: sha256.digest('hex'),
    blake2_256_digest: blake2b.digest('hex'),
  };
}

/** The payload entry's local header, then random data of the size that makes the whole wheel `bytes` long. */
async function writeWheel(path: string, bytes: number): Promise<WheelLayout> {
  const payloadSize = bytes - LOCAL_BYTES - PAYLOAD_NAME.length - tailOf('1.0.0', { payloadSize: 0, payloadCrc: 0 }).length;
  const block = randomFillSync(Buffer.alloc(BLOCK));
  const out = createWriteStream(path);
  const write = async (chunk: Buffer) => {
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  await write(Buffer.concat([localHeader(PAYLOAD_NAME, { crc: 0, size: payloadSize }), Buffer.from(PAYLOAD_NAME)]));
  let payloadCrc = 0;
  for (let written = 0; written < payloadSize; written += BLOCK) {
    const chunk = block.subarray(0, Math.min(BLOCK, payloadSize - written));
    payloadCrc = crc32(chunk, payloadCrc);
    await write(chunk);
  }
  await new Promise<void>((resolve, reject) => {
    out.once('error', reject);
    out.end(() => resolve());
  });
  const layout = { payloadSize, payloadCrc: payloadCrc >>> 0 };
  const handle = await open(path, 'r+');
  try {
    await handle.write(localHeader(PAYLOAD_NAME, { crc: layout.payloadCrc, size: payloadSize }), 0, LOCAL_BYTES, 0);
  } finally {
    await handle.close();
  }
  return layout;
}

/** Rewrites everything after the payload for `version`: the wheel stays the same size for versions of the same length. */
async function writeTail(path: string, layout: WheelLayout, version: string): Promise<void> {
  const tail = tailOf(version, layout);
  const handle = await open(path, 'r+');
  try {
    await handle.write(tail, 0, tail.length, LOCAL_BYTES + PAYLOAD_NAME.length + layout.payloadSize);
  } finally {
    await handle.close();
  }
  await fsync(path);
}

/** METADATA (stored), the central directory of both entries and the end record. */
function tailOf(version: string, layout: WheelLayout): Buffer {
  const metadataName = `${STEM}-${version}.dist-info/METADATA`;
  const metadata = Buffer.from(`Metadata-Version: 2.1\nName: ${STEM}\nVersion: ${version}\nSummary: the bench's wheel\n`);
  const payloadOffset = 0;
  const metadataOffset = LOCAL_BYTES + PAYLOAD_NAME.length + layout.payloadSize;
  const metadataEntry = { crc: crc32(metadata) >>> 0, size: metadata.length };
  const directory = Buffer.concat([
    centralHeader(PAYLOAD_NAME, { crc: layout.payloadCrc, size: layout.payloadSize }, payloadOffset),
    Buffer.from(PAYLOAD_NAME),
    centralHeader(metadataName, metadataEntry, metadataOffset),
    Buffer.from(metadataName),
  ]);
  const local = Buffer.concat([localHeader(metadataName, metadataEntry), Buffer.from(metadataName), metadata]);
  const end = Buffer.alloc(END_BYTES);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(2, 8);
  end.writeUInt16LE(2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(metadataOffset + local.length, 16);
  return Buffer.concat([local, directory, end]);
}

/** A stored entry's local header (no data descriptor). */
function localHeader(name: string, entry: { crc: number; size: number }): Buffer {
  const header = Buffer.alloc(LOCAL_BYTES);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt32LE(entry.crc, 14);
  header.writeUInt32LE(entry.size, 18);
  header.writeUInt32LE(entry.size, 22);
  header.writeUInt16LE(Buffer.byteLength(name), 26);
  return header;
}

function centralHeader(name: string, entry: { crc: number; size: number }, offset: number): Buffer {
  const header = Buffer.alloc(CENTRAL_BYTES);
  header.writeUInt32LE(0x02014b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(20, 6);
  header.writeUInt32LE(entry.crc, 16);
  header.writeUInt32LE(entry.size, 20);
  header.writeUInt32LE(entry.size, 24);
  header.writeUInt16LE(Buffer.byteLength(name), 28);
  header.writeUInt32LE(offset, 42);
  return header;
}
