import { fieldErrors, readWebhookForm, targetOf } from './webhook-form';

describe('webhook form', () => {
  it('reads one checked event as a list, and ignores values of the wrong shape', () => {
    const values = readWebhookForm({ repository: 'libs-release', targetType: 'json', jsonUrl: ' https://ci.example.com/h ', events: 'file.uploaded', description: ['x'] });
    expect(values).toMatchObject({ repository: 'libs-release', targetType: 'json', jsonUrl: 'https://ci.example.com/h', events: ['file.uploaded'], description: '' });
    expect(readWebhookForm({ targetType: 'ftp' }).targetType).toBe('');
    expect(readWebhookForm({}).events).toEqual([]);
  });

  it('sends only the field of the chosen target type', () => {
    const values = readWebhookForm({ targetType: 'email', email: 'ops@example.com', jsonUrl: 'https://ignored.example.com' });
    expect(targetOf(values)).toEqual({ type: 'email', to: 'ops@example.com' });
    expect(targetOf(readWebhookForm({}))).toEqual({});
  });

  it('puts each use-case message beside the field it names', () => {
    const errors = fieldErrors(
      [
        'events must name at least one event type: file.uploaded',
        'each value in events must be one of the following values: file.uploaded',
        'repository "nope" does not exist',
        'target.url must use the http or https scheme',
        'description must be at most 500 characters',
        'something else entirely',
      ],
      'slack',
    );
    expect(errors.events).toHaveLength(2);
    expect(errors.repository).toEqual(['Repository "nope" does not exist']);
    expect(errors.slackUrl).toEqual(['Must use the http or https scheme']);
    expect(errors.events).toEqual(['Must name at least one event type: file.uploaded', 'Each event must be one of the following values: file.uploaded']);
    expect(errors.description).toHaveLength(1);
    expect(errors.form).toEqual(['Something else entirely']);
    expect(fieldErrors(['target.type is required: one of email, json, slack'], '').targetType).toHaveLength(1);
    expect(fieldErrors(['target.to must be one plain email address'], 'email').email).toHaveLength(1);
  });
});
