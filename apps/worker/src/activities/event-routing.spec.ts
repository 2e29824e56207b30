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
  it('leaves digesting webhooks to the relay, held or not: no delivery of their own', () => {
    const digesting = webhook({ id: 'wh_d', events: ['file.downloaded'], digest: { windowSeconds: 60 }, pausedUntil: new Date(now.getTime() + 60_000) });
    const plain = webhook({ id: 'wh_p', events: ['file.downloaded'] });
    const routes = routeEvent(event({ type: 'file.downloaded' }), [digesting, plain], { targeted: false, now });
    expect(routes.deliver).toEqual([plain]);
    expect(routes.hold).toEqual([]);
  });

  it('holds deliveries to a webhook paused or disabled by endpoint health', () => {
    const paused = webhook({ id: 'wh_p', pausedUntil: new Date(now.getTime() + 1) });
    const disabled = webhook({ id: 'wh_x', disabledAt: now });
    const pauseOver = webhook({ id: 'wh_ok', pausedUntil: now, consecutiveFailures: 4 });
    const routes = routeEvent(event({}), [paused, disabled, pauseOver], { targeted: false, now });
    expect(routes.hold.map((w) => w.id)).toEqual(['wh_p', 'wh_x']);
    expect(routes.deliver.map((w) => w.id)).toEqual(['wh_ok']);
  });

  it('feeds the version workflow of a Maven upload only when a webhook wants the version announced', () => {
    const maven = { groupId: 'com.example', artifactId: 'demo', version: '1.0.0', classifier: null, extension: 'jar' };
    const announcing = webhook({ id: 'wh_v', events: ['maven.version.published'] });
    const plain = webhook({ id: 'wh_p' });
    expect(routeEvent(event({ maven }), [announcing], { targeted: false, now }).groupVersion).toBe(true);
    expect(routeEvent(event({ maven }), [plain], { targeted: false, now }).groupVersion).toBe(false);
  });

  it('a targeted event reaches its webhook; a test fire even while held, a digest not', () => {
    const held = webhook({ disabledAt: now, filters: { include: ['nothing/**'], exclude: [], skipSideFiles: false } });
    expect(routeEvent(event({ type: 'webhook.test' }), [held], { targeted: true, now }).deliver).toEqual([held]);
    expect(routeEvent(event({ type: 'file.digest' }), [held], { targeted: true, now }).hold).toEqual([held]);
  });
});
