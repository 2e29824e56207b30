import { OptionalProps, Collection, Entity, Enum, Index, OneToMany, PrimaryKey, Property } from '@mikro-orm/core';
import { DELIVERY_STATUSES, type DeliveryStatus, type EventType } from '@herald/contracts';
import { newId } from '../ids';
import { DeliveryAttempt } from './delivery-attempt.entity';

/** The notification of one event to one webhook, over all its attempts. */
@Entity({ tableName: 'delivery' })
@Index({ properties: ['webhookId', 'createdAt'] })
export class Delivery {
  [OptionalProps]?: 'status' | 'attemptCount' | 'lastStatusCode' | 'createdAt' | 'completedAt';

  @PrimaryKey({ type: 'string', length: 40 })
  id: string = newId('dlv');

  @Property({ type: 'string', length: 40 })
  webhookId!: string;

  @Index()
  @Property({ type: 'string', length: 40 })
  eventId!: string;

  @Property({ type: 'string', length: 64 })
  eventType!: EventType;

  @Enum({ items: () => [...DELIVERY_STATUSES], type: 'string' })
  status: DeliveryStatus = 'pending';

  @Property({ type: 'integer' })
  attemptCount: number = 0;

  @Property({ type: 'integer', nullable: true })
  lastStatusCode: number | null = null;

  @Property({ type: 'string', length: 255 })
  workflowId!: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  completedAt: Date | null = null;

  @OneToMany(() => DeliveryAttempt, (attempt) => attempt.delivery, { orderBy: { number: 'asc' } })
  attempts = new Collection<DeliveryAttempt>(this);
}
