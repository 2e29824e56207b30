import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { Delivery, DeliveryAttempt } from '@herald/persistence';
import { DeliveryNotFoundError } from '../redelivery-errors';

export interface DeliveryWithAttempts {
  delivery: Delivery;
  /** Oldest first, numbered as the attempt activities in the workflow history. */
  attempts: DeliveryAttempt[];
}

/** One delivery and every attempt at it. */
@Injectable()
export class GetDeliveryUseCase {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  async execute(id: string): Promise<DeliveryWithAttempts> {
    const em = this.orm.em.fork();
    const delivery = await em.findOne(Delivery, { id });
    if (!delivery) throw new DeliveryNotFoundError(id);
    const attempts = await em.find(DeliveryAttempt, { delivery }, { orderBy: { number: 'asc' } });
    return { delivery, attempts };
  }
}
