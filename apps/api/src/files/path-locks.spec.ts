import { PathLocks } from './path-locks';

describe('PathLocks', () => {
  it('runs work on one key one at a time, in arrival order, and forgets idle keys', async () => {
    const locks = new PathLocks();
    const log: string[] = [];
    const step = (name: string, ticks: number) =>
      locks.run('a', async () => {
        log.push(`${name} in`);
        for (let i = 0; i < ticks; i++) await Promise.resolve();
        log.push(`${name} out`);
        return name;
      });
    expect(await Promise.all([step('one', 5), step('two', 1), step('three', 3)])).toEqual(['one', 'two', 'three']);
    expect(log).toEqual(['one in', 'one out', 'two in', 'two out', 'three in', 'three out']);
    expect((locks as unknown as { tails: Map<string, unknown> }).tails.size).toBe(0);
  });

  it('lets other keys through and survives a failing holder', async () => {
    const locks = new PathLocks();
    let releaseA!: () => void;
    const holder = locks.run('a', () => new Promise<void>((resolve) => (releaseA = resolve)));
    expect(await locks.run('b', async () => 'b done')).toBe('b done');
    releaseA();
    await holder;
    await expect(locks.run('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await locks.run('a', async () => 'after')).toBe('after');
  });
});
