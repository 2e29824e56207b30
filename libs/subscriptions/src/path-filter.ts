import picomatch from 'picomatch';
import type { WebhookFilters } from '@herald/contracts';

/**
 * Which file paths a webhook is told about: its `filters` compiled once, shared by the API (which
 * refuses a pattern this cannot compile) and the worker (which applies it when it resolves the
 * webhooks of an event), so what is accepted and what is matched never drift apart.
 *
 * Patterns are globs over the path inside the repository (`**\/*.jar`, `com/example/**`); a path
 * is notified when it matches an `include` pattern (or `include` is empty), matches no `exclude`
 * pattern nor any `!`-prefixed `include` pattern, and, with `skipSideFiles`, is not a side file.
 */
export type PathFilter = (path: string) => boolean;

// `dot`: paths under `.herald/` or `.m2/` match `**` like any other; `nonegate`: a leading `!` is
// read here, once, as "exclude", not by picomatch; `strictBrackets`: an unclosed `[`, `(` or `{`
// is a mistake to report, not a literal character to match.
const GLOB_OPTIONS = { dot: true, nonegate: true, strictBrackets: true } as const;

/** Checksums and signatures beside each file, and the Maven metadata (with its checksums). */
const SIDE_FILE = /(?:\.(?:md5|sha1|sha256|sha512|asc)|(?:^|\/)maven-metadata\.xml)$/i;

export function isSideFile(path: string): boolean {
  return SIDE_FILE.test(path);
}

/** Why a pattern cannot be used, in words for an admin; null when it compiles. */
export function globProblem(pattern: string, list: 'include' | 'exclude'): string | null {
  const glob = list === 'include' && pattern.startsWith('!') ? pattern.slice(1) : pattern;
  if (glob === '') return 'is empty';
  if (glob.startsWith('!')) return list === 'exclude' ? 'starts with !: exclude lists paths to skip, so write the pattern without it' : 'starts with !! (one ! turns an include pattern into an exclude)';
  if (glob.startsWith('/')) return 'starts with /: patterns match paths inside the repository, such as com/example/**';
  try {
    picomatch.makeRe(glob, GLOB_OPTIONS);
    return null;
  } catch (error) {
    return `is not a valid glob (${error instanceof Error ? error.message : String(error)})`;
  }
}

const cache = new Map<string, PathFilter>();
const CACHE_LIMIT = 500;

/** The filter of a webhook's stored `filters`; null or empty filters let every path through. */
export function compilePathFilter(filters: Partial<WebhookFilters> | null | undefined): PathFilter {
  if (!filters) return () => true;
  const key = JSON.stringify([filters.include ?? [], filters.exclude ?? [], filters.skipSideFiles ?? false]);
  let filter = cache.get(key);
  if (!filter) {
    filter = build(filters);
    // Webhooks are few and their filters change rarely: a plain bound keeps a bad day finite.
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, filter);
  }
  return filter;
}

function build(filters: Partial<WebhookFilters>): PathFilter {
  const include = filters.include ?? [];
  const wanted = include.filter((pattern) => !pattern.startsWith('!'));
  const unwanted = [...include.filter((pattern) => pattern.startsWith('!')).map((pattern) => pattern.slice(1)), ...(filters.exclude ?? [])];
  const matchesWanted = wanted.length ? picomatch(wanted, GLOB_OPTIONS) : () => true;
  const matchesUnwanted = unwanted.length ? picomatch(unwanted, GLOB_OPTIONS) : () => false;
  const skipSideFiles = filters.skipSideFiles ?? false;
  return (path) => !(skipSideFiles && isSideFile(path)) && matchesWanted(path) && !matchesUnwanted(path);
}
