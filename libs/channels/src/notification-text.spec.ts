import type { DigestData, FileEventData, NotificationPayload, PublishedVersionData } from '@herald/contracts';
import { LIST_LIMIT, humanSize, oneLine, sizeText, summarize, timeText } from './notification-text';

const fileData: FileEventData = {
  id: 'evt_1',
  repository: 'libs-release',
  path: 'com/example/demo/1.0.0/demo-1.0.0.jar',
  name: 'demo-1.0.0.jar',
  size: 1234,
  sha256: 'a'.repeat(64),
  sha1: null,
  md5: null,
  contentType: 'application/java-archive',
  actor: { username: 'ci', ip: '203.0.113.9', userAgent: 'Apache-Maven/3.9.6' },
  url: 'http://localhost:8080/repositories/libs-release/com/example/demo/1.0.0/demo-1.0.0.jar',
  maven: { groupId: 'com.example', artifactId: 'demo', version: '1.0.0', classifier: 'sources', extension: 'jar' },
};

function payload<D extends FileEventData | DigestData | PublishedVersionData>(type: NotificationPayload['type'], data: D): NotificationPayload<D> {
  return { type, timestamp: '2026-11-28T22:00:00.000Z', data };
}

const fact = (summary: ReturnType<typeof summarize>, key: string) => summary.facts.find((entry) => entry.key === key)?.value;

