import { safeNext } from './sign-in.controller';

describe('safeNext', () => {
  it('keeps portal paths, query included', () => {
    expect(safeNext('/portal/webhooks/wh_1?notice=x')).toBe('/portal/webhooks/wh_1?notice=x');
    expect(safeNext('/portal')).toBe('/portal');
  });

  it('sends anything else to the webhook list: other origins, other paths, the sign-in page itself', () => {
    for (const next of ['//evil.example.com', '/portal//evil.example.com', '/\\evil.example.com', '/portal/\\evil', 'https://evil.example.com/portal/', '/api/v1/webhooks', '/portalx', '/portal/login?next=/portal', ' /portal/webhooks', undefined, ['/portal/webhooks']]) {
      expect(safeNext(next)).toBe('/portal/webhooks');
    }
  });
});
