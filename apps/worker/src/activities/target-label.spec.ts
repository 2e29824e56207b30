import { randomBytes } from 'node:crypto';
import { SecretBox, Webhook } from '@herald/persistence';
import { targetLabel } from './target-label';

describe('targetLabel', () => {
  const box = new SecretBox(randomBytes(32));
  const webhook = (fields: Partial<Webhook>) => Object.assign(new Webhook(), { repository: 'r', events: ['file.uploaded'] }, fields);

  it('shows only the host of a JSON URL, never its path or query', () => {
    const label = targetLabel(webhook({ targetType: 'json', targetAddress: 'https://ci.example.com:8443/hooks/t0ken?key=s3cret' }), box);
    expect(label).toBe('json ci.example.com:8443');
  });

  it('shows only the host of a Slack URL, which is a credential', () => {
    const label = targetLabel(webhook({ targetType: 'slack', targetSecretUrl: box.seal('https://hooks.slack.com/services/T000/B000/XXXXSECRET') }), box);
    expect(label).toBe('slack hooks.slack.com');
  });

  it('masks the local part of a mail address', () => {
    expect(targetLabel(webhook({ targetType: 'email', targetAddress: 'ops@example.com' }), box)).toBe('email o***@example.com');
  });
});
