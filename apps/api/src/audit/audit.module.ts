import { Module } from '@nestjs/common';
import { AuditLog } from './audit-log.service';

/** The admin audit trail; import it where a use case changes an admin object. */
@Module({
  providers: [AuditLog],
  exports: [AuditLog],
})
export class AuditModule {}
