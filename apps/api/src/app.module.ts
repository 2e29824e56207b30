import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { ConfigModule, type HeraldConfig } from '@herald/config';
import { PersistenceModule } from '@herald/persistence';
import { AuthModule } from './auth/auth.module';
import { ChangeWatchModule } from './common/change-watch.module';
import { DeliveriesModule } from './deliveries/deliveries.module';
import { EventsModule } from './events/events.module';
import { FilesModule } from './files/files.module';
import { HealthModule } from './health/health.module';
import { PortalModule } from './portal/portal.module';
import { RelayModule } from './relay/relay.module';
import { RepositoriesModule } from './repositories/repositories.module';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';
import { UsersModule } from './users/users.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({})
export class AppModule {
  static forRoot(config: HeraldConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.withConfig(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            // One short access line per request: no headers (they hold credentials, and serializing
            // them was a fifth of a small download's cost), no bodies. Redaction stays as a guard.
            serializers: {
              req: (req: { id: unknown; method: string; url: string; remoteAddress?: string; headers: Record<string, unknown> }) => ({
                id: req.id,
                method: req.method,
                url: req.url,
                remoteAddress: req.remoteAddress,
                userAgent: req.headers['user-agent'],
              }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
            autoLogging: { ignore: (request) => ['/healthz', '/readyz', '/metrics'].includes(request.url ?? '') },
          },
        }),
        PersistenceModule,
        HealthModule,
        ChangeWatchModule,
        SubscriptionsModule,
        RelayModule,
        AuthModule,
        RepositoriesModule,
        UsersModule,
        FilesModule,
        WebhooksModule,
        DeliveriesModule,
        EventsModule,
        PortalModule,
      ],
    };
  }
}
