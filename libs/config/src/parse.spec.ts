import { parseBoolean, parseBytes, parseDurationMs } from './parse';

describe('value parsers', () => {
  it.each([
    ['15s', 15_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['250ms', 250],
    ['1d', 86_400_000],
    ['3', 3_000],
    ['1.5s', 1_500],
  ])('reads the duration %s', (raw, ms) => expect(parseDurationMs(raw)).toBe(ms));

  it.each(['', 'soon', '5 minutes', '-1s', '5w'])('refuses the duration %j', (raw) => expect(parseDurationMs(raw)).toBeUndefined());

  it.each([
    ['2GiB', 2 * 1024 ** 3],
    ['500MB', 500_000_000],
    ['64KiB', 65_536],
    ['1048576', 1_048_576],
  ])('reads the size %s', (raw, bytes) => expect(parseBytes(raw)).toBe(bytes));

  it.each(['', 'big', '2 GiBs', '-5MB'])('refuses the size %j', (raw) => expect(parseBytes(raw)).toBeUndefined());

  it('reads booleans strictly', () => {
    expect(parseBoolean('true')).toBe(true);
    expect(parseBoolean('FALSE')).toBe(false);
    expect(parseBoolean('perhaps')).toBeUndefined();
  });
});
