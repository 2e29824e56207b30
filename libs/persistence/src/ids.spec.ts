import { newId } from './ids';

describe('newId', () => {
  it('carries its prefix and a URL-safe body', () => {
    expect(newId('evt')).toMatch(/^evt_[0-9a-hjkmnp-tv-z]{26}$/);
  });

  it('sorts by creation time', async () => {
    const first = newId('evt');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = newId('evt');
    expect([second, first].sort()).toEqual([first, second]);
  });

  it('sorts by creation within one millisecond too, carrying across digits', () => {
    const ids = Array.from({ length: 5_000 }, () => newId('evt'));
    expect([...ids].sort()).toEqual(ids);
  });

  it('stays in order when the clock steps back', () => {
    const now = jest.spyOn(Date, 'now');
    try {
      now.mockReturnValue(Date.parse('2026-12-02T12:00:00.000Z'));
      const before = newId('evt');
      now.mockReturnValue(Date.parse('2026-12-02T11:59:59.000Z'));
      const after = newId('evt');
      expect([after, before].sort()).toEqual([before, after]);
    } finally {
      now.mockRestore();
    }
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newId('x')));
    expect(ids.size).toBe(10_000);
  });
});
