import { Module } from '@nestjs/common';
import { EventsController } from './events.controller';
import { ListEventsUseCase } from './usecases/list-events.usecase';

@Module({
  controllers: [EventsController],
  providers: [ListEventsUseCase],
  exports: [ListEventsUseCase],
})
export class EventsModule {}
