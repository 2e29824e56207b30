import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';

/**
 * The layout before content-addressed blobs: a file's bytes at `$DATA_DIR/files/<repository>/<path>`,
 * its upload staged beside it as `.herald-upload-<hex>`, and `.herald-upload-<hex>.previous` /
 * `.removed` left by a replace or a delete that a crash interrupted.
 */
export const PER_PATH_FOLDER = 'files';
const STAGING_PREFIX = '.herald-upload-';

/** Where a file's bytes lived; null for a name that would leave the folder (never written by Herald). */
export function perPathLocation(filesDir: string, repository: string, path: string): string | null {
  const full = resolve(filesDir, repository, path);
  const inside = relative(filesDir, full);
  return inside === '' || inside.startsWith(`..${sep}`) || inside === '..' ? null : full;
}

export async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null)) !== null;
}

export async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}

/**
 * Leftovers of interrupted uploads, replaces and deletes in `folder` of exactly `size` bytes: one
 * may hold the version a row still names (a replace whose database change failed before it could
 * be undone), so a row whose file is missing or damaged looks here before giving up.
 */
export async function leftoversOfSize(folder: string, size: number): Promise<string[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const found: string[] = [];
  for (const name of names.filter((candidate) => candidate.startsWith(STAGING_PREFIX)).sort()) {
    const info = await stat(join(folder, name)).catch(() => null);
    if (info?.isFile() && info.size === size) found.push(join(folder, name));
  }
  return found;
}
