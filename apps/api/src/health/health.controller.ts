import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { MikroORM } from '@mikro-orm/core';
import type { Response } from 'express';
import { BLOB_STORE, type BlobStore } from '@herald/storage';
import { TemporalClientProvider } from '@herald/temporal';
import { MetricsService } from './metrics.service';

@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly temporal: TemporalClientProvider,
    @Inject(BLOB_STORE) private readonly store: BlobStore,
    private readonly metrics: MetricsService,
  ) {}

  @Get('healthz')
  healthz() {
    return { status: 'ok' };
  }

  /** 200 when the database, Temporal and the blob store answer; 503 naming the one that does not. */
  @Get('readyz')
  async readyz(@Res() response: Response): Promise<void> {
    const [database, temporal, storage] = await Promise.all([this.databaseReady(), this.temporal.isReachable(), this.storageReady()]);
    const checks = { database: database ? 'up' : 'down', temporal: temporal ? 'up' : 'down', storage: storage ? 'up' : 'down' };
    const ready = database && temporal && storage;
    response.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({ status: ready ? 'ready' : 'not ready', checks });
  }

  @Get('metrics')
  async prometheus(@Res() response: Response): Promise<void> {
    response.setHeader('Content-Type', this.metrics.registry.contentType);
    response.send(await this.metrics.registry.metrics());
  }

  private async storageReady(): Promise<boolean> {
    return this.store.check().then(
      () => true,
      () => false,
    );
  }

  private async databaseReady(): Promise<boolean> {
    try {
      await this.orm.em.getConnection().execute('select 1');
      return true;
    } catch {
      return false;
    }
  }
}
