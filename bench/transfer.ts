import { randomFillSync } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { memoryOf, resetPeakMemory, type HeraldStack } from './support/herald-stack';
import { send } from './support/http-client';
import { uniqueName, type Seeder } from './support/seed';
import { MiB, round } from './support/stats';

export interface TransferResult {
  bytes: number;
  uploadMBps: number;
  downloadMBps: number;
  copyMBps: number;
  uploadRatio: number;
  downloadRatio: number;
  apiPeakRssMB: number;
  /** The API's resident set just before the transfers: what the peak adds to. */
  apiIdleRssMB: number;
}

const BLOCK = 16 * MiB;

/**
 * One big file three ways, each ending durably on disk (fsync), each reading the same source from
 * the page cache: a plain stream copy, a PUT through the API, a GET through the API into a file.
 * The three run interleaved, `rounds` times, and each path keeps its best round: on a shared
 * machine a neighbour's burst slows one round, not the comparison. The API's resident memory is
 * sampled throughout; it must not grow with the file.
 */
export async function measureTransfer(stack: HeraldStack, seeder: Seeder, bytes: number, rounds: number, scratch: string): Promise<TransferResult & { rounds: Round[] }> {
  const source = join(scratch, 'transfer-source.bin');
  await writeSource(source, bytes);
  try {
    const repository = uniqueName('bench-transfer');
    await seeder.repository(repository);
    const apiPid = stack.api.pid ?? 0;
    const apiIdleRssMB = round(memoryOf(apiPid)?.rssMB ?? NaN);
    const peakResets = resetPeakMemory(apiPid);
    const sampler = sampleMemory(apiPid);
    const mbps = (ms: number) => round(bytes / MiB / (ms / 1000));

    const measured: Round[] = [];
    for (let index = 0; index < rounds; index++) {
      const url = `${stack.baseUrl}/repositories/${repository}/big/transfer-${index}.bin`;
      const copyMs = await timed(async () => {
        const copy = join(scratch, 'transfer-copy.bin');
        await pipeline(createReadStream(source), createWriteStream(copy));
        await fsync(copy);
        await rm(copy);
      });
      const uploadMs = await timed(() => putThroughApi(stack, url, source, bytes));
      const downloadMs = await timed(() => getThroughApi(stack, url, join(scratch, 'transfer-download.bin'), bytes));
      measured.push({ copyMBps: mbps(copyMs), uploadMBps: mbps(uploadMs), downloadMBps: mbps(downloadMs) });
    }
    const sampledPeak = sampler.stop();
    const hwm = peakResets ? (memoryOf(apiPid)?.peakMB ?? 0) : 0;

    const best = (key: keyof Round) => Math.max(...measured.map((entry) => entry[key]));
    const copyMBps = best('copyMBps');
    return {
      bytes,
      uploadMBps: best('uploadMBps'),
      downloadMBps: best('downloadMBps'),
      copyMBps,
      uploadRatio: round(best('uploadMBps') / copyMBps),
      downloadRatio: round(best('downloadMBps') / copyMBps),
      apiPeakRssMB: round(Math.max(sampledPeak, hwm)),
      apiIdleRssMB,
      rounds: measured,
    };
  } finally {
    await rm(source, { force: true });
  }
}

interface Round {
  copyMBps: number;
  uploadMBps: number;
  downloadMBps: number;
}

/** A PUT of `source` through the API, answered 201 once the file is stored. */
export async function putThroughApi(stack: HeraldStack, url: string, source: string, bytes: number): Promise<void> {
  const answer = await send(url, {
    method: 'PUT',
    headers: { authorization: stack.adminAuth, 'content-type': 'application/octet-stream', 'content-length': bytes },
    body: createReadStream(source),
  });
  if (answer.status !== 201) throw new Error(`PUT of ${bytes} bytes answered ${answer.status}: ${answer.body.slice(0, 200)}`);
}

/** A GET through the API into `target`, fsynced, then removed. */
export async function getThroughApi(stack: HeraldStack, url: string, target: string, bytes: number): Promise<void> {
  const answer = await send(url, { method: 'GET', headers: { authorization: stack.adminAuth }, sink: createWriteStream(target) });
  if (answer.status !== 200 || answer.bytes !== bytes) throw new Error(`GET answered ${answer.status} with ${answer.bytes} of ${bytes} bytes`);
  await fsync(target);
  await rm(target);
}

export async function writeSource(path: string, bytes: number): Promise<void> {
  const block = randomFillSync(Buffer.alloc(BLOCK));
  const out = createWriteStream(path);
  for (let written = 0; written < bytes; written += BLOCK) {
    const chunk = block.subarray(0, Math.min(BLOCK, bytes - written));
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => {
    out.once('error', reject);
    out.end(() => resolve());
  });
  await fsync(path);
}

export async function fsync(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function timed(work: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** Polls VmRSS every 50 ms; stop() returns the highest seen, in MiB. */
export function sampleMemory(pid: number): { stop(): number } {
  let peak = memoryOf(pid)?.rssMB ?? 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, memoryOf(pid)?.rssMB ?? 0);
  }, 50);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, memoryOf(pid)?.rssMB ?? 0);
    },
  };
}
