import type { DigestEventSignal } from '../libs/contracts/src';
import { SEEN_FOR_MS, addEvent, closeWindow, emptyDigestState, forgetOld } from './digest-window';

const T0 = Date.parse('2026-11-28T22:00:00.000Z');

function event(id: string, fields: Partial<DigestEventSignal> = {}): DigestEventSignal {
  return { eventId: id, type: 'file.downloaded', path: 'com/example/demo/1.0/demo-1.0.jar', actor: 'ci', occurredAt: new Date(T0).toISOString(), windowSeconds: 10, ...fields };
}

describe('digest window', () => {
  it('opens a window of the first event\'s length and aggregates counts, paths and actors', () => {
    const state = emptyDigestState();
    expect(addEvent(state, event('evt_1'), T0)).toBe(true);
    addEvent(state, event('evt_2', { path: 'b.pom', type: 'file.uploaded', actor: 'deployer', windowSeconds: 99 }), T0 + 1_000);
    addEvent(state, event('evt_3', { actor: null, occurredAt: new Date(T0 - 5_000).toISOString() }), T0 + 2_000);
    expect(state.window).toMatchObject({ startMs: T0, endMs: T0 + 10_000 });

    expect(closeWindow(state, 'libs-release', T0 + 10_000)).toEqual({
      repository: 'libs-release',
      windowStart: '2026-11-28T22:00:00.000Z',
      windowEnd: '2026-11-28T22:00:10.000Z',
      counts: { 'file.downloaded': 2, 'file.uploaded': 1 },
      paths: [
        { path: 'b.pom', counts: { 'file.uploaded': 1 } },
        { path: 'com/example/demo/1.0/demo-1.0.jar', counts: { 'file.downloaded': 2 } },
      ],
      actors: ['ci', 'deployer'],
      firstEventAt: '2026-11-28T21:59:55.000Z',
      lastEventAt: '2026-11-28T22:00:00.000Z',
    });
    expect(state.window).toBeNull();
    expect(closeWindow(state, 'libs-release', T0 + 11_000)).toBeNull();
  });

  it('counts an event id once, even when its signal comes again in the next window', () => {
    const state = emptyDigestState();
    addEvent(state, event('evt_1'), T0);
    expect(addEvent(state, event('evt_1'), T0 + 500)).toBe(false);
    closeWindow(state, 'r', T0 + 10_000);
    forgetOld(state, T0 + 10_000);
    expect(addEvent(state, event('evt_1'), T0 + 20_000)).toBe(false);
    expect(state.window).toBeNull();
  });

  it('forgets ids after an hour, so the state stays small', () => {
    const state = emptyDigestState();
    addEvent(state, event('evt_old'), T0);
    addEvent(state, event('evt_new'), T0 + SEEN_FOR_MS);
    forgetOld(state, T0 + SEEN_FOR_MS + 1);
    expect(Object.keys(state.seen)).toEqual(['evt_new']);
  });

  it('survives a JSON round trip (continue-as-new) with the same result', () => {
    const state = emptyDigestState();
    addEvent(state, event('evt_1'), T0);
    const carried = JSON.parse(JSON.stringify(state));
    expect(addEvent(carried, event('evt_1'), T0 + 1)).toBe(false);
    addEvent(carried, event('evt_2'), T0 + 2);
    expect(closeWindow(carried, 'r', T0 + 10_000)?.counts).toEqual({ 'file.downloaded': 2 });
  });
});
