import { Global, Module } from '@nestjs/common';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { AdminGuard } from './admin.guard';
import { AuthService } from './auth.service';
import { TokenUseRecorder } from './token-uses';

@Global()
@Module({
  providers: [AuthService, AdminGuard, AdminBootstrapService, TokenUseRecorder],
  exports: [AuthService, AdminGuard],
})
export class AuthModule {}
