import { OptionalProps, Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { TARGET_TYPES, type SubscribableEventType, type TargetType, type WebhookDigest, type WebhookFilters } from '@herald/contracts';
import { newId } from '../ids';

/** A subscription of one target to a repository's events. Secrets are stored encrypted. */
@Entity({ tableName: 'webhook' })
@Index({ properties: ['repository', 'active'] })
export class Webhook {
  [OptionalProps]?: 'targetAddress' | 'targetSecretUrl' | 'signingSecrets' | 'description' | 'active' | 'filters' | 'digest' | 'consecutiveFailures' | 'pausedUntil' | 'disabledAt' | 'createdBy' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'string', length: 40 })
  id: string = newId('wh');

  @Property({ type: 'string', length: 64 })
  repository!: string;

  @Enum({ items: () => [...TARGET_TYPES], type: 'string' })
  targetType!: TargetType;

  /** The email address or JSON URL; null for Slack, whose URL is a credential. */
  @Property({ type: 'string', length: 2048, nullable: true })
  targetAddress: string | null = null;

  /** The Slack URL, encrypted (see SecretBox). */
  @Property({ type: 'text', nullable: true })
  targetSecretUrl: string | null = null;

  /** Encrypted JSON `[{secret, expiresAt}]`: the signing secrets of a JSON target, newest first. */
  @Property({ type: 'text', nullable: true })
  signingSecrets: string | null = null;

  @Property({ type: 'json' })
  events!: SubscribableEventType[];

  @Property({ type: 'string', length: 500, nullable: true })
  description: string | null = null;

  @Property({ type: 'boolean' })
  active: boolean = true;

  @Property({ type: 'json', nullable: true })
  filters: WebhookFilters | null = null;

  @Property({ type: 'json', nullable: true })
  digest: WebhookDigest | null = null;

  @Property({ type: 'integer' })
  consecutiveFailures: number = 0;

  @Property({ type: 'datetime', nullable: true })
  pausedUntil: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  disabledAt: Date | null = null;

  @Property({ type: 'string', length: 64, nullable: true })
  createdBy: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime' })
  updatedAt: Date = new Date();
}
