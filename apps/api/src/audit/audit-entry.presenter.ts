import type { AuditEntry } from '@herald/persistence';
import type { AuditEntryResponse } from './audit-entry.response';

export function presentAuditEntry(entry: AuditEntry): AuditEntryResponse {
  return {
    id: entry.id,
    action: entry.action,
    actor: entry.actor,
    address: entry.address,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    detail: entry.detail,
    createdAt: entry.createdAt.toISOString(),
  };
}
