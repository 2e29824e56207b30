import { OptionalProps, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import type { DigestData, EventType, MavenCoordinates, PublishedVersionData, PythonCoordinates } from '@herald/contracts';
import { newId } from '../ids';

/**
 * One event (the outbox row): written in the same transaction as the change it records,
 * dispatched to Temporal by the relay, never deleted while undispatched.
 */
@Entity({ tableName: 'file_event' })
@Index({ properties: ['repository', 'occurredAt'] })
export class FileEvent {
  [OptionalProps]?: 'size' | 'sha256' | 'sha1' | 'md5' | 'contentType' | 'actorUsername' | 'actorIp' | 'actorUserAgent' | 'maven' | 'python' | 'payload' | 'targetWebhookId' | 'occurredAt' | 'dispatchedAt';

  @PrimaryKey({ type: 'string', length: 40 })
  id: string = newId('evt');

  @Property({ type: 'string', length: 64 })
  type!: EventType;

  @Property({ type: 'string', length: 64 })
  repository!: string;

  @Property({ type: 'string', length: 1024 })
  path!: string;

  @Property({ type: 'string', length: 255 })
  name!: string;

  @Property({ type: 'bigint', runtimeType: 'number', nullable: true })
  size: number | null = null;

  @Property({ type: 'string', length: 64, nullable: true })
  sha256: string | null = null;

  @Property({ type: 'string', length: 40, nullable: true })
  sha1: string | null = null;

  @Property({ type: 'string', length: 32, nullable: true })
  md5: string | null = null;

  @Property({ type: 'string', length: 255, nullable: true })
  contentType: string | null = null;

  @Property({ type: 'string', length: 64, nullable: true })
  actorUsername: string | null = null;

  @Property({ type: 'string', length: 64, nullable: true })
  actorIp: string | null = null;

  @Property({ type: 'string', length: 512, nullable: true })
  actorUserAgent: string | null = null;

  @Property({ type: 'json', nullable: true })
  maven: MavenCoordinates | null = null;

  /** The distribution, for a file of a `python` repository. */
  @Property({ type: 'json', nullable: true })
  python: PythonCoordinates | null = null;

  /**
   * The receiver-facing `data` of an event Herald composes itself (file.digest,
   * maven.version.published), stored whole so every attempt and redelivery sends the same.
   */
  @Property({ type: 'json', nullable: true })
  payload: DigestData | PublishedVersionData | null = null;

  /** For webhook.test: the one webhook the event is meant for. */
  @Property({ type: 'string', length: 40, nullable: true })
  targetWebhookId: string | null = null;

  @Property({ type: 'datetime' })
  occurredAt: Date = new Date();

  /** Set by the relay once Temporal accepted the workflow start; null = still in the outbox. */
  @Index()
  @Property({ type: 'datetime', nullable: true })
  dispatchedAt: Date | null = null;
}
