import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditLog } from './audit-log.service';
import { ListAuditUseCase } from './list-audit.usecase';

/** The admin audit trail; import it where a use case changes an admin object. */
@Module({
  controllers: [AuditController],
  providers: [AuditLog, ListAuditUseCase],
  exports: [AuditLog, ListAuditUseCase],
})
export class AuditModule {}
