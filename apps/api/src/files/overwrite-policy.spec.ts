import { mayOverwrite, overwriteRefused, type OverwriteRules } from './overwrite-policy';

const release: OverwriteRules = { name: 'libs-release', format: 'maven', policy: 'release' };
const snapshot: OverwriteRules = { name: 'libs-snapshot', format: 'maven', policy: 'snapshot' };

describe('mayOverwrite', () => {
  it('lets a snapshot repository overwrite anything', () => {
    expect(mayOverwrite(snapshot, 'com/example/demo/1.0-SNAPSHOT/demo-1.0-SNAPSHOT.jar')).toBe(true);
  });

  it.each([
    ['com/example/demo/maven-metadata.xml', true],
    ['com/example/demo/maven-metadata.xml.sha1', true],
    ['com/example/demo/1.0/demo-1.0.jar.md5', true],
    ['com/example/demo/1.0/demo-1.0.jar.sha256', true],
    ['com/example/demo/1.0/demo-1.0.jar.sha512', true],
    ['com/example/demo/1.0/demo-1.0.jar', false],
    ['com/example/demo/1.0/demo-1.0.pom', false],
    ['com/example/demo/1.0/demo-1.0.module', false],
    ['com/example/demo/1.0/not-maven-metadata.xml', false],
  ])('release: %s may be overwritten: %s', (path, expected) => {
    expect(mayOverwrite(release, path)).toBe(expected);
  });

  it('never lets a python repository replace a distribution, even with the snapshot policy', () => {
    expect(mayOverwrite({ name: 'py', format: 'python', policy: 'snapshot' }, 'packages/demo/1.0/demo-1.0.tar.gz')).toBe(false);
  });
});

describe('overwriteRefused', () => {
  it('names the distribution and the rule in a python repository', () => {
    expect(overwriteRefused({ name: 'py', format: 'python', policy: 'release' }, 'packages/demo/1.0/demo-1.0.tar.gz').message).toBe(
      'demo-1.0.tar.gz already exists in py: Python distributions are immutable, upload a new version',
    );
  });
});
