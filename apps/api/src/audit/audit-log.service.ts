import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/core';
import { AuditEntry } from '@herald/persistence';

/** Who made a change and from where; a null username is Herald itself (endpoint health). */
export interface AuditActor {
  username: string | null;
  address: string | null;
}

export interface AuditRecord {
  actor: AuditActor;
  /** `<subject>.<verb>`, e.g. `webhook.created`, `user.updated`, `token.revoked`. */
  action: string;
  subjectType: string;
  subjectId: string;
  /** What changed, never the value of a secret. */
  detail?: Record<string, unknown>;
}

/** Who did what to which admin object, written in the same transaction as the change itself. */
@Injectable()
export class AuditLog {
  record(em: EntityManager, entry: AuditRecord, at: Date = new Date()): AuditEntry {
    return em.create(AuditEntry, {
      actor: entry.actor.username,
      address: entry.actor.address,
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId,
      detail: entry.detail ?? null,
      createdAt: at,
    });
  }
}