describe('notification text', () => {
  it('reads sizes for the eye and exactly', () => {
    expect(humanSize(0)).toBe('0 bytes');
    expect(humanSize(1)).toBe('1 byte');
    expect(humanSize(1023)).toBe('1023 bytes');
    expect(humanSize(1024)).toBe('1.0 KiB');
    expect(humanSize(5 * 1024 ** 3)).toBe('5.0 GiB');
    expect(humanSize(150 * 1024 ** 2)).toBe('150 MiB');
    expect(sizeText(1234)).toBe('1.2 KiB (1,234 bytes)');
    expect(sizeText(12)).toBe('12 bytes');
  });

  it('writes times in UTC and flattens control characters', () => {
    expect(timeText('2026-11-28T22:00:00.000Z')).toBe('2026-11-28 22:00:00 UTC');
    expect(oneLine('a\r\nBcc: x\u2028y\0z')).toBe('a Bcc: x y z');
  });

  it('summarises a file event with every fact an operator needs', () => {
    const summary = summarize(payload('file.uploaded', fileData));
    expect(summary.title).toBe('File uploaded');
    expect(summary.headline).toBe('file.uploaded libs-release com/example/demo/1.0.0/demo-1.0.0.jar');
    expect(summary.link).toEqual({ url: fileData.url, label: fileData.path });
    expect(fact(summary, 'size')).toBe('1.2 KiB (1,234 bytes)');
    expect(fact(summary, 'maven')).toBe('com.example:demo:1.0.0 (classifier sources, jar)');
    expect(fact(summary, 'actor')).toBe('ci from 203.0.113.9');
    expect(fact(summary, 'client')).toBe('Apache-Maven/3.9.6');
    expect(fact(summary, 'time')).toBe('2026-11-28 22:00:00 UTC');
    expect(fact(summary, 'sha1')).toBeUndefined();
  });

  it('names an anonymous reader and links nothing for a deleted file', () => {
    const anonymous = summarize(payload('file.downloaded', { ...fileData, actor: { username: null, ip: '198.51.100.1', userAgent: null } }));
    expect(fact(anonymous, 'actor')).toBe('anonymous from 198.51.100.1');
    const deleted = summarize(payload('file.deleted', { ...fileData, size: null }));
    expect(deleted.link).toBeNull();
    expect(fact(deleted, 'size')).toBeUndefined();
    expect(fact(deleted, 'path')).toBe(fileData.path);
  });

  it('keeps control characters from event data out of the headline', () => {
    const summary = summarize(payload('file.uploaded', { ...fileData, repository: 'libs\r\nX: 1', path: 'a\nb.jar' }));
    expect(summary.headline).toBe('file.uploaded libs X: 1 a b.jar');
  });

  it('summarises a test fire as who sent it, with no file to link', () => {
    const summary = summarize(payload('webhook.test', { ...fileData, path: '.herald/webhook-test', size: null, sha256: null, maven: null, contentType: null }));
    expect(summary.title).toBe('Test notification');
    expect(summary.headline).toBe('webhook.test libs-release');
    expect(summary.link).toBeNull();
    expect(summary.note).toContain('No file changed');
    expect(summary.facts.map((entry) => entry.key)).toEqual(['repository', 'actor', 'client', 'time']);
  });

  it('summarises a digest, busiest paths first, capped', () => {
    const paths = Array.from({ length: LIST_LIMIT + 5 }, (_, index) => ({ path: `p${index}.jar`, counts: { 'file.downloaded': index } }));
    const summary = summarize(payload('file.digest', {
      id: 'dig_1',
      repository: 'libs-release',
      windowStart: '2026-11-28T22:00:00.000Z',
      windowEnd: '2026-11-28T22:05:00.000Z',
      counts: { 'file.downloaded': 300, 'file.uploaded': 2 },
      paths,
      actors: ['ci', 'alice'],
    }));
    expect(summary.title).toBe('Activity digest');
    expect(summary.headline).toBe('file.digest libs-release 302 events on 25 paths');
    expect(fact(summary, 'window')).toBe('2026-11-28 22:00:00 UTC to 2026-11-28 22:05:00 UTC');
    expect(fact(summary, 'events')).toBe('302 (2 uploaded, 300 downloaded) on 25 paths');
    expect(fact(summary, 'actors')).toBe('ci, alice');
    expect(summary.list?.lines[0]).toBe(`p${LIST_LIMIT + 4}.jar: ${LIST_LIMIT + 4} downloaded`);
    expect(summary.list?.lines).toHaveLength(LIST_LIMIT);
    expect(summary.list?.more).toBe(5);
    expect(summary.link).toBeNull();
  });

  it('names the Python distribution of a file event, in place of Maven coordinates', () => {
    const wheel = 'demo_lib-1.0.0-py3-none-any.whl';
    const summary = summarize(payload('file.uploaded', {
      ...fileData,
      repository: 'py-release',
      path: `packages/demo-lib/1.0.0/${wheel}`,
      name: wheel,
      maven: undefined,
      python: { project: 'demo-lib', version: '1.0.0', filename: wheel, packageType: 'bdist_wheel' },
    }));
    expect(summary.headline).toBe(`file.uploaded py-release packages/demo-lib/1.0.0/${wheel}`);
    expect(fact(summary, 'python')).toBe(`demo-lib 1.0.0 (bdist_wheel ${wheel})`);
    expect(fact(summary, 'maven')).toBeUndefined();
    expect(summary.facts.map((entry) => entry.key).slice(0, 4)).toEqual(['repository', 'path', 'size', 'python']);
  });

  it('keeps control characters of a Python distribution on one line', () => {
    const summary = summarize(payload('file.uploaded', { ...fileData, maven: null, python: { project: 'demo\nlib', version: '1.0', filename: 'x\r\ny.tar.gz', packageType: 'sdist' } }));
    expect(fact(summary, 'python')).toBe('demo lib 1.0 (sdist x y.tar.gz)');
  });

  it('summarises a published Maven version with its files', () => {
    const summary = summarize(payload('maven.version.published', {
      id: 'evt_2',
      repository: 'libs-release',
      maven: { groupId: 'com.example', artifactId: 'demo', version: '1.0.0' },
      files: [{ path: 'com/example/demo/1.0.0/demo-1.0.0.pom', size: 900, sha256: null }, { path: 'com/example/demo/1.0.0/demo-1.0.0.jar', size: null, sha256: null }],
    }));
    expect(summary.headline).toBe('maven.version.published libs-release com.example:demo:1.0.0');
    expect(fact(summary, 'files')).toBe('2');
    expect(summary.list).toEqual({ heading: 'Files', lines: ['com/example/demo/1.0.0/demo-1.0.0.pom (900 bytes)', 'com/example/demo/1.0.0/demo-1.0.0.jar'], more: 0 });
  });

  it('summarises a published Python version by project and version, with its sdist and wheels', () => {
    const summary = summarize(payload('python.version.published', {
      id: 'evt_3',
      repository: 'py-release',
      python: { project: 'demo-lib', version: '1.0.0' },
      files: [
        { path: 'packages/demo-lib/1.0.0/demo_lib-1.0.0-py3-none-any.whl', size: 2048, sha256: null },
        { path: 'packages/demo-lib/1.0.0/demo_lib-1.0.0.tar.gz', size: 900, sha256: null },
      ],
    }));
    expect(summary.title).toBe('Python version published');
    expect(summary.headline).toBe('python.version.published py-release demo-lib 1.0.0');
    expect(fact(summary, 'python')).toBe('demo-lib 1.0.0');
    expect(fact(summary, 'maven')).toBeUndefined();
    expect(fact(summary, 'files')).toBe('2');
    expect(summary.list?.lines).toEqual(['packages/demo-lib/1.0.0/demo_lib-1.0.0-py3-none-any.whl (2.0 KiB)', 'packages/demo-lib/1.0.0/demo_lib-1.0.0.tar.gz (900 bytes)']);
    expect(summary.link).toBeNull();
  });
});
