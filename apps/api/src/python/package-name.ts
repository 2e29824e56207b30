/**
 * A project name as PEP 508 allows it: ASCII letters and digits, with `.`, `_` and `-` inside.
 * Written without the `i` flag so no non-ASCII letter can case-fold into the class.
 */
const PROJECT_NAME_PATTERN = /^(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9])$/;

/** Longer names are refused before the pattern runs: they would only make index pages and paths unwieldy. */
const MAX_PROJECT_NAME_LENGTH = 200;

export function isValidProjectName(name: string): boolean {
  return name.length <= MAX_PROJECT_NAME_LENGTH && PROJECT_NAME_PATTERN.test(name);
}

/**
 * The name pip looks a project up by (PEP 503): `Demo_Lib`, `demo.lib` and `demo--lib` are one
 * project, `demo-lib`. Two uploads whose names normalize alike belong to the same project.
 */
export function normalizeProjectName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}
