import { ConflictException } from '@nestjs/common';
import type { RepositoryPolicy } from '@herald/contracts';

const CHECKSUM_EXTENSIONS = ['.md5', '.sha1', '.sha256', '.sha512'];

/** `.md5 .sha1 .sha256 .sha512`: written beside each file, and rewritten when it is. */
export function isChecksumFile(path: string): boolean {
  return CHECKSUM_EXTENSIONS.some((extension) => path.endsWith(extension));
}

/**
 * A release repository keeps what it published: an existing file may be replaced only when it
 * is the version index (`maven-metadata.xml`, rewritten on every deploy) or a checksum file.
 */
export function mayOverwrite(policy: RepositoryPolicy, path: string): boolean {
  if (policy === 'snapshot') return true;
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name === 'maven-metadata.xml' || isChecksumFile(path);
}

/** The 409 of a release repository asked to replace a published file. */
export function overwriteRefused(repository: string, path: string): ConflictException {
  return new ConflictException(`${path} already exists in release repository ${repository}, and published files are not overwritten; deploy a new version or use a snapshot repository`);
}
