import { projectListHtml, projectPageHtml, projectPageJson, type IndexedFile } from './simple-index';

const file: IndexedFile = {
  filename: 'demo_lib-1.0.0.tar.gz',
  url: '../../packages/demo-lib/1.0.0/demo_lib-1.0.0.tar.gz',
  sha256: 'a'.repeat(64),
  size: 1234,
  uploadedAt: new Date('2026-12-02T10:00:00.000Z'),
  requiresPython: '>=3.8',
  coreMetadataSha256: 'b'.repeat(64),
  yanked: false,
};

describe('the simple index', () => {
  it('escapes what a distribution declares, so metadata never becomes markup', () => {
    const markup = projectPageHtml({ name: 'demo-lib', versions: ['1.0.0'], files: [{ ...file, requiresPython: '"><script>alert(1)</script>', yanked: 'see <b>' }] });
    expect(markup).toContain('data-requires-python="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(markup).toContain('data-yanked="see &lt;b&gt;"');
    expect(markup).not.toContain('<script>');
  });

  it('marks a yank without a reason as an empty attribute in HTML and true in JSON', () => {
    const page = { name: 'demo-lib', versions: ['1.0.0'], files: [{ ...file, yanked: '' }] };
    expect(projectPageHtml(page)).toContain(' data-yanked="">');
    expect((projectPageJson(page) as { files: Array<{ yanked: unknown }> }).files[0].yanked).toBe(true);
  });

  it('leaves out what a file does not have: no Requires-Python, no core metadata', () => {
    const page = { name: 'demo-lib', versions: ['1.0.0'], files: [{ ...file, requiresPython: null, coreMetadataSha256: null }] };
    expect(projectPageHtml(page)).toContain(`<a href="${file.url}#sha256=${file.sha256}">${file.filename}</a>`);
    const json = (projectPageJson(page) as { files: Array<Record<string, unknown>> }).files[0];
    expect(json).not.toHaveProperty('requires-python');
    expect(json['core-metadata']).toBe(false);
  });

  it('links each project by its normalized name, relative to the index', () => {
    expect(projectListHtml(['demo-lib', 'other'])).toMatch(/<a href="demo-lib\/">demo-lib<\/a><br>\n<a href="other\/">other<\/a>/);
  });
});
