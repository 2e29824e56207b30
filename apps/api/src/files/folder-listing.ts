/** A file or folder in a folder. */
export interface FolderEntry {
  name: string;
  folder: boolean;
  /** 0 for a folder. */
  size: number;
  /** A folder's is its latest file's. */
  modifiedAt: Date;
}

/** A file's downloads: GETs that sent its bytes, and when the last one did. */
export interface Downloads {
  count: number;
  lastAt: Date | null;
}

export interface ListedEntry extends FolderEntry {
  /** Files only; absent for a folder, or for bytes whose metadata is missing. */
  downloads?: Downloads;
}

export interface FolderListing {
  repository: string;
  /** '' for the repository root, else without trailing slash. */
  path: string;
  entries: ListedEntry[];
}

export interface FolderListingJson {
  repository: string;
  path: string;
  items: Array<{
    name: string;
    path: string;
    type: 'file' | 'folder';
    size: number | null;
    lastModified: string;
    downloadCount: number | null;
    lastDownloadedAt: string | null;
  }>;
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function childPath(listing: FolderListing, entry: FolderEntry): string {
  const path = listing.path === '' ? entry.name : `${listing.path}/${entry.name}`;
  return entry.folder ? `${path}/` : path;
}

/** The answer to `Accept: application/json`: folders end with `/`, like their URLs. */
export function listingAsJson(listing: FolderListing): FolderListingJson {
  return {
    repository: listing.repository,
    path: listing.path === '' ? '' : `${listing.path}/`,
    items: listing.entries.map((entry) => ({
      name: entry.name,
      path: childPath(listing, entry),
      type: entry.folder ? 'folder' : 'file',
      size: entry.folder ? null : entry.size,
      lastModified: entry.modifiedAt.toISOString(),
      downloadCount: entry.downloads?.count ?? null,
      lastDownloadedAt: entry.downloads?.lastAt?.toISOString() ?? null,
    })),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A plain index page, as Apache, Nexus and Reposilite serve one: links work with or without a trailing slash. */
export function listingAsHtml(listing: FolderListing): string {
  const base = `/repositories/${encodePath(listing.repository)}/`;
  const title = `Index of /${listing.repository}/${listing.path === '' ? '' : `${listing.path}/`}`;
  const parent = listing.path === '' ? null : listing.path.split('/').slice(0, -1).join('/');
  const rows = listing.entries.map((entry) => {
    const href = base + encodePath(childPath(listing, entry));
    const label = entry.folder ? `${entry.name}/` : entry.name;
    const size = entry.folder ? '-' : String(entry.size);
    const downloads = entry.downloads ? String(entry.downloads.count) : '-';
    return `<tr><td><a href="${escapeHtml(href)}">${escapeHtml(label)}</a></td><td>${entry.modifiedAt.toISOString()}</td><td>${size}</td><td>${downloads}</td></tr>`;
  });
  if (parent !== null) rows.unshift(`<tr><td><a href="${escapeHtml(base + (parent === '' ? '' : `${encodePath(parent)}/`))}">../</a></td><td></td><td></td><td></td></tr>`);
  return [
    '<!DOCTYPE html>',
    `<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>`,
    `<h1>${escapeHtml(title)}</h1>`,
    '<table><thead><tr><th>Name</th><th>Last modified</th><th>Size</th><th>Downloads</th></tr></thead><tbody>',
    ...rows,
    '</tbody></table></body></html>',
    '',
  ].join('\n');
}
