import { PYTHON_PACKAGE_TYPES, type PythonPackageType } from '@herald/contracts';
import { isValidProjectName, normalizeProjectName } from './package-name';
import { normalizeVersion } from './package-version';

/** What a distribution's file name says it is. */
export interface DistributionFilename {
  /** Normalized (PEP 503): `demo-lib`. */
  project: string;
  /** Normalized (PEP 440): `1.0rc1`. */
  version: string;
  packageType: PythonPackageType;
}

export type DistributionProblem = { field: 'name' | 'version' | 'filetype' | 'content'; message: string };

const MAX_FILENAME_LENGTH = 255;

const ACCEPTED = 'only wheels (.whl) and source distributions (.tar.gz, or legacy .zip) are accepted';

/** A wheel's python, abi and platform tags: `py3`, `cp311`, `py2.py3`, `manylinux_2_17_x86_64.manylinux2014_x86_64`. */
const TAG_SET_PATTERN = /^[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*$/;

/** PEP 427: a build tag starts with a digit; it only orders wheels of the same version. */
const BUILD_TAG_PATTERN = /^[0-9][A-Za-z0-9_.]*$/;

/** A wheel escapes `-` in the project name, so its name part holds only these. */
const WHEEL_NAME_PATTERN = /^[A-Za-z0-9._]+$/;

/**
 * Reads an uploaded file's name as a wheel (PEP 427/491) or a source distribution (PEP 625
 * and older), or says in one line why it is not one Herald accepts. The name is checked as a
 * file name first: it becomes the last segment of a stored path and of the index's links.
 */
export function parseDistributionFilename(filename: string): DistributionFilename | string {
  const unsafe = unsafeFilenameReason(filename);
  if (unsafe) return `${shown(filename)}: ${unsafe}`;
  if (filename.endsWith('.whl')) return parseWheel(filename);
  for (const extension of ['.tar.gz', '.zip']) {
    if (filename.endsWith(extension)) return parseSourceDistribution(filename, filename.slice(0, -extension.length));
  }
  return `${shown(filename)} is not a Python distribution: ${ACCEPTED}`;
}

/**
 * Checks twine's upload form against itself and the file it carries, naming the form part
 * at fault (twine sends the file as `content`). Versions must be spelled alike once
 * normalized: `1.0` and `1.0.0` are equal in PEP 440 but would be two folders of the index.
 */
export function checkDistribution(
  filename: string,
  fields: { name: string; version: string; filetype: string },
): { distribution: DistributionFilename } | DistributionProblem {
  if (!isValidProjectName(fields.name)) {
    return { field: 'name', message: `${shown(fields.name)} is not a valid project name (PEP 508)` };
  }
  const version = normalizeVersion(fields.version);
  if (version === null) return { field: 'version', message: `${shown(fields.version)} is not a valid version (PEP 440)` };
  if (!(PYTHON_PACKAGE_TYPES as readonly string[]).includes(fields.filetype)) {
    return { field: 'filetype', message: `${shown(fields.filetype)} is not a file type Herald accepts: ${PYTHON_PACKAGE_TYPES.join(' or ')}` };
  }
  const distribution = parseDistributionFilename(filename);
  if (typeof distribution === 'string') return { field: 'content', message: distribution };
  if (distribution.project !== normalizeProjectName(fields.name)) {
    return { field: 'content', message: `${shown(filename)} is not a distribution of ${fields.name}` };
  }
  if (distribution.version !== version) {
    return { field: 'content', message: `${shown(filename)} is version ${distribution.version}, not ${version}` };
  }
  if (distribution.packageType !== fields.filetype) {
    return { field: 'filetype', message: `${shown(filename)} is ${distribution.packageType}, not ${fields.filetype}` };
  }
  return { distribution };
}

function unsafeFilenameReason(filename: string): string | null {
  if (filename.length === 0) return 'a file name is needed';
  if (filename.length > MAX_FILENAME_LENGTH) return `a file name has at most ${MAX_FILENAME_LENGTH} characters`;
  if (/[/\\]/.test(filename)) return 'slashes and backslashes are not allowed in a file name';
  if (/[\x00-\x1f\x7f]/.test(filename)) return 'control characters are not allowed in a file name';
  if (/[^\x20-\x7e]/.test(filename)) return 'only printable ASCII is allowed in a file name';
  // A distribution's name never holds one, and PEP 440 would trim it off a version.
  if (filename.includes(' ')) return 'spaces are not allowed in a file name';
  if (filename.startsWith('.') || filename.startsWith('-')) return 'a file name may not start with "." or "-"';
  if (filename.includes('..')) return '".." is not allowed in a file name';
  return null;
}

/** `{distribution}-{version}(-{build tag})?-{python tag}-{abi tag}-{platform tag}.whl` */
function parseWheel(filename: string): DistributionFilename | string {
  const parts = filename.slice(0, -'.whl'.length).split('-');
  if (parts.length !== 5 && parts.length !== 6) {
    return `${shown(filename)} is not a wheel name: {distribution}-{version}(-{build})?-{python}-{abi}-{platform}.whl`;
  }
  const [name, versionText] = parts;
  if (!WHEEL_NAME_PATTERN.test(name) || !isValidProjectName(name)) {
    return `${shown(filename)}: ${shown(name)} is not a valid project name`;
  }
  const version = normalizeVersion(versionText);
  if (version === null) return `${shown(filename)}: ${shown(versionText)} is not a valid version (PEP 440)`;
  if (parts.length === 6 && !BUILD_TAG_PATTERN.test(parts[2])) {
    return `${shown(filename)}: the build tag ${shown(parts[2])} must start with a digit`;
  }
  if (!parts.slice(-3).every((tags) => TAG_SET_PATTERN.test(tags))) {
    return `${shown(filename)}: the python, abi and platform tags must be letters, digits and "_", sets joined by "."`;
  }
  return { project: normalizeProjectName(name), version, packageType: 'bdist_wheel' };
}

/**
 * `{name}-{version}`: PEP 625 names escape `-` as `_`, older ones (`demo-lib-1.0`) do not,
 * so the split is at the last `-` whose right side is a version. Like `packaging`, that reads
 * `demo-1.0-1` as `demo-1.0` version `1`; only `demo-1.0-post1` gains from looking further left.
 */
function parseSourceDistribution(filename: string, stem: string): DistributionFilename | string {
  for (let dash = stem.lastIndexOf('-'); dash > 0; dash = stem.lastIndexOf('-', dash - 1)) {
    const version = normalizeVersion(stem.slice(dash + 1));
    if (version === null) continue;
    const name = stem.slice(0, dash);
    if (!isValidProjectName(name)) return `${shown(filename)}: ${shown(name)} is not a valid project name`;
    return { project: normalizeProjectName(name), version, packageType: 'sdist' };
  }
  return `${shown(filename)} is not a source distribution name: {name}-{version}.tar.gz`;
}

/**
 * A value from the request, safe to put in a message: cut to 80 characters, and quoted with
 * every character outside printable ASCII escaped when it has any, or spaces, or is empty.
 */
function shown(value: string): string {
  const cut = value.length > 80 ? `${value.slice(0, 80)}...` : value;
  if (/^[\x21-\x7e]+$/.test(cut)) return cut;
  return JSON.stringify(cut).replace(/[^\x20-\x7e]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
