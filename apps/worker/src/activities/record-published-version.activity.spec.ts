import type { StoredFile } from '@herald/persistence';
import type { ComposedEventStore } from './composed-event-store';
import { recordPublishedVersionActivity } from './record-published-version.activity';

const NOW = new Date('2026-12-01T12:00:00Z');
const jar = 'com/example/demo/1.0.0/demo-1.0.0.jar';
const stored = (path: string, uploadedBy: string, updatedAt = NOW) => ({ path, size: '10', sha256: `sha-${path}`, uploadedBy, updatedAt }) as unknown as StoredFile;

function fakeEvents(files: StoredFile[]): jest.Mocked<ComposedEventStore> {
  return { webhook: jest.fn(), storedFiles: jest.fn().mockResolvedValue(files), recordOnce: jest.fn().mockResolvedValue(undefined) };
}

describe('recordPublishedVersion', () => {
  const input = { repository: 'libs', maven: { groupId: 'com.example', artifactId: 'demo', version: '1.0.0' }, paths: [jar, `${jar}.sha1`, jar], quietAt: '2026-12-01T11:59:00.000Z', key: 'libs\ncom.example:demo:1.0.0\n1' };

  it('records the version with its stored files, never its checksum side files, by the last uploader', async () => {
    const events = fakeEvents([stored(jar, 'alice')]);
    const result = await recordPublishedVersionActivity({ events, now: () => NOW })(input);
    expect(events.storedFiles).toHaveBeenCalledWith('libs', [jar]);
    expect(result).toEqual({ event: { eventId: expect.stringMatching(/^evt_/), eventType: 'maven.version.published', repository: 'libs', path: 'com/example/demo/1.0.0' }, stop: false });
    expect(events.recordOnce).toHaveBeenCalledWith(
      expect.objectContaining({
        type: 'maven.version.published',
        name: 'demo-1.0.0',
        actorUsername: 'alice',
        occurredAt: new Date(input.quietAt),
        payload: expect.objectContaining({ maven: input.maven, files: [{ path: jar, size: 10, sha256: `sha-${jar}` }] }),
      }),
    );
  });

  it('takes the actor from the file written last, whatever its path sorts as', async () => {
    const pom = 'com/example/demo/1.0.0/demo-1.0.0.pom';
    const events = fakeEvents([stored(jar, 'alice', new Date('2026-12-01T11:58:30Z')), stored(pom, 'bob', new Date('2026-12-01T11:58:00Z'))]);
    await recordPublishedVersionActivity({ events, now: () => NOW })({ ...input, paths: [jar, pom] });
    expect(events.recordOnce).toHaveBeenCalledWith(expect.objectContaining({ actorUsername: 'alice' }));
  });

  it('records a Python version under its project folder, named project-version', async () => {
    const wheel = 'packages/demo-lib/1.0.0/demo_lib-1.0.0-py3-none-any.whl';
    const events = fakeEvents([stored(wheel, 'alice')]);
    const python = { repository: 'pypi', python: { project: 'demo-lib', version: '1.0.0' }, paths: [wheel], quietAt: input.quietAt, key: 'pypi\ndemo-lib==1.0.0\n1' };
    const result = await recordPublishedVersionActivity({ events, now: () => NOW })(python);
    expect(result.event).toMatchObject({ eventType: 'python.version.published', repository: 'pypi', path: 'packages/demo-lib/1.0.0' });
    expect(events.recordOnce).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'python.version.published', path: 'packages/demo-lib/1.0.0', name: 'demo-lib-1.0.0', payload: expect.objectContaining({ python: python.python }) }),
    );
  });

  it('derives the id from the quiet time and key, not from when a retry runs', async () => {
    const events = fakeEvents([stored(jar, 'alice')]);
    const first = await recordPublishedVersionActivity({ events, now: () => NOW })(input);
    const retried = await recordPublishedVersionActivity({ events, now: () => new Date(NOW.getTime() + 60_000) })(input);
    expect(retried.event!.eventId).toBe(first.event!.eventId);
  });

  it('records nothing when none of the files is stored any more', async () => {
    const events = fakeEvents([]);
    expect(await recordPublishedVersionActivity({ events, now: () => NOW })(input)).toEqual({ event: null, stop: false });
    expect(events.recordOnce).not.toHaveBeenCalled();
  });
});
