import { compareVersions, formatVersion, isPrerelease, normalizeVersion, parseVersion, type PythonVersion } from './package-version';

function version(text: string): PythonVersion {
  const parsed = parseVersion(text);
  if (!parsed) throw new Error(`${text} should parse`);
  return parsed;
}

describe('normalizeVersion', () => {
  // Each expected value is what Python's packaging.version.Version(text) prints.
  it.each([
    ['1.0', '1.0'],
    ['1.0.0', '1.0.0'],
    ['2013.10.1', '2013.10.1'],
    ['v1.0', '1.0'],
    ['V1.0', '1.0'],
    ['1!2.0', '1!2.0'],
    ['0!1.0', '1.0'],
    ['01.002.0003', '1.2.3'],
    ['1.0.0RC1', '1.0.0rc1'],
    ['1.0a', '1.0a0'],
    ['1.0-alpha-1', '1.0a1'],
    ['1.0_beta_2', '1.0b2'],
    ['1.0.b.2', '1.0b2'],
    ['1.0c1', '1.0rc1'],
    ['1.0pre', '1.0rc0'],
    ['1.0preview3', '1.0rc3'],
    ['1.0-c-3', '1.0rc3'],
    ['1.0-1', '1.0.post1'],
    ['1.0-post', '1.0.post0'],
    ['1.0.post', '1.0.post0'],
    ['1.0.post-1', '1.0.post1'],
    ['1.0rev2', '1.0.post2'],
    ['1.0r', '1.0.post0'],
    ['1.0post.1', '1.0.post1'],
    ['v1.0-post2', '1.0.post2'],
    ['1.0-dev', '1.0.dev0'],
    ['1.0DEV', '1.0.dev0'],
    ['1.0.dev.1', '1.0.dev1'],
    ['1.0a1-1', '1.0a1.post1'],
    ['1.0b2-345.dev456', '1.0b2.post345.dev456'],
    ['1.0a1.post1.dev1', '1.0a1.post1.dev1'],
    ['1.0+abc', '1.0+abc'],
    ['1.0+Ubuntu-1', '1.0+ubuntu.1'],
    ['1.0+a_b.c-d', '1.0+a.b.c.d'],
    ['1.0+0001', '1.0+1'],
    ['1.0+abc.007', '1.0+abc.7'],
    ['  1.0  ', '1.0'],
    ['\t1.0\n', '1.0'],
  ])('%j is %s', (text, normalized) => {
    expect(normalizeVersion(text)).toBe(normalized);
  });

  it.each([
    '',
    'foo',
    '1.0.0-',
    '1..0',
    '1.0.',
    '.1.0',
    '-1.0',
    '1.0+',
    '1.0++a',
    '1.0+-a',
    '1.0+a..b',
    '1.0+ubuntu-1.',
    '1.0 beta',
    'v 1.0',
    '1.0_1',
    '1.0-1-1',
    '1!',
    '!1.0',
    '1!2!3',
    'vv1.0',
    '1.0v',
    '1.0rc1rc2',
    '1.0dev1post1',
    '1.0a1.post1.rc1',
    '1e5',
    '1.0.x',
  ])('refuses %j, as Python does', (text) => {
    expect(normalizeVersion(text)).toBeNull();
  });

  it('refuses what Python would take but JavaScript cannot hold or Herald will not show', () => {
    expect(normalizeVersion('9007199254740991')).toBe('9007199254740991');
    expect(normalizeVersion('9007199254740992')).toBeNull();
    expect(normalizeVersion('1.0+9007199254740993')).toBeNull();
    expect(normalizeVersion('1.0\u00a0')).toBeNull();
    expect(normalizeVersion('1.0+\u017f')).toBeNull();
  });

  it('reads up to 128 characters and no more', () => {
    expect(normalizeVersion(`1.${'0'.repeat(126)}`)).toBe('1.0');
    expect(normalizeVersion(`1.${'0'.repeat(127)}`)).toBeNull();
    expect(normalizeVersion('1.0'.repeat(100_000))).toBeNull();
  });

  it('fails fast on inputs built to make a backtracking pattern work hard', () => {
    const hostile = [
      `${'1.'.repeat(63)}x`,
      `${'1'.repeat(127)}!`,
      `1.0+${'a.'.repeat(61)}-`,
      `1.0${'-1'.repeat(62)}`,
      `1${'.0a'.repeat(42)}`,
    ];
    const started = Date.now();
    for (let round = 0; round < 200; round++) {
      for (const text of hostile) expect(parseVersion(text)).toBeNull();
    }
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('parseVersion', () => {
  it('reads every part, numbers without leading zeros and local segments by kind', () => {
    expect(parseVersion('2!01.2.03rc04.post05.dev06+Ubuntu-007.x')).toEqual({
      epoch: 2,
      release: [1, 2, 3],
      pre: ['rc', 4],
      post: 5,
      dev: 6,
      local: ['ubuntu', 7, 'x'],
    });
    expect(parseVersion('1.0')).toEqual({ epoch: 0, release: [1, 0], pre: null, post: null, dev: null, local: null });
  });
});

describe('formatVersion', () => {
  it('leaves out a zero epoch and spells each part canonically', () => {
    expect(formatVersion({ epoch: 0, release: [1, 0, 0], pre: ['b', 2], post: 0, dev: 3, local: ['abc', 5] })).toBe(
      '1.0.0b2.post0.dev3+abc.5',
    );
    expect(formatVersion({ epoch: 3, release: [2024], pre: null, post: null, dev: null, local: null })).toBe('3!2024');
  });
});

describe('compareVersions', () => {
  // PEP 440, "Summary of permitted suffixes and relative ordering", with an epoch after it.
  const ORDER = [
    '1.dev0',
    '1.0.dev456',
    '1.0a1',
    '1.0a2.dev456',
    '1.0a12.dev456',
    '1.0a12',
    '1.0b1.dev456',
    '1.0b2',
    '1.0b2.post345.dev456',
    '1.0b2.post345',
    '1.0rc1.dev456',
    '1.0rc1',
    '1.0',
    '1.0+abc.5',
    '1.0+abc.7',
    '1.0+5',
    '1.0.post456.dev34',
    '1.0.post456',
    '1.0.15',
    '1.1.dev1',
    '1!0.1',
  ];

  it.each([
    ['reversed', [...ORDER].reverse()],
    ['in string order', [...ORDER].sort()],
    ['interleaved', ORDER.filter((_, i) => i % 2 === 1).concat(ORDER.filter((_, i) => i % 2 === 0).reverse())],
  ])('sorts the spec’s list back into order from %s', (_label, shuffled) => {
    const sorted = shuffled.map(version).sort(compareVersions).map(formatVersion);
    expect(sorted).toEqual(ORDER.map((text) => normalizeVersion(text)));
  });

  it('orders every pair of the list both ways', () => {
    ORDER.forEach((earlier, i) =>
      ORDER.slice(i + 1).forEach((later) => {
        expect([earlier, later, compareVersions(version(earlier), version(later))]).toEqual([earlier, later, -1]);
        expect([later, earlier, compareVersions(version(later), version(earlier))]).toEqual([later, earlier, 1]);
      }),
    );
  });

  it.each([
    ['1.0', '1.0.0'],
    ['1', '1.0.0.0'],
    ['1.0a1', '1.0.0a1'],
    ['0!1.0', '1.0'],
    ['1.0+Ubuntu-1', '1.0+ubuntu.1'],
    ['1.0+abc.01', '1.0+abc.1'],
  ])('holds %s and %s equal', (a, b) => {
    expect(compareVersions(version(a), version(b))).toBe(0);
  });

  it.each([
    ['a release before its post release', '1.0', '1.0.post0'],
    ['a post release of a pre-release before the next pre-release', '1.0a1.post1', '1.0a2'],
    ['a dev release of a post release after the release', '1.0', '1.0.post1.dev0'],
    ['numbers by value, not as text', '1.9', '1.10'],
    ['a shorter local part that is a prefix first', '1.0+abc', '1.0+abc.1'],
    ['local text segments by code point', '1.0+abc', '1.0+abd'],
    ['local numbers by value', '1.0+9', '1.0+10'],
  ])('puts %s', (_label, lower, higher) => {
    expect(compareVersions(version(lower), version(higher))).toBe(-1);
    expect(compareVersions(version(higher), version(lower))).toBe(1);
  });
});

describe('isPrerelease', () => {
  it.each([
    ['1.0a1', true],
    ['1.0rc1', true],
    ['1.0.dev1', true],
    ['1.0.post1.dev1', true],
    ['1.0', false],
    ['1.0.post1', false],
    ['1.0+abc', false],
    ['1!2.0', false],
  ])('%s: %s', (text, prerelease) => {
    expect(isPrerelease(version(text))).toBe(prerelease);
  });
});
