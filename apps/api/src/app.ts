import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, urlencoded } from 'express';
import { Logger } from 'nestjs-pino';
import type { HeraldConfig } from '@herald/config';
import { AppModule } from './app.module';
import { TRUSTED_PROXIES } from './common/client-address';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { refuseUnsafeInput } from './common/unsafe-input.middleware';
import { FileReads } from './files/file-reads';

/** Builds the API application (used by main.ts and by tests). */
export async function createApiApp(config: HeraldConfig): Promise<INestApplication> {
  // No global body parser: artifact uploads are streamed to disk untouched, whatever their type.
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', TRUSTED_PROXIES);
  app.disable('x-powered-by');
  // Downloads and listings, ahead of Express and Nest: see file-reads.ts.
  app.get(FileReads).mountAhead(app.getHttpServer());
  app.use(['/api', '/portal'], json({ limit: '1mb' }), urlencoded({ extended: false, limit: '1mb' }), refuseUnsafeInput);
  app.useGlobalFilters(new HttpExceptionFilter());
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Herald admin API')
      .setDescription('Repositories, users, webhooks and their deliveries. Admin only: HTTP Basic or Bearer token.')
      .setVersion('1')
      .addBasicAuth()
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
