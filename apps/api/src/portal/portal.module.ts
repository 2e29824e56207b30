import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { PortalAssetsController } from './assets/assets.controller';
import { SignInController } from './controllers/sign-in.controller';
import { PortalHeadersMiddleware } from './portal-headers.middleware';
import { PortalSessionCodec } from './session/portal-session';
import { PortalSessionGuard } from './session/portal-session.guard';
import { SignInUseCase } from './usecases/sign-in.usecase';

/** The administrator portal: server-rendered pages over the same use cases as the REST API. */
@Module({
  controllers: [PortalAssetsController, SignInController],
  providers: [PortalSessionCodec, PortalSessionGuard, SignInUseCase],
})
export class PortalModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(PortalHeadersMiddleware).forRoutes('portal', 'portal/*path');
  }
}
