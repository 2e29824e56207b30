import { Injectable } from '@nestjs/common';

/**
 * One critical section per file key, in this process: the step that makes a new version visible
 * (metadata, event, rename) and the step that reads metadata and opens the bytes never overlap,
 * so a reader always gets checksums that describe the bytes it streams.
 */
@Injectable()
export class PathLocks {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
