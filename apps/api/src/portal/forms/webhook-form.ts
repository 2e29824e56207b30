import { TARGET_TYPES, type TargetType, type WebhookDigest, type WebhookFilters } from '@herald/contracts';
import { besideField } from './field-messages';

/** The webhook form as the browser posts it (application/x-www-form-urlencoded). */
export interface WebhookFormValues {
  repository: string;
  targetType: TargetType | '';
  email: string;
  jsonUrl: string;
  slackUrl: string;
  events: string[];
  description: string;
  /** Glob patterns, one per line. */
  include: string;
  exclude: string;
  skipSideFiles: boolean;
  /** Empty: every event is notified on its own. */
  digestSeconds: string;
}

export type WebhookFormField = 'repository' | 'targetType' | 'email' | 'jsonUrl' | 'slackUrl' | 'events' | 'description' | 'include' | 'exclude' | 'digest' | 'form';
export type FieldErrors = Partial<Record<WebhookFormField, string[]>>;

export const EMPTY_WEBHOOK_FORM: WebhookFormValues = {
  repository: '',
  targetType: '',
  email: '',
  jsonUrl: '',
  slackUrl: '',
  events: [],
  description: '',
  include: '',
  exclude: '',
  skipSideFiles: false,
  digestSeconds: '',
};

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((entry): entry is string => typeof entry === 'string');
  return typeof value === 'string' ? [value] : [];
}

export function readWebhookForm(body: Record<string, unknown>): WebhookFormValues {
  const type = text(body.targetType);
  return {
    repository: text(body.repository),
    targetType: (TARGET_TYPES as readonly string[]).includes(type) ? (type as TargetType) : '',
    email: text(body.email).trim(),
    jsonUrl: text(body.jsonUrl).trim(),
    slackUrl: text(body.slackUrl).trim(),
    events: list(body.events),
    description: text(body.description).trim(),
    include: text(body.include).trim(),
    exclude: text(body.exclude).trim(),
    skipSideFiles: body.skipSideFiles === 'on' || body.skipSideFiles === 'true',
    digestSeconds: text(body.digestSeconds).trim(),
  };
}

function lines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** The filters as the use case reads them; none at all when every field is left empty. */
export function filtersOf(values: WebhookFormValues): Partial<WebhookFilters> | null {
  const include = lines(values.include);
  const exclude = lines(values.exclude);
  return include.length || exclude.length || values.skipSideFiles ? { include, exclude, skipSideFiles: values.skipSideFiles } : null;
}

/** An empty window means no digest; anything else goes to the use case's rule as a number (NaN included, which it refuses). */
export function digestOf(values: WebhookFormValues): WebhookDigest | null {
  return values.digestSeconds === '' ? null : { windowSeconds: Number(values.digestSeconds) };
}

/** The form as a stored webhook fills it. */
export function hygieneValues(webhook: { filters: WebhookFilters | null; digest: WebhookDigest | null }): Pick<WebhookFormValues, 'include' | 'exclude' | 'skipSideFiles' | 'digestSeconds'> {
  return {
    include: (webhook.filters?.include ?? []).join('\n'),
    exclude: (webhook.filters?.exclude ?? []).join('\n'),
    skipSideFiles: webhook.filters?.skipSideFiles ?? false,
    digestSeconds: webhook.digest ? String(webhook.digest.windowSeconds) : '',
  };
}

/**
 * The target as the use case reads it, from the field of the chosen type. No type chosen → an
 * empty target, which the use case refuses with its own words ("target.type is required").
 */
export function targetOf(values: WebhookFormValues): { type: string; url?: string; to?: string } {
  switch (values.targetType) {
    case 'email':
      return { type: 'email', to: values.email };
    case 'json':
      return { type: 'json', url: values.jsonUrl };
    case 'slack':
      return { type: 'slack', url: values.slackUrl };
    case '':
      return {} as { type: string };
  }
}

const TARGET_VALUE_FIELD: Record<TargetType, WebhookFormField> = { email: 'email', json: 'jsonUrl', slack: 'slackUrl' };

/**
 * Puts each of the use case's messages beside the field it names. The rules and their words
 * stay in the webhooks feature; this only reads the field path each message starts with.
 */
export function fieldErrors(problems: readonly string[], targetType: TargetType | ''): FieldErrors {
  const errors: FieldErrors = {};
  for (const problem of problems) {
    const field = fieldOf(problem, targetType);
    (errors[field] ??= []).push(besideWebhookField(problem));
  }
  return errors;
}

function fieldOf(problem: string, targetType: TargetType | ''): WebhookFormField {
  if (/^(each value in )?events\b/.test(problem)) return 'events';
  if (/^repository\b/.test(problem)) return 'repository';
  if (/^description\b/.test(problem)) return 'description';
  if (/^(each value in )?filters\.(include|exclude)\b/.test(problem)) return /filters\.exclude/.test(problem) ? 'exclude' : 'include';
  if (/^digest\b/.test(problem)) return 'digest';
  if (/^target\.(url|to)\b/.test(problem)) return targetType === '' ? 'targetType' : TARGET_VALUE_FIELD[targetType];
  if (/^(property )?target\b/.test(problem)) return 'targetType';
  return 'form';
}

/** Beside the field, its name is already on screen: `target.url must use…` reads `Must use…`. */
function besideWebhookField(problem: string): string {
  // `filters.include[1] "x" is not…` beside the patterns box: the line the pattern is on.
  const pattern = /^filters\.(?:include|exclude)\[(\d+)\] /.exec(problem);
  if (pattern) return `Line ${Number(pattern[1]) + 1}: ${problem.slice(pattern[0].length)}`;
  if (problem.startsWith('each value in events must')) return besideField(problem.replace('each value in events', 'each event'), 'each');
  const field = /^(events|repository|description|target\.url|target\.to|target\.type|target|digest\.windowSeconds) /.exec(problem)?.[1];
  return besideField(problem, field ?? '');
}
