import type { MikroORM } from '@mikro-orm/core';
import type { HeraldConfig } from '@herald/config';
import { PortalSessions } from './portal-sessions';

const IDLE_MS = 10_000;
const SECRET = 's'.repeat(43);

/** One stored row (what the query answers) and the writes the store makes. */
function storeWith(lastSeenAt: number) {
  const em = {
    findOne: jest.fn(async () => ({ lastSeenAt: new Date(lastSeenAt), user: { username: 'admin' } })),
    nativeUpdate: jest.fn(async () => 1),
    nativeDelete: jest.fn(async () => 0),
  };
  const orm = { em: { fork: () => em } } as unknown as MikroORM;
  const sessions = new PortalSessions(orm, { portal: { sessionIdleMs: IDLE_MS, secureCookies: false } } as HeraldConfig);
  return { sessions, em };
}

describe('PortalSessions activity', () => {
  it('writes activity once it lags by a tenth of the idle timeout, not at every request', async () => {
    const start = Date.now();
    const { sessions, em } = storeWith(start);
    for (const at of [start + 100, start + 500, start + 900]) expect(await sessions.read(SECRET, at)).toEqual({ username: 'admin', secret: SECRET });
    await sessions.flush(start + 950);
    expect(em.nativeUpdate).not.toHaveBeenCalled();

    await sessions.read(SECRET, start + 1_000);
    await sessions.read(SECRET, start + 1_500);
    await sessions.flush(start + 1_600);
    expect(em.nativeUpdate).toHaveBeenCalledTimes(1);
    expect(em.nativeUpdate).toHaveBeenCalledWith(expect.anything(), { id: expect.stringMatching(/^[0-9a-f]{64}$/), lastSeenAt: { $lt: new Date(start + 1_000) } }, { lastSeenAt: new Date(start + 1_000) });
  });

  it('judges idleness by the later of the stored and this process’s own last request', async () => {
    const start = Date.now();
    const { sessions } = storeWith(start);
    expect(await sessions.read(SECRET, start + IDLE_MS - 1)).not.toBeNull();
    expect(await sessions.read(SECRET, start + IDLE_MS + 500)).not.toBeNull();
    expect(await sessions.read(SECRET, start + 2 * IDLE_MS + 500)).toBeNull();
    expect(await storeWith(start).sessions.read(SECRET, start + IDLE_MS)).toBeNull();
  });

  it('keeps a failed write for the next flush', async () => {
    const start = Date.now();
    const { sessions, em } = storeWith(start - 5_000);
    await sessions.read(SECRET, start);
    em.nativeUpdate.mockRejectedValueOnce(new Error('database away'));
    await sessions.flush(start + 10);
    await sessions.flush(start + 20);
    expect(em.nativeUpdate).toHaveBeenCalledTimes(2);
    expect(em.nativeUpdate.mock.calls[1]).toEqual(em.nativeUpdate.mock.calls[0]);
  });

  it('asks the database nothing for a cookie that is not one of ours', async () => {
    const { sessions, em } = storeWith(Date.now());
    for (const cookie of [undefined, '', 'short', `${SECRET}x`, `${SECRET.slice(1)}.`]) expect(await sessions.read(cookie)).toBeNull();
    expect(em.findOne).not.toHaveBeenCalled();
  });
});
