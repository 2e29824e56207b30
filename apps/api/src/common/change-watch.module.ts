import { Global, Module } from '@nestjs/common';
import { ChangeWatch } from './change-watch';

@Global()
@Module({
  providers: [ChangeWatch],
  exports: [ChangeWatch],
})
export class ChangeWatchModule {}
