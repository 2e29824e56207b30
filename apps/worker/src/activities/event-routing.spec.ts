import { FileEvent, Webhook } from '@herald/persistence';
import { routeEvent } from './event-routing';

const now = new Date('2026-11-28T22:00:00Z');
const jarPath = 'com/example/demo/1.0.0/demo-1.0.0.jar';

function webhook(fields: Partial<Webhook>): Webhook {
  return Object.assign(new Webhook(), { repository: 'libs-release', targetType: 'json', events: ['file.uploaded'] }, fields);
}

function event(fields: Partial<FileEvent>): FileEvent {
  return Object.assign(new FileEvent(), { type: 'file.uploaded', repository: 'libs-release', path: jarPath, name: 'demo-1.0.0.jar', maven: null }, fields);
}

describe('routeEvent', () => {
  it('delivers to subscribed webhooks whose filters pass the path', () => {
    const all = webhook({ id: 'wh_all' });
    const jars = webhook({ id: 'wh_jars', filters: { include: ['**/*.jar'], exclude: [], skipSideFiles: false } });
    const poms = webhook({ id: 'wh_poms', filters: { include: ['**/*.pom'], exclude: [], skipSideFiles: false } });
    const downloads = webhook({ id: 'wh_dl', events: ['file.downloaded'] });
    const routes = routeEvent(event({}), [all, jars, poms, downloads], { targeted: false, now });
    expect(routes.deliver.map((w) => w.id)).toEqual(['wh_all', 'wh_jars']);
    expect(routes).toMatchObject({ hold: [], digest: [], groupVersion: false });
  });

  it('sends file events of a digesting webhook to its window, held or not', () => {
    const digesting = webhook({ id: 'wh_d', events: ['file.downloaded'], digest: { windowSeconds: 60 }, pausedUntil: new Date(now.getTime() + 60_000) });
    const routes = routeEvent(event({ type: 'file.downloaded' }), [digesting], { targeted: false, now });
    expect(routes.digest).toEqual([digesting]);
    expect(routes.deliver).toEqual([]);
  });

  it('holds deliveries to a webhook paused or disabled by endpoint health', () => {
    const paused = webhook({ id: 'wh_p', pausedUntil: new Date(now.getTime() + 1) });
    const disabled = webhook({ id: 'wh_x', disabledAt: now });
    const pauseOver = webhook({ id: 'wh_ok', pausedUntil: now, consecutiveFailures: 4 });
    const routes = routeEvent(event({}), [paused, disabled, pauseOver], { targeted: false, now });
    expect(routes.hold.map((w) => w.id)).toEqual(['wh_p', 'wh_x']);
    expect(routes.deliver.map((w) => w.id)).toEqual(['wh_ok']);
  });

  it('groups a Maven upload when a webhook wants published versions, whatever its filters', () => {
    const publications = webhook({ events: ['maven.version.published'], filters: { include: ['**/*.war'], exclude: [], skipSideFiles: true } });
    const maven = { groupId: 'com.example', artifactId: 'demo', version: '1.0.0', classifier: null, extension: 'jar.sha1' };
    expect(routeEvent(event({ path: `${jarPath}.sha1`, maven }), [publications], { targeted: false, now })).toMatchObject({ deliver: [], groupVersion: true });
    expect(routeEvent(event({ type: 'file.downloaded', maven }), [publications], { targeted: false, now }).groupVersion).toBe(false);
    expect(routeEvent(event({ maven: null }), [publications], { targeted: false, now }).groupVersion).toBe(false);
  });

  it('judges a published version by its files', () => {
    const jars = webhook({ events: ['maven.version.published'], filters: { include: ['**/*.jar'], exclude: [], skipSideFiles: false } });
    const wars = webhook({ events: ['maven.version.published'], filters: { include: ['**/*.war'], exclude: [], skipSideFiles: false } });
    const published = event({
      type: 'maven.version.published',
      path: 'com/example/demo/1.0.0',
      payload: { id: 'evt_1', repository: 'libs-release', maven: { groupId: 'com.example', artifactId: 'demo', version: '1.0.0' }, files: [{ path: jarPath, size: 1, sha256: 'x' }] },
    });
    expect(routeEvent(published, [jars, wars], { targeted: false, now }).deliver).toEqual([jars]);
  });

  it('a targeted event reaches its webhook; a test fire even while held, a digest not', () => {
    const held = webhook({ disabledAt: now, filters: { include: ['nothing/**'], exclude: [], skipSideFiles: false } });
    expect(routeEvent(event({ type: 'webhook.test' }), [held], { targeted: true, now }).deliver).toEqual([held]);
    expect(routeEvent(event({ type: 'file.digest' }), [held], { targeted: true, now }).hold).toEqual([held]);
  });
});
