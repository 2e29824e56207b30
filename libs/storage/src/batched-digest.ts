import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { createBLAKE2b } from 'hash-wasm';

/** Bytes handed to the digest thread at once: few messages for a big file, none for a small one. */
const BATCH_BYTES = 1024 * 1024;
/**
 * Batches on their way through the thread, for all uploads together. They live in one shared
 * memory block made once, so hashing a big file allocates nothing per batch; an upload that
 * finds every slot taken waits for one.
 */
const SLOTS = 4;

/**
 * The name that asks for BLAKE2b with a 32-byte digest (Python's `blake2b(digest_size=32)`, what
 * twine sends as `blake2_256_digest`): Node's crypto has only the 64-byte one, so hash-wasm
 * computes it. Every other name is one of Node's.
 */
export const BLAKE2B_256 = 'blake2b256';

// The thread's whole program, plain CommonJS so it runs the same from dist/ and under ts-jest.
// hash-wasm starts a hash asynchronously, so each batch of a job waits for the one before it;
// a failure is rethrown outside the promise, which ends the thread as a synchronous one would.
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
let hashWasm = null;
const start = (algorithm) => {
  if (algorithm !== '${BLAKE2B_256}') return createHash(algorithm);
  hashWasm ??= require(workerData.hashWasm);
  return hashWasm.createBLAKE2b(256);
};
const hashes = new Map();
parentPort.on('message', ({ job, algorithms, slot, length, end, cancel }) => {
  if (cancel) return void hashes.delete(job);
  const hashing = (hashes.get(job) ?? Promise.all(algorithms.map(start))).then((running) => {
    const bytes = new Uint8Array(workerData.slots, slot * workerData.slotBytes, length);
    for (const hash of running) hash.update(bytes);
    return running;
  });
  if (end) hashes.delete(job);
  else hashes.set(job, hashing);
  hashing.then(
    (running) => parentPort.postMessage(end ? { job, slot, digests: running.map((hash) => hash.digest('hex')) } : { job, slot }),
    (error) => process.nextTick(() => { throw error; }),
  );
});
`;

/** What Node's hashes and hash-wasm's have in common. */
interface RunningHash {
  update(bytes: Uint8Array): unknown;
  digest(encoding: 'hex'): string;
}

/** The main thread's twin of the thread's `start`: both sides must agree on every name. */
function startHash(algorithm: string): RunningHash | Promise<RunningHash> {
  return algorithm === BLAKE2B_256 ? createBLAKE2b(256) : createHash(algorithm);
}

interface Job {
  digested(hexes: string[]): void;
  failed(error: Error): void;
}

/**
 * One thread per process that hashes for every upload, started at the first upload of more than
 * a batch and unreferenced, so it never keeps the process alive. Jobs are numbered; the thread
 * hands back each slot it has hashed, and the digest with the last one.
 */
class DigestThread {
  private worker: Worker | null = null;
  private readonly slots = new SharedArrayBuffer(SLOTS * BATCH_BYTES);
  private readonly free = Array.from({ length: SLOTS }, (_, slot) => slot);
  /** Slots handed to the thread and not yet given back. */
  private readonly hashing = new Set<number>();
  private readonly waitingForSlot: Array<(slot: number) => void> = [];
  private nextJob = 1;
  private readonly jobs = new Map<number, Job>();

  open(job: Job): number {
    const id = this.nextJob++;
    this.jobs.set(id, job);
    return id;
  }

  /** A free slot now, if there is one. */
  freeSlot(): number | undefined {
    return this.free.pop();
  }

  /** A free slot, once one is. */
  slot(): Promise<number> {
    const slot = this.free.pop();
    if (slot !== undefined) return Promise.resolve(slot);
    return new Promise((resolve) => this.waitingForSlot.push(resolve));
  }

  /** Gives a slot back: to the longest waiting body, or to the free list. */
  release(slot: number): void {
    const waiting = this.waitingForSlot.shift();
    if (waiting) waiting(slot);
    else this.free.push(slot);
  }

  /** Copies `chunks` (at most a batch) into `slot` and has the thread hash them. */
  hash(job: number, algorithms: readonly string[], slot: number, chunks: Buffer[], end: boolean): void {
    let worker: Worker;
    try {
      worker = this.running();
    } catch (error) {
      // No thread could start: the slot must not be lost with this body.
      this.release(slot);
      throw error;
    }
    const view = Buffer.from(this.slots, slot * BATCH_BYTES, BATCH_BYTES);
    let length = 0;
    for (const chunk of chunks) length += chunk.copy(view, length);
    worker.postMessage({ job, algorithms, slot, length, end });
    this.hashing.add(slot);
  }

  cancel(job: number): void {
    if (!this.jobs.delete(job) || !this.worker) return;
    this.worker.postMessage({ job, cancel: true });
  }

  private running(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(THREAD_SOURCE, {
      eval: true,
      // The program is evaluated, not loaded from a file: it cannot resolve a package itself.
      workerData: { slots: this.slots, slotBytes: BATCH_BYTES, hashWasm: require.resolve('hash-wasm') },
      // Not the process's flags (a ts-node loader, say): the program above needs none.
      execArgv: [],
      // It keeps a few hashes and messages: a small heap keeps the API's footprint small.
      resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 },
    });
    worker.on('message', ({ job, slot, digests }: { job: number; slot: number; digests?: string[] }) => {
      this.hashing.delete(slot);
      this.release(slot);
      if (digests === undefined) return;
      const waiting = this.jobs.get(job);
      this.jobs.delete(job);
      waiting?.digested(digests);
    });
    const lost = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      const jobs = [...this.jobs.values()];
      this.jobs.clear();
      for (const job of jobs) job.failed(error);
      // The thread is gone with the slots it held: they are free again.
      const held = [...this.hashing];
      this.hashing.clear();
      for (const slot of held) this.release(slot);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the digest thread exited with code ${code}`)));
    // After the listeners: adding a 'message' listener refs the worker again.
    worker.unref();
    this.worker = worker;
    return worker;
  }
}

