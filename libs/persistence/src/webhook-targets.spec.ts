import { randomBytes } from 'node:crypto';
import { Webhook } from './entities';
import { SecretBox } from './secret-box';
import { sealFirstSecret } from './signing-secrets';
import { maskedTarget, maskSlackUrl, openTarget, sameTarget, storedTarget, storeTarget, targetLabel, urlHost } from './webhook-targets';

const SLACK_URL = 'https://hooks.slack.com/services/T000/B000/XXXXSECRET';

describe('webhook targets', () => {
  const box = new SecretBox(randomBytes(32));
  const otherBox = new SecretBox(randomBytes(32));
  const webhook = (fields: Partial<Webhook> = {}) => Object.assign(new Webhook(), { repository: 'r', events: ['file.uploaded'] }, fields);
  const stored = (target: Parameters<typeof storeTarget>[2]) => {
    const row = webhook();
    storeTarget(box, row, target);
    return row;
  };

  it('stores a Slack URL only sealed, and reads every kind back as it was written', () => {
    const slack = stored({ type: 'slack', url: SLACK_URL });
    expect(slack).toMatchObject({ targetType: 'slack', targetAddress: null });
    expect(slack.targetSecretUrl).not.toContain('hooks.slack.com');
    expect(storedTarget(box, slack)).toEqual({ type: 'slack', url: SLACK_URL });
    expect(storedTarget(box, stored({ type: 'email', to: 'ops@example.com' }))).toEqual({ type: 'email', to: 'ops@example.com' });
    expect(stored({ type: 'json', url: 'https://ci.example.com/h' })).toMatchObject({ targetAddress: 'https://ci.example.com/h', targetSecretUrl: null });
  });

  it('opens a JSON target with its signing secrets for a channel, and refuses a Slack URL it cannot open', () => {
    const json = Object.assign(stored({ type: 'json', url: 'https://ci.example.com/h' }), { signingSecrets: sealFirstSecret(box, 'whsec_x') });
    expect(openTarget(box, json)).toEqual({ type: 'json', url: 'https://ci.example.com/h', signingSecrets: ['whsec_x'] });
    expect(() => openTarget(otherBox, stored({ type: 'slack', url: SLACK_URL }))).toThrow();
  });

  it('compares a Slack URL sealed under a replaced key as nothing', () => {
    const slack = stored({ type: 'slack', url: SLACK_URL });
    expect(storedTarget(otherBox, slack)).toEqual({ type: 'slack', url: '' });
    expect(sameTarget(storedTarget(box, slack), { type: 'slack', url: SLACK_URL })).toBe(true);
    expect(sameTarget({ type: 'json', url: SLACK_URL }, { type: 'slack', url: SLACK_URL })).toBe(false);
  });

  it('masks a Slack URL for answers, entirely when it cannot be opened, and leaves the others plain', () => {
    expect(maskedTarget(box, stored({ type: 'slack', url: SLACK_URL }))).toEqual({ type: 'slack', url: 'https://hooks.slack.com/services/T…/B…/****' });
    expect(maskedTarget(otherBox, stored({ type: 'slack', url: SLACK_URL }))).toEqual({ type: 'slack', url: '****' });
    expect(maskedTarget(box, webhook({ targetType: 'slack' }))).toEqual({ type: 'slack', url: '****' });
    expect(maskedTarget(box, stored({ type: 'json', url: 'https://ci.example.com/h?key=k' }))).toEqual({ type: 'json', url: 'https://ci.example.com/h?key=k' });
  });

  it('keeps the prefix and the first character of the Slack ids, never the secret', () => {
    expect(maskSlackUrl('https://hooks.slack.com/services/T0123ABCD/B0456EFGH/abcdefSECRET')).toBe('https://hooks.slack.com/services/T…/B…/****');
    expect(maskSlackUrl('http://127.0.0.1:9/slack/T1/B2/secret?x=secret')).toBe('http://127.0.0.1:9/s…/T…/B…/****');
    expect(maskSlackUrl('http://127.0.0.1:9/services/secret')).toBe('http://127.0.0.1:9/services/****');
    expect(maskSlackUrl('not a url secret')).toBe('****');
  });

  it('labels a target by its host only, and a mail address masked', () => {
    expect(targetLabel(box, stored({ type: 'json', url: 'https://ci.example.com:8443/hooks/t0ken?key=s3cret' }))).toBe('json ci.example.com:8443');
    expect(targetLabel(box, stored({ type: 'slack', url: SLACK_URL }))).toBe('slack hooks.slack.com');
    expect(targetLabel(otherBox, stored({ type: 'slack', url: SLACK_URL }))).toBe('slack (invalid url)');
    expect(targetLabel(box, stored({ type: 'email', to: 'ops@example.com' }))).toBe('email o***@example.com');
    expect(urlHost('not a url')).toBe('(invalid url)');
  });
});
