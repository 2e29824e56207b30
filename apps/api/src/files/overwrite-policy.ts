import type { RepositoryFacts } from '../repositories/repository-catalog';
import { ConflictError } from '../common/domain-errors';

const CHECKSUM_EXTENSIONS = ['.md5', '.sha1', '.sha256', '.sha512'];

/** What deciding an overwrite needs of a repository. */
export type OverwriteRules = Pick<RepositoryFacts, 'name' | 'format' | 'policy'>;

/** `.md5 .sha1 .sha256 .sha512`: written beside each file, and rewritten when it is. */
export function isChecksumFile(path: string): boolean {
  return CHECKSUM_EXTENSIONS.some((extension) => path.endsWith(extension));
}

/**
 * A release repository keeps what it published: an existing file may be replaced only when it
 * is the version index (`maven-metadata.xml`, rewritten on every deploy) or a checksum file. A
 * Python distribution is never replaced, whatever the policy: pip trusts a file name to name one
 * content, and lock files pin its hash.
 */
export function mayOverwrite(repository: OverwriteRules, path: string): boolean {
  if (repository.format === 'python') return false;
  if (repository.policy === 'snapshot') return true;
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name === 'maven-metadata.xml' || isChecksumFile(path);
}

/** The 409 of a repository asked to replace a file it keeps. */
export function overwriteRefused(repository: OverwriteRules, path: string): ConflictError {
  if (repository.format === 'python') {
    const filename = path.slice(path.lastIndexOf('/') + 1);
    return new ConflictError(`${filename} already exists in ${repository.name}: Python distributions are immutable, upload a new version`);
  }
  return new ConflictError(`${path} already exists in release repository ${repository.name}, and published files are not overwritten; deploy a new version or use a snapshot repository`);
}
