import type { AuditEntryResponse } from '../../audit/audit-entry.response';
import { auditHref, auditPage } from './audit.page';

function entry(detail: Record<string, unknown> | null, overrides: Partial<AuditEntryResponse> = {}): AuditEntryResponse {
  return { id: 'aud_1', action: 'user.updated', actor: 'admin', address: '203.0.113.7', subjectType: 'user', subjectId: 'ci', detail, createdAt: '2026-12-03T01:00:00.000Z', ...overrides };
}

function render(entries: AuditEntryResponse[]): string {
  return auditPage({ entries, filter: { actor: '', subject: '' }, olderHref: null }).value;
}

describe('audit page', () => {
  it('writes a change as its field, the old value struck out and the new one', () => {
    const markup = render([entry({ role: { from: 'reader', to: 'deployer' }, disabled: { from: false, to: true }, password: 'changed' })]);
    expect(markup).toContain('<li><span class="diff-field">role</span> <del>reader</del> → <ins>deployer</ins></li>');
    expect(markup).toContain('<li><span class="diff-field">disabled</span> <del>false</del> → <ins>true</ins></li>');
    expect(markup).toContain('<li><span class="diff-field">password</span> changed</li>');
  });

  it('shows lists, absent values and nested objects as text, escaped', () => {
    const markup = render([entry({ events: ['file.uploaded', 'file.deleted'], expiresAt: null, name: '<img src=x onerror=alert(1)>', target: { type: 'json' } })]);
    expect(markup).toContain('<span class="diff-field">events</span> file.uploaded, file.deleted');
    expect(markup).toContain('<span class="diff-field">expiresAt</span> none');
    expect(markup).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(markup).not.toContain('<img');
    expect(markup).toContain('{&quot;type&quot;:&quot;json&quot;}');
  });

  it('links actor and subject to their filters; Herald acts without an actor', () => {
    const markup = render([entry(null, { actor: null, action: 'webhook.auto_paused', subjectType: 'webhook', subjectId: 'wh_1' })]);
    expect(markup).toContain('<span class="muted">Herald</span>');
    expect(markup).toContain('href="/portal/audit?subject=wh_1"');
    expect(render([entry(null)])).toContain('href="/portal/audit?actor=admin"');
  });

  it('keeps only the filters that are set in a link', () => {
    expect(auditHref({ actor: '', subject: 'ci', cursor: 'abc' })).toBe('/portal/audit?subject=ci&cursor=abc');
    expect(auditHref({ actor: '', subject: '' })).toBe('/portal/audit');
    expect(auditHref({ subject: 'a&b' })).toBe('/portal/audit?subject=a%26b');
  });
});
