import { isValidProjectName, normalizeProjectName } from './package-name';

describe('isValidProjectName', () => {
  it.each(['a', 'Z', '7', 'demo', 'demo-lib', 'Demo_Lib', 'zope.interface', 'a.b_c-d', 'a--b', 'x'.repeat(200)])(
    'accepts %s',
    (name) => {
      expect(isValidProjectName(name)).toBe(true);
    },
  );

  it.each([
    ['empty', ''],
    ['a leading dash', '-demo'],
    ['a trailing dash', 'demo-'],
    ['a leading dot', '.demo'],
    ['a trailing underscore', 'demo_'],
    ['a space', 'demo lib'],
    ['a slash', 'demo/lib'],
    ['a plus', 'demo+lib'],
    ['a non-ASCII letter', 'démo'],
    ['a long s, which folds to s in case-insensitive Unicode matching', 'ſetup'],
    ['the Kelvin sign, which folds to k', '\u212Aelvin'],
    ['a trailing newline', 'demo\n'],
    ['201 characters', 'x'.repeat(201)],
  ])('refuses %s', (_label, name) => {
    expect(isValidProjectName(name)).toBe(false);
  });
});

describe('normalizeProjectName', () => {
  it.each([
    ['demo', 'demo'],
    ['Demo_Lib', 'demo-lib'],
    ['zope.interface', 'zope-interface'],
    ['Foo.Bar_baz-QUX', 'foo-bar-baz-qux'],
    ['a--_..b', 'a-b'],
    ['A__B', 'a-b'],
    ['x1.0', 'x1-0'],
  ])('%s is %s', (name, normalized) => {
    expect(normalizeProjectName(name)).toBe(normalized);
  });
});
