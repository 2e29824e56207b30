import { globProblem } from '@herald/subscriptions';
import { SUBSCRIBABLE_EVENT_TYPES, type WebhookDigest, type WebhookFilters } from '@herald/contracts';
import { parseTarget } from './webhook-target';

/**
 * The rules of a webhook's fields, one function per field, each returning the problems of a
 * value (empty when it is fine). The REST DTOs and the use cases both apply them, so the API,
 * the portal and any later caller refuse the same things with the same words.
 */

export const DESCRIPTION_MAX_LENGTH = 500;
export const REPOSITORY_NAME_MAX_LENGTH = 64;
/** Shorter windows would hardly coalesce anything; a day is the longest anyone waits for a digest. */
export const DIGEST_WINDOW_SECONDS = { min: 10, max: 86_400 } as const;
export const FILTER_PATTERNS_MAX = 100;
export const FILTER_PATTERN_MAX_LENGTH = 256;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

export type Rule = (value: unknown) => string[];

export const repositoryProblems: Rule = (value) => {
  if (value === undefined || value === null || value === '') return ['repository is required: the name of an existing repository'];
  if (typeof value !== 'string') return ['repository must be a string: the name of an existing repository'];
  if (value.length > REPOSITORY_NAME_MAX_LENGTH || CONTROL.test(value) || /\s/.test(value)) return ['repository must be the name of an existing repository'];
  return [];
};

export const eventsProblems: Rule = (value) => {
  const allowed = SUBSCRIBABLE_EVENT_TYPES.join(', ');
  if (value === undefined) return [`events is required: a list of one or more of ${allowed}`];
  if (!Array.isArray(value)) return [`events must be a list of one or more of ${allowed}`];
  if (value.length === 0) return [`events must name at least one event type: ${allowed}`];
  if (value.some((entry) => typeof entry !== 'string' || !(SUBSCRIBABLE_EVENT_TYPES as readonly string[]).includes(entry))) {
    return [`each value in events must be one of the following values: ${allowed}`];
  }
  if (new Set(value).size !== value.length) return ['events must not name an event type twice'];
  return [];
};

export const targetProblems: Rule = (value) => {
  if (value === undefined) return ['target is required: {"type":"email","to":…}, {"type":"json","url":…} or {"type":"slack","url":…}'];
  return parseTarget(value).problems;
};

export const descriptionProblems: Rule = (value) => {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'string') return ['description must be a string or null'];
  if (value.length > DESCRIPTION_MAX_LENGTH) return [`description must be at most ${DESCRIPTION_MAX_LENGTH} characters`];
  if (CONTROL.test(value)) return ['description must not contain control characters'];
  return [];
};

export const activeProblems: Rule = (value) => (typeof value === 'boolean' ? [] : ['active must be a boolean value (true or false)']);

export const filtersProblems: Rule = (value) => {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) return ['filters must be an object such as {"include":["**/*.jar"],"exclude":["**/*.sha1"],"skipSideFiles":true}, or null'];
  const raw = value as Record<string, unknown>;
  const problems = Object.keys(raw)
    .filter((key) => !['include', 'exclude', 'skipSideFiles'].includes(key))
    .map((key) => `property filters.${/^[A-Za-z0-9_$-]{1,64}$/.test(key) ? key : 'unknown'} should not exist`);
  for (const key of ['include', 'exclude'] as const) {
    const patterns = raw[key];
    if (patterns === undefined) continue;
    if (!Array.isArray(patterns) || patterns.length > FILTER_PATTERNS_MAX) {
      problems.push(`filters.${key} must be a list of at most ${FILTER_PATTERNS_MAX} glob patterns`);
    } else if (patterns.some((pattern) => typeof pattern !== 'string' || pattern === '' || pattern.length > FILTER_PATTERN_MAX_LENGTH || CONTROL.test(pattern))) {
      problems.push(`each value in filters.${key} must be a non-empty glob pattern of at most ${FILTER_PATTERN_MAX_LENGTH} characters`);
    } else {
      // Compiled by the same code the worker matches with, so an accepted pattern always works.
      patterns.forEach((pattern: string, index) => {
        const problem = globProblem(pattern, key);
        if (problem) problems.push(`filters.${key}[${index}] ${JSON.stringify(pattern)} ${problem}`);
      });
    }
  }
  if (raw.skipSideFiles !== undefined && typeof raw.skipSideFiles !== 'boolean') problems.push('filters.skipSideFiles must be a boolean value');
  return problems;
};

export const digestProblems: Rule = (value) => {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) return ['digest must be an object such as {"windowSeconds":300}, or null'];
  const raw = value as Record<string, unknown>;
  const problems = Object.keys(raw)
    .filter((key) => key !== 'windowSeconds')
    .map((key) => `property digest.${/^[A-Za-z0-9_$-]{1,64}$/.test(key) ? key : 'unknown'} should not exist`);
  const seconds = raw.windowSeconds;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < DIGEST_WINDOW_SECONDS.min || seconds > DIGEST_WINDOW_SECONDS.max) {
    problems.push(`digest.windowSeconds must be a whole number of seconds from ${DIGEST_WINDOW_SECONDS.min} to ${DIGEST_WINDOW_SECONDS.max}`);
  }
  return problems;
};

/** Filters as stored: the lists and switch a client left out take their neutral values. */
export function normaliseFilters(value: Partial<WebhookFilters> | null | undefined): WebhookFilters | null {
  if (!value) return null;
  return { include: value.include ?? [], exclude: value.exclude ?? [], skipSideFiles: value.skipSideFiles ?? false };
}

export function normaliseDigest(value: WebhookDigest | null | undefined): WebhookDigest | null {
  return value ? { windowSeconds: value.windowSeconds } : null;
}

/** The problems of every field present in `fields`; `required` fields must be present. */
export function fieldProblems(fields: Record<string, unknown>, rules: Record<string, Rule>, required: readonly string[]): string[] {
  const problems: string[] = [];
  for (const [name, rule] of Object.entries(rules)) {
    const value = fields[name];
    if (value === undefined && !required.includes(name)) continue;
    problems.push(...rule(value));
  }
  return problems;
}

/** The fields a PATCH may change: all but the repository. */
export const CHANGEABLE_FIELD_RULES: Record<string, Rule> = {
  target: targetProblems,
  events: eventsProblems,
  description: descriptionProblems,
  active: activeProblems,
  filters: filtersProblems,
  digest: digestProblems,
};

export const WEBHOOK_RULES: Record<string, Rule> = { repository: repositoryProblems, ...CHANGEABLE_FIELD_RULES };
