import { contentTypeFor } from './content-type';

describe('contentTypeFor', () => {
  it.each([
    ['demo-1.0.jar', 'application/java-archive'],
    ['demo-1.0.pom', 'application/xml'],
    ['maven-metadata.xml', 'application/xml'],
    ['demo-1.0.module', 'application/json'],
    ['demo-1.0.jar.sha1', 'text/plain'],
    ['demo-1.0.jar.sha512', 'text/plain'],
    ['demo-1.0.jar.md5', 'text/plain'],
    ['DEMO.JAR', 'application/java-archive'],
    ['no-extension', 'application/octet-stream'],
    ['archive.tar.gz', 'application/gzip'],
  ])('gives %s the type %s when the client sent none', (name, expected) => {
    expect(contentTypeFor(`com/example/${name}`, undefined)).toBe(expected);
    expect(contentTypeFor(`com/example/${name}`, 'application/octet-stream')).toBe(expected);
  });

  it('keeps an informative type the client sent', () => {
    expect(contentTypeFor('a/b.bin', 'image/png')).toBe('image/png');
    expect(contentTypeFor('a/b.pom', 'text/xml; charset=utf-8')).toBe('text/xml; charset=utf-8');
  });
});
