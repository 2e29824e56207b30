import { OptionalProps, Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { newId } from '../ids';
import { Delivery } from './delivery.entity';

/** One try at a delivery: first-class data, as the Temporal activity of the same number. */
@Entity({ tableName: 'delivery_attempt' })
@Unique({ properties: ['delivery', 'number'] })
export class DeliveryAttempt {
  [OptionalProps]?: 'statusCode' | 'errorClass' | 'error' | 'responseBody';

  @PrimaryKey({ type: 'string', length: 40 })
  id: string = newId('att');

  @ManyToOne(() => Delivery, { deleteRule: 'cascade' })
  delivery!: Delivery;

  @Property({ type: 'integer' })
  number!: number;

  @Property({ type: 'datetime' })
  startedAt!: Date;

  @Property({ type: 'integer' })
  durationMs!: number;

  @Property({ type: 'integer', nullable: true })
  statusCode: number | null = null;

  /** The error class (`RetryableDeliveryError`, `PermanentDeliveryError`) or null on success. */
  @Property({ type: 'string', length: 64, nullable: true })
  errorClass: string | null = null;

  @Property({ type: 'string', length: 1024, nullable: true })
  error: string | null = null;

  /** The first 1 KiB of the receiver's answer. */
  @Property({ type: 'text', nullable: true })
  responseBody: string | null = null;
}
