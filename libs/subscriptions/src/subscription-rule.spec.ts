import type { MavenCoordinates, PythonCoordinates } from '@herald/contracts';
import { hasSubscribers, subscribersOf, uploadedVersion, type RoutableEvent, type SubscribingWebhook } from './subscription-rule';

const jarPath = 'com/example/demo/1.0.0/demo-1.0.0.jar';
const maven: MavenCoordinates = { groupId: 'com.example', artifactId: 'demo', version: '1.0.0', classifier: null, extension: 'jar' };
const wheelPath = 'packages/demo-lib/1.0.0/demo_lib-1.0.0-py3-none-any.whl';
const python: PythonCoordinates = { project: 'demo-lib', version: '1.0.0', filename: 'demo_lib-1.0.0-py3-none-any.whl', packageType: 'bdist_wheel' };

function webhook(id: string, fields: Partial<SubscribingWebhook> = {}): SubscribingWebhook {
  return { id, events: ['file.uploaded'], filters: null, digest: null, ...fields };
}

function event(fields: Partial<RoutableEvent> = {}): RoutableEvent {
  return { type: 'file.uploaded', path: jarPath, maven: null, ...fields };
}

const ids = (webhooks: SubscribingWebhook[]) => webhooks.map((w) => w.id);

describe('subscribersOf', () => {
  it('picks webhooks subscribed to the type whose filters pass the path', () => {
    const all = webhook('wh_all');
    const jars = webhook('wh_jars', { filters: { include: ['**/*.jar'], exclude: [], skipSideFiles: false } });
    const poms = webhook('wh_poms', { filters: { include: ['**/*.pom'], exclude: [], skipSideFiles: false } });
    const downloads = webhook('wh_dl', { events: ['file.downloaded'] });
    const subscribers = subscribersOf(event(), [all, jars, poms, downloads]);
    expect(ids(subscribers.direct)).toEqual(['wh_all', 'wh_jars']);
    expect(subscribers).toMatchObject({ digest: [], groupVersion: false });
  });

  it('puts a digesting webhook in the digest list, not the direct one', () => {
    const digesting = webhook('wh_d', { events: ['file.downloaded'], digest: { windowSeconds: 60 } });
    const subscribers = subscribersOf(event({ type: 'file.downloaded' }), [digesting]);
    expect(ids(subscribers.digest)).toEqual(['wh_d']);
    expect(subscribers.direct).toEqual([]);
    expect(hasSubscribers(subscribers)).toBe(true);
  });

  it('groups a Maven upload when a webhook wants published versions, whatever its filters', () => {
    const publications = webhook('wh_v', { events: ['maven.version.published'], filters: { include: ['**/*.war'], exclude: [], skipSideFiles: true } });
    expect(subscribersOf(event({ path: `${jarPath}.sha1`, maven }), [publications])).toMatchObject({ direct: [], groupVersion: true });
    expect(subscribersOf(event({ type: 'file.downloaded', maven }), [publications]).groupVersion).toBe(false);
    expect(subscribersOf(event({ maven: null }), [publications]).groupVersion).toBe(false);
  });

  it('groups a Python upload for webhooks that want Python versions, not Maven ones', () => {
    const pythonVersions = webhook('wh_py', { events: ['python.version.published'], filters: { include: ['**/*.tar.gz'], exclude: [], skipSideFiles: false } });
    const mavenVersions = webhook('wh_mvn', { events: ['maven.version.published'] });
    const upload = event({ path: wheelPath, python });
    expect(subscribersOf(upload, [pythonVersions])).toMatchObject({ direct: [], groupVersion: true });
    expect(subscribersOf(upload, [mavenVersions]).groupVersion).toBe(false);
    expect(subscribersOf(event({ maven }), [pythonVersions]).groupVersion).toBe(false);
    expect(subscribersOf(event({ type: 'file.deleted', path: wheelPath, python }), [pythonVersions]).groupVersion).toBe(false);
  });

  it('names the version an upload belongs to, by its format', () => {
    expect(uploadedVersion(event({ path: wheelPath, python }))).toEqual({ eventType: 'python.version.published', version: { python: { project: 'demo-lib', version: '1.0.0' } } });
    expect(uploadedVersion(event({ maven }))).toEqual({ eventType: 'maven.version.published', version: { maven: { groupId: 'com.example', artifactId: 'demo', version: '1.0.0' } } });
    expect(uploadedVersion(event({ type: 'file.downloaded', maven }))).toBeNull();
    expect(uploadedVersion(event({}))).toBeNull();
  });

  it('judges a published Python version by its files', () => {
    const sdists = webhook('wh_sdist', { events: ['python.version.published'], filters: { include: ['**/*.tar.gz'], exclude: [], skipSideFiles: false } });
    const wheels = webhook('wh_whl', { events: ['python.version.published'], filters: { include: ['**/*.whl'], exclude: [], skipSideFiles: false } });
    const published = event({ type: 'python.version.published', path: 'packages/demo-lib/1.0.0', payload: { files: [{ path: wheelPath, size: 1, sha256: 'x' }] } });
    expect(ids(subscribersOf(published, [sdists, wheels]).direct)).toEqual(['wh_whl']);
  });

  it('judges a published version by its files', () => {
    const jars = webhook('wh_jars', { events: ['maven.version.published'], filters: { include: ['**/*.jar'], exclude: [], skipSideFiles: false } });
    const wars = webhook('wh_wars', { events: ['maven.version.published'], filters: { include: ['**/*.war'], exclude: [], skipSideFiles: false } });
    const published = event({ type: 'maven.version.published', path: 'com/example/demo/1.0.0', payload: { files: [{ path: jarPath, size: 1, sha256: 'x' }] } });
    expect(ids(subscribersOf(published, [jars, wars]).direct)).toEqual(['wh_jars']);
  });

  it('finds nobody for an event no webhook asked for', () => {
    const uploads = webhook('wh_up');
    const skipSides = webhook('wh_side', { events: ['file.downloaded'], filters: { include: [], exclude: [], skipSideFiles: true } });
    expect(hasSubscribers(subscribersOf(event({ type: 'file.downloaded', path: `${jarPath}.sha1` }), [uploads, skipSides]))).toBe(false);
    expect(hasSubscribers(subscribersOf(event({ type: 'file.downloaded' }), []))).toBe(false);
  });
});
