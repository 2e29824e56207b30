import { gateKey, HostGate } from './host-gate';

describe('HostGate', () => {
  it('lets perHost attempts in at once, per host', async () => {
    const gate = new HostGate(2, 0);
    const a = await gate.acquire('slow.example', 0);
    const b = await gate.acquire('slow.example', 0);
    expect(a && b).toBeTruthy();
    expect(await gate.acquire('slow.example', 0)).toBeNull();
    expect(await gate.acquire('fast.example', 0)).not.toBeNull();
    expect(gate.inFlight('slow.example')).toBe(2);
  });

  it('hands a released slot to the next waiter, in order', async () => {
    const gate = new HostGate(1, 2);
    const first = (await gate.acquire('h'))!;
    const order: string[] = [];
    const second = gate.acquire('h', 10_000).then((release) => (order.push('second'), release));
    const third = gate.acquire('h', 10_000).then((release) => (order.push('third'), release));
    first();
    first();
    (await second)!();
    (await third)!();
    expect(order).toEqual(['second', 'third']);
    expect(gate.inFlight('h')).toBe(0);
  });

  it('frees a slot once however often its release is called', async () => {
    const gate = new HostGate(1, 2);
    const first = (await gate.acquire('h'))!;
    const second = gate.acquire('h', 10_000);
    const admitted: string[] = [];
    const third = gate.acquire('h', 10_000).then((release) => (admitted.push('third'), release));
    first();
    first();
    const secondRelease = (await second)!;
    await new Promise((resolve) => setImmediate(resolve));
    expect(gate.inFlight('h')).toBe(1);
    expect(admitted).toEqual([]);
    secondRelease();
    const thirdRelease = (await third)!;
    expect(admitted).toEqual(['third']);
    thirdRelease();
    expect(gate.inFlight('h')).toBe(0);
  });

  it('turns an attempt back once the queue is full, and after the wait', async () => {
    jest.useFakeTimers();
    try {
      const gate = new HostGate(1, 1);
      await gate.acquire('h');
      const waiting = gate.acquire('h', 500);
      expect(await gate.acquire('h', 500)).toBeNull();
      jest.advanceTimersByTime(500);
      expect(await waiting).toBeNull();
      expect(gate.inFlight('h')).toBe(1);
    } finally {
      jest.useRealTimers();
    }
  });

  it('forgets a waiter that was turned back, so the next release frees the host', async () => {
    jest.useFakeTimers();
    try {
      const gate = new HostGate(1, 1);
      const holder = (await gate.acquire('h'))!;
      const waiting = gate.acquire('h', 500);
      jest.advanceTimersByTime(500);
      expect(await waiting).toBeNull();
      holder();
      expect(gate.inFlight('h')).toBe(0);
      expect(await gate.acquire('h', 0)).not.toBeNull();
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('HostGate.retryAfterMs', () => {
  it('suggests about as long as the host takes, within bounds', async () => {
    let now = 0;
    const gate = new HostGate(1, 0, () => now);
    expect(gate.retryAfterMs('h')).toBe(1_000);
    const release = (await gate.acquire('h'))!;
    now = 12_000;
    // A hanging attempt has run 12 s so far: ask again no sooner.
    expect(gate.retryAfterMs('h')).toBe(12_000);
    release();
    const quick = (await gate.acquire('fast'))!;
    now += 50;
    quick();
    expect(gate.retryAfterMs('fast')).toBe(1_000);
    now += 3_600_000;
    await gate.acquire('stuck');
    now += 3_600_000;
    expect(gate.retryAfterMs('stuck')).toBe(30_000);
  });
});

describe('gateKey', () => {
  it('gives every mail the one SMTP server and a URL target its host and port', () => {
    expect(gateKey({ type: 'email', to: 'ops@example.com' })).toBe('smtp');
    expect(gateKey({ type: 'json', url: 'https://ci.example.com:8443/hook?t=1', signingSecrets: [] })).toBe('ci.example.com:8443');
    expect(gateKey({ type: 'slack', url: 'https://hooks.slack.com/services/T/B/S' })).toBe('hooks.slack.com');
  });
});
