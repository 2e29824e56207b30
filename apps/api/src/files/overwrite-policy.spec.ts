import { mayOverwrite } from './overwrite-policy';

describe('mayOverwrite', () => {
  it('lets a snapshot repository overwrite anything', () => {
    expect(mayOverwrite('snapshot', 'com/example/demo/1.0-SNAPSHOT/demo-1.0-SNAPSHOT.jar')).toBe(true);
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
    expect(mayOverwrite('release', path)).toBe(expected);
  });
});
