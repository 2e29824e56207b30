import { TOKEN_USE_GRANULARITY_MS, TokenUses } from './token-uses';

describe('TokenUses', () => {
  const at = (ms: number) => new Date(1_800_000_000_000 + ms);

  it('writes a token first used once, however many requests it makes within the granularity', () => {
    const uses = new TokenUses();
    for (let i = 0; i < 50; i += 1) uses.used('tok_a', at(i * 100));
    expect(uses.take()).toEqual(new Map([['tok_a', at(0)]]));
    uses.used('tok_a', at(TOKEN_USE_GRANULARITY_MS - 1));
    expect(uses.take().size).toBe(0);
    uses.used('tok_a', at(TOKEN_USE_GRANULARITY_MS));
    expect(uses.take()).toEqual(new Map([['tok_a', at(TOKEN_USE_GRANULARITY_MS)]]));
  });

  it('does not write again what the database already holds as recent', () => {
    const uses = new TokenUses();
    uses.stored('tok_a', at(0));
    uses.stored('tok_b', null);
    uses.used('tok_a', at(1_000));
    uses.used('tok_b', at(1_000));
    expect([...uses.take().keys()]).toEqual(['tok_b']);
  });

  it('keeps uses a failed write could not store, without overwriting newer ones', () => {
    const uses = new TokenUses();
    uses.used('tok_a', at(0));
    const failed = uses.take();
    uses.used('tok_a', at(TOKEN_USE_GRANULARITY_MS * 2));
    uses.putBack(failed);
    expect(uses.take()).toEqual(new Map([['tok_a', at(TOKEN_USE_GRANULARITY_MS * 2)]]));
    uses.putBack(failed);
    expect(uses.take()).toEqual(new Map([['tok_a', at(0)]]));
  });
});