const thread = new DigestThread();

/**
 * A digest computed on the digest thread while the caller goes on with the bytes (writing them
 * to disk, hashing them with other algorithms): an upload's slowest hash no longer bounds its
 * speed. Chunks are gathered into 1 MiB batches; a body that never fills one is hashed right
 * here, so small files pay no message at all. `update` returns a promise when the body must wait
 * for a free slot: the caller waits for it before passing more.
 */
export class BatchedDigest<A extends string> {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private job: number | null = null;
  private result: Promise<Record<A, string>> | null = null;
  private settle: { digested(hexes: string[]): void; failed(error: Error): void } | null = null;
  private failure: Error | null = null;

  constructor(private readonly algorithms: readonly A[]) {}

  update(chunk: Buffer): Promise<void> | null {
    if (this.failure) return Promise.reject(this.failure);
    let rest = chunk;
    while (this.pendingBytes + rest.length > BATCH_BYTES) {
      const room = BATCH_BYTES - this.pendingBytes;
      this.keep(rest.subarray(0, room));
      rest = rest.subarray(room);
      const slot = thread.freeSlot();
      if (slot === undefined) return this.sendWhenFree(rest);
      this.sendIn(slot, false);
    }
    if (rest.length > 0) this.keep(rest);
    return null;
  }

  /** The hex digests, by algorithm, of everything passed to `update`. */
  digest(): Promise<Record<A, string>> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.job === null) {
      this.result ??= this.digestHere(this.pending);
      this.pending = [];
      return this.result;
    }
    this.result ??= new Promise<Record<A, string>>((resolve, failed) => {
      this.settle = { digested: (hexes) => resolve(this.byAlgorithm(hexes)), failed };
      this.send(true).catch(failed);
    });
    return this.result;
  }

  /** Drops the digest (the upload failed): the thread forgets the job. */
  discard(): void {
    this.pending = [];
    // A batch still waiting for a slot gives it back instead of sending.
    this.failure ??= new Error('the digest was discarded');
    if (this.job !== null) thread.cancel(this.job);
  }

  private async digestHere(chunks: Buffer[]): Promise<Record<A, string>> {
    const hashes = await Promise.all(this.algorithms.map(startHash));
    for (const chunk of chunks) for (const hash of hashes) hash.update(chunk);
    return this.byAlgorithm(hashes.map((hash) => hash.digest('hex')));
  }

  private byAlgorithm(hexes: string[]): Record<A, string> {
    return Object.fromEntries(this.algorithms.map((algorithm, index) => [algorithm, hexes[index]])) as Record<A, string>;
  }

  private keep(chunk: Buffer): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
  }

  /** Sends the full batch once a slot is free, then goes on with the rest of the chunk. */
  private async sendWhenFree(rest: Buffer): Promise<void> {
    await this.send(false);
    await this.update(rest);
  }

  private async send(end: boolean): Promise<void> {
    const slot = await thread.slot();
    if (this.failure) {
      thread.release(slot);
      throw this.failure;
    }
    this.sendIn(slot, end);
  }

  private sendIn(slot: number, end: boolean): void {
    this.job ??= thread.open({
      digested: (hexes) => this.settle?.digested(hexes),
      failed: (error) => {
        this.failure = error;
        this.settle?.failed(error);
      },
    });
    thread.hash(this.job, this.algorithms, slot, this.pending, end);
    this.pending = [];
    this.pendingBytes = 0;
  }
}
