import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@herald/config';
import { installTemporalRuntime } from './temporal-runtime';
import { TemporalWorkerService, type WorkflowSource } from './temporal-worker.service';
import { WorkerModule } from './worker.module';
import { PinoNestLogger, temporalSdkLogger, workerLogger } from './worker-logger';

/** dist/workflows/workflow-bundle.js when built (`npm run build`), else the workflow sources. */
function workflowSource(): WorkflowSource {
  const bundle = join(__dirname, '../../../../workflows/workflow-bundle.js');
  if (existsSync(bundle)) return { workflowBundle: { codePath: bundle } };
  return { workflowsPath: require.resolve('../../../workflows') };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = workerLogger(config.logLevel);
  await installTemporalRuntime({ sdkMetrics: config.workerMetricsPort !== null, logger: temporalSdkLogger(logger) });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ config, workflows: workflowSource() }), { logger: new PinoNestLogger(logger) });
  const worker = app.get(TemporalWorkerService);
  let signals = 0;
  const stop = (signal: string) => {
    signals += 1;
    if (signals > 1) process.exit(1);
    logger.info({ context: 'Worker' }, `${signal} received, draining`);
    worker.shutdown();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  await worker.run();
  await app.close();
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `configuration error: ${error.message}` : error);
  process.exit(1);
});
