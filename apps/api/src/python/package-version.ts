/** A release version as PEP 440 reads it; every number already stripped of leading zeros. */
export interface PythonVersion {
  epoch: number;
  release: number[];
  pre: ['a' | 'b' | 'rc', number] | null;
  post: number | null;
  dev: number | null;
  /** Numeric segments as numbers, the others in lower case: they compare differently. */
  local: Array<string | number> | null;
}

/** Real versions are a few dozen characters; the bound keeps the pattern's work small. */
const MAX_VERSION_LENGTH = 128;

/**
 * PEP 440 Appendix B, anchored, spelled for JavaScript. Every optional part begins with a
 * separator or a letter the part before it cannot take, so a failed match backtracks over at
 * most one run of digits at a time: polynomial, and tiny under the length bound.
 */
const VERSION_PATTERN = new RegExp(
  '^v?' +
    '(?:(?<epoch>[0-9]+)!)?' +
    '(?<release>[0-9]+(?:\\.[0-9]+)*)' +
    '(?:[-_.]?(?<preLabel>alpha|beta|preview|pre|rc|a|b|c)[-_.]?(?<preNumber>[0-9]+)?)?' +
    '(?:-(?<implicitPost>[0-9]+)|[-_.]?(?<postLabel>post|rev|r)[-_.]?(?<postNumber>[0-9]+)?)?' +
    '(?:[-_.]?(?<devLabel>dev)[-_.]?(?<devNumber>[0-9]+)?)?' +
    '(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?$',
  'i',
);

const PRE_LABELS: Record<string, 'a' | 'b' | 'rc'> = {
  a: 'a',
  alpha: 'a',
  b: 'b',
  beta: 'b',
  c: 'rc',
  rc: 'rc',
  pre: 'rc',
  preview: 'rc',
};

const PRE_RANK = { a: 1, b: 2, rc: 3 } as const;

/**
 * Reads a version the way Python's `packaging.version.Version` does, or null when it is not
 * PEP 440. Stricter in two ways, both on purpose: only ASCII (Python's case-insensitive match
 * lets `ſ` stand for `s`), and no number above 2^53 (it would silently round).
 */
export function parseVersion(text: string): PythonVersion | null {
  if (text.length > MAX_VERSION_LENGTH || !/^[\x20-\x7e\t\n\v\f\r]*$/.test(text)) return null;
  const match = VERSION_PATTERN.exec(text.trim());
  if (!match) return null;
  const group = match.groups as Record<string, string | undefined>;
  const postNumber = group.implicitPost ?? (group.postLabel === undefined ? undefined : (group.postNumber ?? '0'));
  const preLabel = group.preLabel === undefined ? undefined : PRE_LABELS[group.preLabel.toLowerCase()];
  const version: PythonVersion = {
    epoch: Number(group.epoch ?? '0'),
    release: (group.release ?? '').split('.').map(Number),
    pre: preLabel === undefined ? null : [preLabel, Number(group.preNumber ?? '0')],
    post: postNumber === undefined ? null : Number(postNumber),
    dev: group.devLabel === undefined ? null : Number(group.devNumber ?? '0'),
    local: group.local === undefined ? null : group.local.split(/[-_.]/).map(localSegment),
  };
  return numbersOf(version).every(Number.isSafeInteger) ? version : null;
}

/** The canonical spelling, as Python's `str(Version(text))` prints it; null when not PEP 440. */
export function normalizeVersion(text: string): string | null {
  const version = parseVersion(text);
  return version && formatVersion(version);
}

/** Trailing zeros of the release stay: `1.0.0` is printed as given, though it equals `1.0`. */
export function formatVersion(v: PythonVersion): string {
  let text = v.epoch === 0 ? '' : `${v.epoch}!`;
  text += v.release.join('.');
  if (v.pre) text += `${v.pre[0]}${v.pre[1]}`;
  if (v.post !== null) text += `.post${v.post}`;
  if (v.dev !== null) text += `.dev${v.dev}`;
  if (v.local) text += `+${v.local.join('.')}`;
  return text;
}

/** PEP 440 ordering: -1, 0 or 1. `1.0` and `1.0.0` are equal; `1.0+local` sorts after `1.0`. */
export function compareVersions(a: PythonVersion, b: PythonVersion): number {
  return Math.sign(
    a.epoch - b.epoch ||
      compareReleases(a.release, b.release) ||
      compareTuples(preKey(a), preKey(b)) ||
      compareNumbers(a.post ?? -Infinity, b.post ?? -Infinity) ||
      compareNumbers(a.dev ?? Infinity, b.dev ?? Infinity) ||
      compareLocals(a.local, b.local),
  );
}

/** What pip leaves out unless asked for `--pre`: any pre-release or development release. */
export function isPrerelease(v: PythonVersion): boolean {
  return v.pre !== null || v.dev !== null;
}

function localSegment(segment: string): string | number {
  return /^[0-9]+$/.test(segment) ? Number(segment) : segment.toLowerCase();
}

function numbersOf(v: PythonVersion): number[] {
  const local = (v.local ?? []).filter((segment): segment is number => typeof segment === 'number');
  return [v.epoch, ...v.release, v.pre?.[1] ?? 0, v.post ?? 0, v.dev ?? 0, ...local];
}

/** Missing places count as zero, which is what dropping trailing zeros amounts to. */
function compareReleases(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * A development release of a final version (`1.0.dev1`) comes before all its pre-releases;
 * a version without a pre-release comes after them. Otherwise a < b < rc, then the number.
 */
function preKey(v: PythonVersion): [number, number] {
  if (v.pre) return [PRE_RANK[v.pre[0]], v.pre[1]];
  return v.post === null && v.dev !== null ? [-Infinity, 0] : [Infinity, 0];
}

function compareTuples(a: [number, number], b: [number, number]): number {
  return compareNumbers(a[0], b[0]) || compareNumbers(a[1], b[1]);
}

/** Subtraction would give NaN for two equal infinities. */
function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * No local part sorts first. Then segment by segment: numbers by value, above any text;
 * text by code point; a shorter list that is a prefix of the other sorts first.
 */
function compareLocals(a: Array<string | number> | null, b: Array<string | number> | null): number {
  if (a === null || b === null) return (a === null ? 0 : 1) - (b === null ? 0 : 1);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const difference = compareLocalSegments(a[i], b[i]);
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

function compareLocalSegments(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return 1;
  if (typeof b === 'number') return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}
