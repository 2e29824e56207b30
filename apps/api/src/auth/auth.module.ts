import { Global, Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { AdminGuard } from './admin.guard';
import { AuthThrottle } from './auth-throttle';
import { AuthService } from './auth.service';
import { TokenUseRecorder } from './token-uses';

@Global()
@Module({
  imports: [AuditModule],
  providers: [AuthService, AdminGuard, AdminBootstrapService, TokenUseRecorder, AuthThrottle],
  exports: [AuthService, AdminGuard, AuthThrottle],
})
export class AuthModule {}
