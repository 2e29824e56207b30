import { TARGET_TYPES, type TargetType } from '@herald/contracts';
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
}

export type WebhookFormField = 'repository' | 'targetType' | 'email' | 'jsonUrl' | 'slackUrl' | 'events' | 'description' | 'form';
export type FieldErrors = Partial<Record<WebhookFormField, string[]>>;

export const EMPTY_WEBHOOK_FORM: WebhookFormValues = { repository: '', targetType: '', email: '', jsonUrl: '', slackUrl: '', events: [], description: '' };

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
  if (/^target\.(url|to)\b/.test(problem)) return targetType === '' ? 'targetType' : TARGET_VALUE_FIELD[targetType];
  if (/^(property )?target\b/.test(problem)) return 'targetType';
  return 'form';
}

/** Beside the field, its name is already on screen: `target.url must use…` reads `Must use…`. */
function besideWebhookField(problem: string): string {
  if (problem.startsWith('each value in events must')) return besideField(problem.replace('each value in events', 'each event'), 'each');
  const field = /^(events|repository|description|target\.url|target\.to|target\.type|target) /.exec(problem)?.[1];
  return besideField(problem, field ?? '');
}
