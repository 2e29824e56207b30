import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { S3_PART_BYTES, S3_PARTS_IN_FLIGHT } from '@herald/storage';
import { memoryOf, resetPeakMemory, type HeraldStack } from './support/herald-stack';
import type { BenchBucket } from './support/s3-bucket';
import { uniqueName, type Seeder } from './support/seed';
import { MiB, round } from './support/stats';
import { fsync, getThroughApi, putThroughApi, sampleMemory, timed, writeSource } from './transfer';

export interface S3TransferResult {
  bytes: number;
  uploadMBps: number;
  downloadMBps: number;
  /** The AWS SDK alone: lib-storage's Upload of the same file, GetObject of it into a file. */
  sdkUploadMBps: number;
  sdkDownloadMBps: number;
  uploadRatio: number;
  downloadRatio: number;
  /** The API's alone: MinIO's memory and the bench's own SDK transfers are not Herald's. */
  apiPeakRssMB: number;
  apiIdleRssMB: number;
}

interface Round {
  sdkUploadMBps: number;
  uploadMBps: number;
  sdkDownloadMBps: number;
  downloadMBps: number;
  /** The API's peak resident set during its PUT and during its GET (NaN where the kernel keeps no resettable peak). */
  putPeakRssMB: number;
  getPeakRssMB: number;
}

/**
 * What Herald's S3 blob store streams an upload with (libs/storage/src/s3-object-upload.ts under
 * the default HERALD_MAX_UPLOAD of 2 GiB): the baseline's Upload is given the same.
 */

/**
 * One big file through Herald on S3 and through the AWS SDK straight to the same MinIO, each
 * download ending durably on disk (fsync), each upload reading the same source from the page
 * cache. Per round, interleaved: the SDK's Upload, Herald's PUT (which stages the object, then
 * copies it into place inside the store), the SDK's GetObject, Herald's GET; each path keeps its
 * best round, as the file transfer does. Each round changes the source's first bytes, so Herald
 * stores a new blob every time and never skips its copy because an earlier round left one.
 */
export async function measureS3Transfer(stack: HeraldStack, seeder: Seeder, s3: BenchBucket, bytes: number, rounds: number, scratch: string): Promise<S3TransferResult & { rounds: Round[] }> {
  const source = join(scratch, 's3-transfer-source.bin');
  await writeSource(source, bytes);
  try {
    const repository = uniqueName('bench-s3-transfer');
    await seeder.repository(repository);
    const apiPid = stack.api.pid ?? 0;
    const apiIdleRssMB = round(memoryOf(apiPid)?.rssMB ?? NaN);
    const peakResets = resetPeakMemory(apiPid);
    const sampler = sampleMemory(apiPid);
    // The peak since the last reset, and a reset: which of PUT and GET needed the memory.
    const peakOfStep = () => {
      const peak = peakResets ? round(memoryOf(apiPid)?.peakMB ?? NaN) : NaN;
      resetPeakMemory(apiPid);
      return peak;
    };
    const mbps = (ms: number) => round(bytes / MiB / (ms / 1000));

    const measured: Round[] = [];
    for (let index = 0; index < rounds; index++) {
      await makeDistinct(source);
      const key = `sdk/transfer-${index}.bin`;
      const url = `${stack.baseUrl}/repositories/${repository}/big/transfer-${index}.bin`;
      const sdkUploadMs = await timed(() => sdkUpload(s3, key, source));
      peakOfStep();
      const uploadMs = await timed(() => putThroughApi(stack, url, source, bytes));
      const putPeakRssMB = peakOfStep();
      const sdkDownloadMs = await timed(() => sdkDownload(s3, key, join(scratch, 's3-sdk-download.bin'), bytes));
      peakOfStep();
      const downloadMs = await timed(() => getThroughApi(stack, url, join(scratch, 's3-transfer-download.bin'), bytes));
      const getPeakRssMB = peakOfStep();
      await s3.client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: key }));
      measured.push({ sdkUploadMBps: mbps(sdkUploadMs), uploadMBps: mbps(uploadMs), sdkDownloadMBps: mbps(sdkDownloadMs), downloadMBps: mbps(downloadMs), putPeakRssMB, getPeakRssMB });
    }
    const sampledPeak = sampler.stop();
    const hwm = Math.max(0, ...measured.flatMap((entry) => [entry.putPeakRssMB, entry.getPeakRssMB]).filter(Number.isFinite));

    const best = (key: keyof Round) => Math.max(...measured.map((entry) => entry[key]));
    return {
      bytes,
      uploadMBps: best('uploadMBps'),
      downloadMBps: best('downloadMBps'),
      sdkUploadMBps: best('sdkUploadMBps'),
      sdkDownloadMBps: best('sdkDownloadMBps'),
      uploadRatio: round(best('uploadMBps') / best('sdkUploadMBps')),
      downloadRatio: round(best('downloadMBps') / best('sdkDownloadMBps')),
      apiPeakRssMB: round(Math.max(sampledPeak, hwm)),
      apiIdleRssMB,
      rounds: measured,
    };
  } finally {
    await rm(source, { force: true });
  }
}

async function sdkUpload(s3: BenchBucket, key: string, source: string): Promise<void> {
  const upload = new Upload({ client: s3.client, params: { Bucket: s3.bucket, Key: key, Body: createReadStream(source) }, partSize: S3_PART_BYTES, queueSize: S3_PARTS_IN_FLIGHT });
  await upload.done();
}

async function sdkDownload(s3: BenchBucket, key: string, target: string, bytes: number): Promise<void> {
  const { Body, ContentLength } = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
  if (!(Body instanceof Readable) || ContentLength !== bytes) throw new Error(`GetObject answered ${ContentLength} of ${bytes} bytes`);
  await pipeline(Body, createWriteStream(target));
  await fsync(target);
  await rm(target);
}

/** New first bytes, so the file's digest is one no earlier round stored. */
async function makeDistinct(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.write(randomBytes(32), 0, 32, 0);
  } finally {
    await handle.close();
  }
}
