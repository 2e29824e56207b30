import { Global, Module } from '@nestjs/common';
import { SubscriptionIndex } from './subscription-index';

/** The subscription index, one per API process, read by the event recorder and the relay. */
@Global()
@Module({
  providers: [SubscriptionIndex],
  exports: [SubscriptionIndex],
})
export class SubscriptionsModule {}
