import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import type { HeraldConfig } from '@herald/config';
import { createBlobStore } from '@herald/storage';
import { createBlobImport } from './blob-import';
import { moveFilesToBlobs, type MoveReport } from './move-files-to-blobs';
import { exists, PER_PATH_FOLDER } from './per-path-layout';
import { tidyPerPathFolder } from './per-path-leftovers';

/** Names listed in a message before "and N more". */
const LISTED = 20;

/**
 * Issue 14: a data directory of the per-path layout (`$DATA_DIR/files`) moves into the blob store.
 * Runs after the database migrations, which gave every stored content its blob row. Returns false
 * when a file could not be moved (its bytes do not match its row): it is left where it was, and
 * the next run tries again.
 */
export async function upgradePerPathLayout(config: HeraldConfig, orm: MikroORM, out: Pick<Console, 'log' | 'error'>): Promise<boolean> {
  const log = (line: string) => out.log(line);
  const filesDir = join(config.dataDir, PER_PATH_FOLDER);
  if (!(await exists(filesDir))) return true;
  const blobs = createBlobStore(config.storage);
  log(`migrate: moving ${filesDir} into the blob store ${blobs.location}`);
  const report = await moveFilesToBlobs({
    orm,
    database: config.database,
    blobs,
    importer: createBlobImport(config.storage, blobs),
    filesDir,
    progress: (sofar, done) => log(`migrate: ${done} of ${sofar.total} files looked at`),
  });
  const remains = await tidyPerPathFolder(filesDir, report.damaged.length > 0, new Date());

  log(`migrate: moved ${report.moved} files (${mebibytes(report.movedBytes)} MiB) into ${blobs.location} ; ${report.stored} already there`);
  if (report.recovered.length) log(`migrate: ${report.recovered.length} files recovered from leftovers of interrupted replaces or deletes: ${listed(report.recovered)}`);
  if (report.superseded.length) log(`migrate: ${report.superseded.length} old files did not match their recorded SHA-256, but the right bytes were found elsewhere; the old files are kept: ${listed(report.superseded)}`);
  if (report.missing.length) out.error(`migrate: warning: ${report.missing.length} stored files had no bytes, neither in ${filesDir} nor in the blob store (missing before this upgrade): ${listed(report.missing)}`);
  if (remains.setAsideIn) log(`migrate: ${remains.files.length} files no stored file names (orphans, leftovers of interrupted uploads) were kept in ${remains.setAsideIn}: ${listed(remains.files)}`);
  if (report.damaged.length === 0) return true;
  out.error(
    `migrate: error: ${report.damaged.length} files do not match the SHA-256 recorded when they were uploaded, and no copy of the right bytes was found; ` +
      `they were left in ${filesDir} and nothing was deleted. Restore their bytes (or move them out of ${filesDir} to give them up), then run npm run migrate again: ${listed(report.damaged)}`,
  );
  return false;
}

function mebibytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

function listed(names: string[]): string {
  const shown = names.slice(0, LISTED).join(', ');
  return names.length > LISTED ? `${shown} and ${names.length - LISTED} more` : shown;
}
