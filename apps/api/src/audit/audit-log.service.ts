import { Inject, Injectable } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/core';
import { AuditEntry } from '@herald/persistence';

export interface AuditRecord {
  actor: string | null;
  /** `<subject>.<verb>`, e.g. `webhook.created`, `webhook.secret_rotated`. */
  action: string;
  subjectType: string;
  subjectId: string;
  /** Field names and types, never the value of a secret. */
  detail?: Record<string, unknown>;
}

export interface AuditEntryView {
  id: string;
  action: string;
  actor: string | null;
  subjectType: string;
  subjectId: string;
  detail: Record<string, unknown> | null;
  createdAt: string;
}

/** Who did what to which admin object, written in the same transaction as the change itself. */
@Injectable()
export class AuditLog {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  record(em: EntityManager, entry: AuditRecord, at: Date = new Date()): AuditEntry {
    return em.create(AuditEntry, { actor: entry.actor, action: entry.action, subjectType: entry.subjectType, subjectId: entry.subjectId, detail: entry.detail ?? null, createdAt: at });
  }

  /** Newest first; ids are time-ordered, so they break ties within one millisecond. */
  async list(subjectType: string, subjectId: string, limit = 200): Promise<AuditEntryView[]> {
    const entries = await this.orm.em.fork().find(AuditEntry, { subjectType, subjectId }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit });
    return entries.map((entry) => ({
      id: entry.id,
      action: entry.action,
      actor: entry.actor,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId,
      detail: entry.detail,
      createdAt: entry.createdAt.toISOString(),
    }));
  }
}
