export const TARGET_TYPES = ['email', 'json', 'slack'] as const;
export type TargetType = (typeof TARGET_TYPES)[number];

export type EmailTarget = { type: 'email'; to: string };
export type JsonTarget = { type: 'json'; url: string };
export type SlackTarget = { type: 'slack'; url: string };
export type WebhookTarget = EmailTarget | JsonTarget | SlackTarget;

export const HEALTH_STATUSES = ['healthy', 'paused', 'disabled'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

export interface WebhookFilters {
  include: string[];
  exclude: string[];
  skipSideFiles: boolean;
}

export interface WebhookDigest {
  windowSeconds: number;
}

export const SECRET_PREFIX = 'whsec_';
