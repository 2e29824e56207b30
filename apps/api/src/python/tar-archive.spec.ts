import { execFileSync } from 'node:child_process';
import { findInTar, type TarLimits } from './tar-archive';

/** A plain tar of `count` small files named `demo-1.0/f{i}`, then `demo-1.0/PKG-INFO`, then `tail` random bytes in one more file, by Python's tarfile. */
function tar(count: number, tail = 0): Buffer {
  const script = `
import io, os, sys, tarfile
count, tail = int(sys.argv[1]), int(sys.argv[2])
out = io.BytesIO()
with tarfile.open(fileobj=out, mode='w', format=tarfile.PAX_FORMAT) as archive:
    def add(name, data):
        info = tarfile.TarInfo(name)
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    for i in range(count): add(f'demo-1.0/f{i}', b'x' * i)
    add('demo-1.0/PKG-INFO', b'Name: demo\\n')
    add('demo-1.0/tail.bin', os.urandom(tail))
sys.stdout.buffer.write(out.getvalue())
`;
  return execFileSync('/usr/bin/python3', ['-c', script, String(count), String(tail)], { maxBuffer: 64 * 1024 * 1024 });
}

const LIMITS: TarLimits = { maxEntries: 1000, maxBytes: 64 * 1024 * 1024, maxFileBytes: 1024 };
const wanted = (path: string) => path === 'demo-1.0/PKG-INFO';

/** The bytes in chunks of 10 000, counting how many were taken. */
function chunks(bytes: Buffer): { source: AsyncIterable<Buffer>; taken: () => number } {
  let taken = 0;
  async function* source() {
    for (let at = 0; at < bytes.length; at += 10_000) {
      const chunk = bytes.subarray(at, at + 10_000);
      taken += chunk.length;
      yield chunk;
    }
  }
  return { source: source(), taken: () => taken };
}

describe('findInTar', () => {
  it('stops at the file it looks for, reading no further than the chunk that holds it', async () => {
    const bytes = tar(3, 5 * 1024 * 1024);
    const { source, taken } = chunks(bytes);
    expect(await findInTar(source, wanted, LIMITS)).toEqual({ path: 'demo-1.0/PKG-INFO', bytes: Buffer.from('Name: demo\n') });
    expect(taken()).toBeLessThan(20_000);
  });

  it('answers null when the archive ends without it', async () => {
    expect(await findInTar(chunks(tar(3)).source, (path) => path === 'demo-1.0/absent', LIMITS)).toBeNull();
  });

  it('gives up after as many entries as it may look at', async () => {
    const bytes = tar(40);
    expect(await findInTar(chunks(bytes).source, wanted, { ...LIMITS, maxEntries: 41 })).not.toBeNull();
    await expect(findInTar(chunks(bytes).source, wanted, { ...LIMITS, maxEntries: 40 })).rejects.toThrow('it has more than 40 entries before the file looked for');
  });

  it('refuses the file looked for when it is larger than allowed', async () => {
    await expect(findInTar(chunks(tar(0)).source, wanted, { ...LIMITS, maxFileBytes: 5 })).rejects.toThrow('demo-1.0/PKG-INFO is larger than 5 bytes');
  });

  it('refuses a tar cut in the middle of an entry, and bytes that are no tar', async () => {
    const bytes = tar(0, 100_000);
    await expect(findInTar(chunks(bytes.subarray(0, 1536 + 700)).source, (path) => path === 'demo-1.0/absent', LIMITS)).rejects.toThrow('it ends in the middle of an entry');
    const damaged = Buffer.from(bytes);
    damaged[10] ^= 0xff;
    await expect(findInTar(chunks(damaged).source, wanted, LIMITS)).rejects.toThrow('a header checksum does not match');
  });
});
