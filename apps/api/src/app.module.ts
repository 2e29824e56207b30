import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { ConfigModule, type HeraldConfig } from '@herald/config';
import { PersistenceModule } from '@herald/persistence';
import { AuthModule } from './auth/auth.module';
import { ACCESS_LOG_SERIALIZERS } from './common/access-log';
import { ChangeWatchModule } from './common/change-watch.module';
import { DeliveriesModule } from './deliveries/deliveries.module';
import { EventsModule } from './events/events.module';
import { FilesModule } from './files/files.module';
import { HealthModule } from './health/health.module';
import { PortalModule } from './portal/portal.module';
import { PythonModule } from './python/python.module';
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
            serializers: ACCESS_LOG_SERIALIZERS,
            // A guard: no serializer above writes these.
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
        PythonModule,
        WebhooksModule,
        DeliveriesModule,
        EventsModule,
        PortalModule,
      ],
    };
  }
}
