import { digestOf, fieldErrors, filtersOf, hygieneValues, readWebhookForm, targetOf } from './webhook-form';

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

  it('reads filters one pattern a line, and a digest window; empty fields mean none', () => {
    const values = readWebhookForm({ include: ' **/*.jar\r\n\n!**/*-sources.jar ', exclude: '**/*.pom', skipSideFiles: 'on', digestSeconds: ' 300 ' });
    expect(filtersOf(values)).toEqual({ include: ['**/*.jar', '!**/*-sources.jar'], exclude: ['**/*.pom'], skipSideFiles: true });
    expect(digestOf(values)).toEqual({ windowSeconds: 300 });
    expect(filtersOf(readWebhookForm({}))).toBeNull();
    expect(digestOf(readWebhookForm({ digestSeconds: '' }))).toBeNull();
    expect(digestOf(readWebhookForm({ digestSeconds: 'soon' }))?.windowSeconds).toBeNaN();
    expect(hygieneValues({ filters: { include: ['a/**', 'b/**'], exclude: [], skipSideFiles: true }, digest: { windowSeconds: 60 } })).toEqual({ include: 'a/**\nb/**', exclude: '', skipSideFiles: true, digestSeconds: '60' });
  });

  it('puts filter and digest messages beside their fields', () => {
    const errors = fieldErrors(['filters.include[0] "[x" is not a valid glob (Missing closing: "]")', 'filters.exclude[1] "/a" starts with /', 'digest.windowSeconds must be a whole number of seconds from 10 to 86400'], 'json');
    expect(errors.include).toEqual(['Line 1: "[x" is not a valid glob (Missing closing: "]")']);
    expect(errors.exclude).toEqual(['Line 2: "/a" starts with /']);
    expect(errors.digest).toEqual(['Must be a whole number of seconds from 10 to 86400']);
  });
});
