import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import type { DatabaseConfig } from '@herald/config';
import { adoptBlob, claimBlob } from '@herald/persistence';
import type { BlobStore } from '@herald/storage';
import type { BlobImport } from './blob-import';
import { isFile, leftoversOfSize, perPathLocation } from './per-path-layout';
import { countStoredFiles, readStoredFilePage, type StoredFileLocation } from './stored-file-pages';

const PAGE = 500;
/** Files moved at once: hashing overlaps with the store's round trips (S3 above all). */
const CONCURRENCY = 8;

/**
 * What became of one stored file:
 * - moved: its bytes went into the store and the old file was deleted;
 * - stored: its blob was already there (an earlier run, or the same content elsewhere);
 * - recovered: its bytes came from a leftover of an interrupted replace or delete;
 * - damaged: the old file does not hash to the row's digest and no copy of the right bytes exists;
 * - missing: neither the old file nor its blob nor a leftover holds the bytes.
 */
type Outcome = 'moved' | 'stored' | 'recovered' | 'damaged' | 'missing';

export interface MoveReport {
  total: number;
  moved: number;
  movedBytes: number;
  stored: number;
  recovered: string[];
  damaged: string[];
  missing: string[];
  /** Old files that do not hold their row's bytes, kept because the right bytes were found elsewhere. */
  superseded: string[];
}

export interface MoveDependencies {
  orm: MikroORM;
  database: DatabaseConfig;
  blobs: BlobStore;
  importer: BlobImport;
  filesDir: string;
  progress(report: MoveReport, done: number): void;
}

/**
 * Moves every stored file's bytes from the per-path layout into the blob store. Each blob is
 * claimed before its bytes are stored and adopted after (blob-records.ts: collection passes it by),
 * and an old file is deleted only once its blob is durably in the store, so a run killed at any
 * point loses nothing and the next run finishes the job.
 */
export async function moveFilesToBlobs(deps: MoveDependencies): Promise<MoveReport> {
  const report: MoveReport = { total: await countStoredFiles(deps.orm, deps.database), moved: 0, movedBytes: 0, stored: 0, recovered: [], damaged: [], missing: [], superseded: [] };
  let after = '';
  let done = 0;
  for (;;) {
    const page = await readStoredFilePage(deps.orm, deps.database, after, PAGE);
    if (page.length === 0) return report;
    for (let i = 0; i < page.length; i += CONCURRENCY) {
      await Promise.all(page.slice(i, i + CONCURRENCY).map((file) => moveOne(deps, file, report)));
    }
    done += page.length;
    after = page[page.length - 1].id;
    deps.progress(report, done);
  }
}

async function moveOne(deps: MoveDependencies, file: StoredFileLocation, report: MoveReport): Promise<void> {
  const label = `${file.repository}/${file.path}`;
  const outcome = await outcomeOf(deps, file, label, report);
  if (outcome === 'moved') {
    report.moved += 1;
    report.movedBytes += file.size;
  } else if (outcome === 'stored') report.stored += 1;
  else report[outcome].push(label);
}

async function outcomeOf(deps: MoveDependencies, file: StoredFileLocation, label: string, report: MoveReport): Promise<Outcome> {
  const old = perPathLocation(deps.filesDir, file.repository, file.path);
  await claimBlob(deps.orm, deps.database, file, new Date());
  const stored = await deps.blobs.has(file.sha256);
  const oldExists = old !== null && (await isFile(old));
  if (oldExists) {
    if (stored ? await deps.importer.holds(old, file.sha256) : await deps.importer.store(old, file.sha256)) {
      await adopt(deps, file);
      await rm(old, { force: true });
      return stored ? 'stored' : 'moved';
    }
    if (stored) report.superseded.push(label);
  }
  if (stored) {
    await adopt(deps, file);
    return 'stored';
  }
  if (old !== null) {
    for (const leftover of await leftoversOfSize(dirname(old), file.size)) {
      // Another row of the same folder may have taken this leftover meanwhile.
      if (!(await deps.importer.store(leftover, file.sha256).catch(goneIsFalse))) continue;
      await adopt(deps, file);
      await rm(leftover, { force: true });
      if (oldExists) report.superseded.push(label);
      return 'recovered';
    }
  }
  return oldExists ? 'damaged' : 'missing';
}

function goneIsFalse(error: unknown): false {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
  throw error;
}

/** The row was made by the blob migration or claimed above; a file points at it, so it is nobody's orphan. */
async function adopt(deps: MoveDependencies, file: StoredFileLocation): Promise<void> {
  await adoptBlob(deps.orm.em.fork(), deps.database, file.sha256);
}
