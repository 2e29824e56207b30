import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--expose-gc');
// A context made after the flag is set has `gc`; jest's own context was made before it.
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * The most memory held in buffers while `work` runs, above what was held before, in bytes,
 * sampled every `everyMs` after a full collection: V8 frees large buffers lazily (once every
 * 64 MiB or so of new ones), so without one the figure measures the collector's lag, not the code.
 */
export async function peakBufferGrowth(everyMs: number, work: () => Promise<void>): Promise<number> {
  collectGarbage();
  const baseline = process.memoryUsage().arrayBuffers;
  let peak = baseline;
  // Each sample is a full collection, which takes long in a jest process grown large by earlier
  // suites: the next is scheduled only after it, so the work always gets `everyMs` in between.
  let timer: NodeJS.Timeout;
  const sample = () => {
    collectGarbage();
    peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    timer = setTimeout(sample, everyMs);
  };
  timer = setTimeout(sample, everyMs);
  try {
    await work();
  } finally {
    clearTimeout(timer);
  }
  return peak - baseline;
}
