import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { EventsModule } from '../events/events.module';
import { RepositoriesModule } from '../repositories/repositories.module';
import { UsersModule } from '../users/users.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { PortalAssetsController } from './assets/assets.controller';
import { PortalAuditController } from './controllers/audit.controller';
import { PortalDeliveriesController } from './controllers/deliveries.controller';
import { PortalDirectoryController } from './controllers/directory.controller';
import { PortalNotFoundController } from './controllers/not-found.controller';
import { RootController } from './controllers/root.controller';
import { SignInController } from './controllers/sign-in.controller';
import { PortalUserTokensController } from './controllers/user-tokens.controller';
import { PortalUsersController } from './controllers/users.controller';
import { PortalWebhooksController } from './controllers/webhooks.controller';
import { PortalHeadersMiddleware } from './portal-headers.middleware';
import { PortalCookies } from './session/cookies';
import { PortalSessionCodec } from './session/portal-session';
import { PortalSessionGuard } from './session/portal-session.guard';
import { PortalSessions } from './session/portal-sessions';
import { HourlyDeliveriesUseCase } from './usecases/hourly-deliveries.usecase';
import { SignInUseCase } from './usecases/sign-in.usecase';

/**
 * The administrator portal: server-rendered pages over the same use cases as the REST API
 * (imported from their feature modules, never copied).
 */
@Module({
  imports: [AuditModule, RepositoriesModule, UsersModule, EventsModule, WebhooksModule, DeliveriesModule],
  controllers: [RootController, PortalAssetsController, SignInController, PortalWebhooksController, PortalDeliveriesController, PortalDirectoryController, PortalUsersController, PortalUserTokensController, PortalAuditController, PortalNotFoundController],
  providers: [PortalSessionCodec, PortalSessions, PortalCookies, PortalSessionGuard, SignInUseCase, HourlyDeliveriesUseCase],
})
export class PortalModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(PortalHeadersMiddleware).forRoutes('portal', 'portal/*path');
  }
}
