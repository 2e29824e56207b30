import type { MavenCoordinates } from '@herald/contracts';
import { hasSubscribers, subscribersOf, type RoutableEvent, type SubscribingWebhook } from './subscription-rule';

const jarPath = 'com/example/demo/1.0.0/demo-1.0.0.jar';
const maven: MavenCoordinates = { groupId: 'com.example', artifactId: 'demo', version: '1.0.0', classifier: null, extension: 'jar' };

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
