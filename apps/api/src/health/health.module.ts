import { Global, Module } from '@nestjs/common';
import { StorageModule } from '@herald/storage';
import { HealthController } from './health.controller';
import { MetricsService } from './metrics.service';

@Global()
@Module({ imports: [StorageModule], controllers: [HealthController], providers: [MetricsService], exports: [MetricsService] })
export class HealthModule {}
