import { readdir, rename, rmdir } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** What remains of the per-path folder once every stored file's bytes are in the blob store. */
export interface PerPathRemains {
  /** Files no row claimed (orphans, leftovers of interrupted uploads), relative to the folder. */
  files: string[];
  /** Where they were set aside; null when none remained or the folder had to stay (see below). */
  setAsideIn: string | null;
}

/**
 * Deletes the emptied folders, then sets the folder aside as `files.unreferenced-<time>` when
 * files remain: bytes no row names may still be wanted by someone, so they are never deleted, and
 * the next run does not look at them again. The folder stays where it is while it still holds a
 * damaged file, so the next run reports it again.
 */
export async function tidyPerPathFolder(filesDir: string, keepInPlace: boolean, now: Date): Promise<PerPathRemains> {
  const files: string[] = [];
  await pruneEmptyFolders(filesDir, filesDir, files);
  if (files.length === 0 || keepInPlace) return { files, setAsideIn: null };
  const setAsideIn = `${filesDir}.unreferenced-${now.toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}`;
  await rename(filesDir, setAsideIn);
  return { files, setAsideIn };
}

/** Depth first: a folder is removed once its children are; the files met on the way are listed. */
async function pruneEmptyFolders(root: string, folder: string, files: string[]): Promise<void> {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) await pruneEmptyFolders(root, path, files);
    else files.push(relative(root, path));
  }
  // Still holds files (or a folder that does): it stays.
  await rmdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
  });
}
