import type { NotificationSummary } from './notification-text';
import { emailContent, emailSubject, escapeHtml } from './email-message';

const summary: NotificationSummary = {
  type: 'file.uploaded',
  title: 'File uploaded',
  headline: 'file.uploaded libs-release a/<b>.jar',
  repository: 'libs-release',
  link: { url: 'http://localhost/repositories/libs-release/a/%3Cb%3E.jar?x=1&y="2"', label: 'a/<b>.jar' },
  facts: [
    { key: 'repository', label: 'Repository', value: 'libs-release' },
    { key: 'path', label: 'Path', value: 'a/<b>.jar' },
    { key: 'actor', label: 'By', value: `o'brien & co` },
  ],
  list: { heading: 'Files', lines: ['x<y>.jar'], more: 3 },
  note: null,
  eventId: 'evt_1',
  timestamp: '2026-11-28T22:00:00.000Z',
};

describe('email message', () => {
  it('escapes the five HTML special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('prefixes and bounds the subject', () => {
    expect(emailSubject(summary)).toBe('[Herald] file.uploaded libs-release a/<b>.jar');
    const long = emailSubject({ ...summary, headline: `file.uploaded libs-release ${'x'.repeat(400)}` });
    expect(long).toHaveLength(250);
    expect(long.endsWith('…')).toBe(true);
  });

  it('renders aligned plain text with the link and the list', () => {
    const { text } = emailContent(summary);
    expect(text).toContain('Repository: libs-release\n');
    expect(text).toContain('Path:       a/<b>.jar\n');
    expect(text).toContain(`Open the file: ${summary.link?.url}`);
    expect(text).toContain('Files:\n  x<y>.jar\n  … and 3 more');
    expect(text).toContain('Herald event evt_1 (file.uploaded)');
  });

  it('escapes every value in the HTML part, the link included', () => {
    const { html } = emailContent(summary);
    expect(html).not.toMatch(/<b>|<y>/);
    expect(html).toContain('a/&lt;b&gt;.jar');
    expect(html).toContain('o&#39;brien &amp; co');
    expect(html).toContain('href="http://localhost/repositories/libs-release/a/%3Cb%3E.jar?x=1&amp;y=&quot;2&quot;"');
    expect(html).toContain('<li>… and 3 more</li>');
  });

  it('sets Python coordinates in monospace, like Maven coordinates', () => {
    const facts = [...summary.facts, { key: 'python' as const, label: 'Python', value: 'demo-lib 1.0.0 (sdist demo_lib-1.0.0.tar.gz)' }];
    const { text, html } = emailContent({ ...summary, facts });
    expect(text).toContain('Python:     demo-lib 1.0.0 (sdist demo_lib-1.0.0.tar.gz)\n');
    expect(html).toMatch(/<th[^>]*>Python<\/th><td style="[^"]*ui-monospace[^"]*">demo-lib 1\.0\.0 \(sdist demo_lib-1\.0\.0\.tar\.gz\)<\/td>/);
  });

  it('puts an explanatory note first, escaped', () => {
    const { text, html } = emailContent({ ...summary, note: 'A test <b>notification</b>.' });
    expect(text.startsWith('File uploaded\n\nA test <b>notification</b>.\n\nRepository:')).toBe(true);
    expect(html).toContain('<p style="margin:0 0 12px;">A test &lt;b&gt;notification&lt;/b&gt;.</p>');
  });
});
