import { REPOSITORY_NAME_PATTERN } from '../repositories/repository-name';
import { InvalidInputError } from '../common/domain-errors';

export interface ArtifactLocation {
  repository: string;
  /** Decoded, `/`-separated, no leading or trailing slash; '' is the repository root. */
  path: string;
  /** The URL ended with `/`: it names a folder. */
  folder: boolean;
}

const PREFIX = '/repositories/';

/**
 * Reads `/repositories/{repo}/{path}` from the raw request URL. Decodes once, then refuses
 * anything that could name a place outside the repository: `..` and `.` segments, encoded
 * dots, slashes or backslashes, backslashes, NUL and other control characters, and invalid
 * percent-encoding. A path names a database row, never a place on a disk, but the rules keep
 * paths what build tools expect.
 */
export function parseArtifactUrl(rawUrl: string): ArtifactLocation {
  const pathname = rawUrl.split('?')[0];
  if (!pathname.startsWith(PREFIX)) throw new InvalidInputError('not a repository path');
  const rest = pathname.slice(PREFIX.length);
  if (/%(2e|2f|5c|00)/i.test(rest)) throw new InvalidInputError('encoded dots, slashes, backslashes and NUL are not allowed in paths');
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    throw new InvalidInputError('invalid percent-encoding in path');
  }
  if (decoded.includes('\\')) throw new InvalidInputError('backslashes are not allowed in paths');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(decoded)) throw new InvalidInputError('control characters are not allowed in paths');
  const segments = decoded.split('/');
  const repository = segments.shift() ?? '';
  if (!REPOSITORY_NAME_PATTERN.test(repository)) throw new InvalidInputError('invalid repository name');
  const folder = segments.length > 0 && segments[segments.length - 1] === '';
  const parts = folder ? segments.slice(0, -1) : segments;
  if (parts.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new InvalidInputError('empty, "." and ".." path segments are not allowed');
  }
  return { repository, path: parts.join('/'), folder: folder || parts.length === 0 };
}
