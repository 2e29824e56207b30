import { listingAsHtml, listingAsJson, type FolderListing } from './folder-listing';

const AT = new Date('2026-11-28T22:00:00.000Z');
const listing: FolderListing = {
  repository: 'libs',
  path: 'com/example',
  entries: [
    { name: 'demo', folder: true, size: 0, modifiedAt: AT },
    { name: 'a <b>&"c".txt', folder: false, size: 12, modifiedAt: AT, downloads: { count: 7, lastAt: AT } },
  ],
};

describe('folder listing', () => {
  it('answers JSON with folder paths ending in a slash', () => {
    expect(listingAsJson(listing)).toEqual({
      repository: 'libs',
      path: 'com/example/',
      items: [
        { name: 'demo', path: 'com/example/demo/', type: 'folder', size: null, lastModified: AT.toISOString(), downloadCount: null, lastDownloadedAt: null },
        { name: 'a <b>&"c".txt', path: 'com/example/a <b>&"c".txt', type: 'file', size: 12, lastModified: AT.toISOString(), downloadCount: 7, lastDownloadedAt: AT.toISOString() },
      ],
    });
    expect(listingAsJson({ ...listing, path: '' }).path).toBe('');
  });

  it('renders HTML with escaped names, encoded absolute links and a parent link', () => {
    const html = listingAsHtml(listing);
    expect(html).toContain('<title>Index of /libs/com/example/</title>');
    expect(html).toContain('<a href="/repositories/libs/com/example/demo/">demo/</a>');
    expect(html).toContain('<a href="/repositories/libs/com/example/a%20%3Cb%3E%26%22c%22.txt">a &#60;b&#62;&#38;&#34;c&#34;.txt</a>');
    expect(html).toContain('<a href="/repositories/libs/com/">../</a>');
    expect(html).toContain('<td>12</td><td>7</td></tr>');
    expect(html).not.toContain('<b>');
    expect(listingAsHtml({ ...listing, path: '' })).not.toContain('../');
  });
});
