import { parseTarget, parseTargetUrl } from './webhook-target';

describe('parseTarget', () => {
  it('reads the three target shapes, normalising URLs', () => {
    expect(parseTarget({ type: 'email', to: 'ops@example.com' })).toEqual({ target: { type: 'email', to: 'ops@example.com' }, problems: [] });
    expect(parseTarget({ type: 'json', url: 'HTTPS://CI.Example.com:443/hooks' })).toEqual({ target: { type: 'json', url: 'https://ci.example.com/hooks' }, problems: [] });
    expect(parseTarget({ type: 'slack', url: 'https://hooks.slack.com/services/T0/B0/x' }).target).toEqual({ type: 'slack', url: 'https://hooks.slack.com/services/T0/B0/x' });
  });

  it('names the property it refuses', () => {
    expect(parseTarget({ type: 'json', url: 'https://x.example/', secret: 's', headers: {} }).problems).toEqual([
      'property target.secret should not exist for target type json',
      'property target.headers should not exist for target type json',
    ]);
    expect(parseTarget({ type: 'email', to: 'a@x.com', url: 'https://x.example/' }).problems).toEqual(['property target.url should not exist for target type email']);
    expect(parseTarget({ type: 'json', url: 'x', 'a\nb': 1 }).problems[0]).toBe('property target."a\\nb" should not exist for target type json');
  });

  it('explains a missing or unknown type', () => {
    expect(parseTarget({ url: 'https://x.example/' }).problems).toEqual(['target.type is required: one of email, json, slack']);
    expect(parseTarget({ type: 'sms' }).problems).toEqual(['target.type must be one of the following values: email, json, slack']);
    expect(parseTarget('https://x.example/').problems[0]).toMatch(/^target must be an object/);
    expect(parseTarget(null).problems[0]).toMatch(/^target must be an object/);
  });

  it.each(['ops@example.com', 'first.last+tag@sub.example.co.uk', "o'brien@example.ie", 'root@localhost', 'a_b-c@x-y.example'])('accepts the plain address %s', (to) => {
    expect(parseTarget({ type: 'email', to }).problems).toEqual([]);
  });

  it.each([
    'Ops <ops@example.com>',
    '<ops@example.com>',
    'a@example.com, b@example.com',
    'a@example.com;b@example.com',
    'team: a@example.com;',
    'a@x.com\r\nBcc: b@y.com',
    'ops@example.com\n',
    '"ops"@example.com',
    'ops@example.com (ops)',
    'ops(comment)@example.com',
    'ops@',
    '@example.com',
    'ops@@example.com',
    'ops@example..com',
    '.ops@example.com',
    'ops.@example.com',
    'ops@-example.com',
    'ops@[127.0.0.1]',
    'öps@example.com',
    `${'a'.repeat(65)}@example.com`,
    `ops@${'a'.repeat(250)}.com`,
  ])('refuses the email %j', (to) => {
    expect(parseTarget({ type: 'email', to }).problems).toHaveLength(1);
    expect(parseTarget({ type: 'email', to }).problems[0]).toMatch(/^target\.to must be/);
  });
});

describe('parseTargetUrl', () => {
  it.each([
    ['ftp://x.example/', 'target.url must use the http or https scheme'],
    ['https://user:pass@x.example/', 'target.url must not contain credentials (user:password@); use the signing secret to authenticate'],
    ['https://@x.example/', 'target.url must not contain credentials (user:password@); use the signing secret to authenticate'],
    ['https://x.example/a b', 'target.url must not contain whitespace or control characters'],
    ['https://x.example/\u0085', 'target.url must not contain whitespace or control characters'],
    ['https://x.example/\u00a0', 'target.url must not contain whitespace or control characters'],
    ['https:\\\\x.example\\', 'target.url must not contain backslashes'],
    ['//x.example/', 'target.url must be an absolute http(s) URL'],
    ['', 'target.url must be an absolute http(s) URL'],
  ])('%j: %s', (url, problem) => {
    expect(parseTargetUrl(url)).toBe(problem);
  });

  it('keeps a query string and port', () => {
    expect((parseTargetUrl('https://x.example:8443/hook?token=a') as URL).href).toBe('https://x.example:8443/hook?token=a');
  });
});
