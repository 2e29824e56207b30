import { Global, Module } from '@nestjs/common';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { AdminGuard } from './admin.guard';
import { AuthService } from './auth.service';

@Global()
@Module({
  providers: [AuthService, AdminGuard, AdminBootstrapService],
  exports: [AuthService, AdminGuard],
})
export class AuthModule {}
