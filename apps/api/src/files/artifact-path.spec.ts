import { InvalidInputError } from '../common/domain-errors';
import { parseArtifactUrl } from './artifact-path';

describe('parseArtifactUrl', () => {
  it('reads the repository and the decoded path', () => {
    expect(parseArtifactUrl('/repositories/libs-release/com/example/demo/1.0.0/demo-1.0.0.jar')).toEqual({
      repository: 'libs-release',
      path: 'com/example/demo/1.0.0/demo-1.0.0.jar',
      folder: false,
    });
    expect(parseArtifactUrl('/repositories/libs/a%20b/c+d.txt?x=1')).toEqual({ repository: 'libs', path: 'a b/c+d.txt', folder: false });
  });

  it('names folders by a trailing slash, and the root of a repository', () => {
    expect(parseArtifactUrl('/repositories/libs/com/example/')).toEqual({ repository: 'libs', path: 'com/example', folder: true });
    expect(parseArtifactUrl('/repositories/libs/')).toEqual({ repository: 'libs', path: '', folder: true });
    expect(parseArtifactUrl('/repositories/libs')).toEqual({ repository: 'libs', path: '', folder: true });
  });

  it.each([
    ['a parent segment', '/repositories/libs/../secret'],
    ['a parent segment deeper down', '/repositories/libs/a/b/../../../etc/passwd'],
    ['a dot segment', '/repositories/libs/./a'],
    ['an empty segment', '/repositories/libs//a'],
    ['encoded dots', '/repositories/libs/%2e%2e/secret'],
    ['encoded dots in upper case', '/repositories/libs/%2E%2E/secret'],
    ['one encoded dot', '/repositories/libs/.%2e/secret'],
    ['an encoded slash', '/repositories/libs/a%2fb'],
    ['an encoded backslash', '/repositories/libs/a%5cb'],
    ['a backslash', '/repositories/libs/a\\..\\b'],
    ['an encoded NUL', '/repositories/libs/a%00.jar'],
    ['a raw NUL', '/repositories/libs/a\u0000.jar'],
    ['a control character', '/repositories/libs/a%0a.jar'],
    ['invalid percent-encoding', '/repositories/libs/a%zz'],
    ['a truncated escape', '/repositories/libs/a%e'],
    ['invalid UTF-8', '/repositories/libs/a%c3%28'],
    ['a repository named ..', '/repositories/../x'],
    ['a repository name starting with a dot', '/repositories/.hidden/x'],
    ['not the prefix', '/other/libs/a'],
  ])('refuses %s with 400', (_label, url) => {
    expect(() => parseArtifactUrl(url)).toThrow(InvalidInputError);
  });
});
