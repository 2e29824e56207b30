import { compilePathFilter, globProblem, isSideFile } from './path-filter';

describe('compilePathFilter', () => {
  const jar = 'com/example/demo/1.0.0/demo-1.0.0.jar';
  const pom = 'com/example/demo/1.0.0/demo-1.0.0.pom';
  const sha1 = 'com/example/demo/1.0.0/demo-1.0.0.jar.sha1';
  const metadata = 'com/example/demo/maven-metadata.xml';

  it('lets every path through without filters or with empty ones', () => {
    for (const filters of [null, undefined, { include: [], exclude: [], skipSideFiles: false }]) {
      const passes = compilePathFilter(filters);
      expect([jar, sha1, metadata, '.herald/webhook-test'].every(passes)).toBe(true);
    }
  });

  it('keeps only paths an include pattern matches, at any depth', () => {
    const passes = compilePathFilter({ include: ['**/*.jar'] });
    expect(passes(jar)).toBe(true);
    expect(passes('demo.jar')).toBe(true);
    expect(passes(pom)).toBe(false);
    expect(passes(sha1)).toBe(false);
  });

  it('drops what exclude matches, and reads a !-prefixed include pattern as an exclude', () => {
    const viaExclude = compilePathFilter({ include: ['com/example/**'], exclude: ['**/*.sha1'] });
    const viaBang = compilePathFilter({ include: ['com/example/**', '!**/*.sha1'] });
    for (const passes of [viaExclude, viaBang]) {
      expect(passes(jar)).toBe(true);
      expect(passes(sha1)).toBe(false);
      expect(passes('org/other/x.jar')).toBe(false);
    }
  });

  it('exclude alone keeps everything else', () => {
    const passes = compilePathFilter({ exclude: ['**/*.pom'] });
    expect(passes(jar)).toBe(true);
    expect(passes(pom)).toBe(false);
  });

  it('skips checksums, signatures and maven-metadata.xml with its checksums', () => {
    const passes = compilePathFilter({ skipSideFiles: true });
    expect(passes(jar)).toBe(true);
    expect(passes(pom)).toBe(true);
    for (const side of [sha1, `${jar}.md5`, `${jar}.sha256`, `${jar}.sha512`, `${jar}.asc`, metadata, `${metadata}.sha1`, 'com/example/demo/1.0-SNAPSHOT/maven-metadata.xml']) {
      expect(passes(side)).toBe(false);
    }
    expect(passes('docs/maven-metadata.xml.txt')).toBe(true);
  });

  it('matches dot folders like any other', () => {
    expect(compilePathFilter({ include: ['**/*'] })('.herald/webhook-test')).toBe(true);
  });

  it('answers the same for the same filters (compiled once)', () => {
    expect(compilePathFilter({ include: ['**/*.jar'] })).toBe(compilePathFilter({ include: ['**/*.jar'], exclude: [], skipSideFiles: false }));
  });
});

describe('isSideFile', () => {
  it('knows side files by their ending, case aside', () => {
    expect(isSideFile('a/b.JAR.SHA1')).toBe(true);
    expect(isSideFile('a/b.jar')).toBe(false);
  });
});

describe('globProblem', () => {
  it('accepts ordinary globs, ! in include', () => {
    for (const pattern of ['**/*.jar', 'com/example/**', '*.{jar,pom}', '**/demo-[0-9]*', '!**/*.sha1']) expect(globProblem(pattern, 'include')).toBeNull();
  });

  it('refuses what would silently match nothing or something else', () => {
    expect(globProblem('[abc', 'include')).toMatch(/not a valid glob \(Missing closing: "\]"/);
    expect(globProblem('*.{jar,pom', 'exclude')).toMatch(/not a valid glob/);
    expect(globProblem('/com/**', 'include')).toMatch(/starts with \//);
    expect(globProblem('!', 'include')).toBe('is empty');
    expect(globProblem('!!x', 'include')).toMatch(/starts with !!/);
    expect(globProblem('!**/*.sha1', 'exclude')).toMatch(/without it/);
  });
});
