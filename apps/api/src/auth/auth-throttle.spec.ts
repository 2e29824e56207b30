import { Logger } from '@nestjs/common';
import type { MikroORM } from '@mikro-orm/core';
import type { HeraldConfig } from '@herald/config';
import type { AuditLog } from '../audit/audit-log.service';
import { ADDRESS_FAILURE_LIMIT, addressKey, AuthThrottle, FAILURE_WINDOW_MS, FailureWindows, failureKeys, PAIR_FAILURE_LIMIT, pairKey } from './auth-throttle';

const ADDRESS = '192.0.2.7';

describe('FailureWindows', () => {
  let now: number;
  let windows: FailureWindows;
  const failTimes = (times: number, username: string | null = 'ci', address = ADDRESS) => {
    for (let k = 0; k < times; k++) windows.failed(failureKeys(address, username));
  };
  const retryAfter = (username: string | null = 'ci', address = ADDRESS) => windows.retryAfterSeconds(failureKeys(address, username));

  beforeEach(() => {
    now = Date.UTC(2026, 11, 3, 1, 0, 0);
    windows = new FailureWindows(() => now);
  });

  it('refuses a pair from its tenth failure until 15 minutes after its first, then starts afresh', () => {
    failTimes(PAIR_FAILURE_LIMIT - 1);
    now += 60_000;
    expect(retryAfter()).toBe(0);
    failTimes(1);
    expect(retryAfter()).toBe(14 * 60);
    now += 14 * 60_000 - 1_500;
    expect(retryAfter()).toBe(2);
    now += 1_500;
    expect(retryAfter()).toBe(0);
    failTimes(1);
    expect(retryAfter()).toBe(0);
  });

  it('refuses the address after 50 failures whatever the usernames, other addresses and Bearer alike', () => {
    for (let k = 0; k < ADDRESS_FAILURE_LIMIT - 1; k++) failTimes(1, `user-${k}`);
    expect(retryAfter('someone-else')).toBe(0);
    failTimes(1, null);
    expect(retryAfter('someone-else')).toBe(FAILURE_WINDOW_MS / 1_000);
    expect(retryAfter(null)).toBe(FAILURE_WINDOW_MS / 1_000);
    expect(retryAfter('someone-else', '192.0.2.8')).toBe(0);
  });

  it('counts checks still running against their windows, refusing for a second what only they would fill', () => {
    failTimes(PAIR_FAILURE_LIMIT - 3);
    const keys = failureKeys(ADDRESS, 'ci');
    windows.checkStarted(keys);
    windows.checkStarted(keys);
    expect(retryAfter()).toBe(0);
    windows.checkStarted(keys);
    expect(retryAfter()).toBe(1);
    expect(retryAfter('someone-else')).toBe(0);
    windows.checkEnded(keys);
    expect(retryAfter()).toBe(0);
    windows.checkEnded(keys);
    windows.checkEnded(keys);
    expect(windows.empty).toBe(false);
    failTimes(3);
    expect(retryAfter()).toBe(FAILURE_WINDOW_MS / 1_000);
  });

  it('clears a pair that signs in, but not its address', () => {
    failTimes(PAIR_FAILURE_LIMIT - 1);
    windows.succeeded(pairKey(ADDRESS, 'ci'));
    failTimes(PAIR_FAILURE_LIMIT - 1);
    expect(retryAfter()).toBe(0);
    expect(windows.take()).toMatchObject({ cleared: [pairKey(ADDRESS, 'ci').key] });
    failTimes(ADDRESS_FAILURE_LIMIT - 2 * (PAIR_FAILURE_LIMIT - 1), 'other');
    expect(retryAfter('third')).toBeGreaterThan(0);
  });

  it('hands out unwritten failures once, keeps them when a write fails, and adds the shared count read back', () => {
    failTimes(3);
    const taken = windows.take();
    expect(taken.unwritten.map(({ username, failures }) => ({ username, failures }))).toEqual([
      { username: null, failures: 3 },
      { username: 'ci', failures: 3 },
    ]);
    expect(windows.take().unwritten).toEqual([]);
    failTimes(1);
    windows.putBack(taken);
    expect(windows.take().unwritten.map(({ failures }) => failures)).toEqual([4, 4]);

    // Another process stored 8 more for the pair; one failure counted here since the flush began.
    failTimes(1);
    windows.stored([{ key: pairKey(ADDRESS, 'ci').key, failures: 4 + 8, windowStartedAt: new Date(now - 60_000) }]);
    expect(retryAfter()).toBe(14 * 60);
  });

  it('ignores windows read back that have expired, and forgets its own once they expire', () => {
    windows.stored([{ key: addressKey(ADDRESS).key, failures: ADDRESS_FAILURE_LIMIT, windowStartedAt: new Date(now - FAILURE_WINDOW_MS) }]);
    expect(windows.empty).toBe(true);
    failTimes(PAIR_FAILURE_LIMIT);
    now += FAILURE_WINDOW_MS;
    windows.stored([]);
    expect(windows.empty).toBe(true);
  });

  it('keeps at most 10 000 keys in memory under a flood of distinct usernames', () => {
    for (let k = 0; k < 12_000; k++) windows.failed([pairKey(`198.51.100.${k % 250}`, `user-${k}`)]);
    const taken = windows.take();
    expect(taken.unwritten).toHaveLength(10_000);
  });
});

describe('AuthThrottle without its database', () => {
  it('keeps counting in memory and logs the outage once', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const down = () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    const orm = { em: { fork: () => ({ transactional: down, getConnection: () => ({ execute: down }), getTransactionContext: () => undefined }) } } as unknown as MikroORM;
    const throttle = new AuthThrottle(orm, { database: { dialect: 'sqlite', file: ':memory:' } } as HeraldConfig, {} as AuditLog);
    for (let k = 0; k < PAIR_FAILURE_LIMIT; k++) {
      throttle.failed(ADDRESS, 'ci');
      await throttle.flush();
    }
    expect(throttle.retryAfterSeconds(ADDRESS, 'ci')).toBe(FAILURE_WINDOW_MS / 1_000);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/failed sign-in counts wait in memory/);
    warn.mockRestore();
  });
});
