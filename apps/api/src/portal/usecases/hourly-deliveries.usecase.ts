import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { Delivery } from '@herald/persistence';
import type { HourlyDeliveries } from '../views/delivery-chart';

const HOUR_MS = 60 * 60 * 1000;
export const CHART_HOURS = 24;

export interface HourlyDeliveriesQuery {
  webhookId: string;
  now?: Date;
}

/**
 * A webhook's finished deliveries of the last 24 hours, counted per hour of completion (the
 * current hour last), for the portal's chart. Reads two columns of one indexed table.
 */
@Injectable()
export class HourlyDeliveriesUseCase {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  async execute(query: HourlyDeliveriesQuery): Promise<HourlyDeliveries[]> {
    const now = query.now ?? new Date();
    const currentHour = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
    const first = currentHour - (CHART_HOURS - 1) * HOUR_MS;
    const hours: HourlyDeliveries[] = Array.from({ length: CHART_HOURS }, (_, index) => ({ hour: new Date(first + index * HOUR_MS), succeeded: 0, failed: 0 }));
    const finished = await this.orm.em.fork().find(
      Delivery,
      { webhookId: query.webhookId, status: { $in: ['succeeded', 'failed'] }, completedAt: { $gte: new Date(first) } },
      { fields: ['status', 'completedAt'] },
    );
    for (const delivery of finished) {
      if (!delivery.completedAt) continue;
      const slot = hours[Math.floor((delivery.completedAt.getTime() - first) / HOUR_MS)];
      if (!slot) continue;
      if (delivery.status === 'succeeded') slot.succeeded += 1;
      else slot.failed += 1;
    }
    return hours;
  }
}
