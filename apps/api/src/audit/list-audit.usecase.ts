import { Inject, Injectable } from '@nestjs/common';
import { MikroORM, type FilterQuery } from '@mikro-orm/core';
import { AuditEntry } from '@herald/persistence';
import { keysetPage, NEWEST_FIRST, olderThan } from '../common/keyset-cursor';
import type { AuditEntryResponse } from './audit-entry.response';
import { presentAuditEntry } from './audit-entry.presenter';
import { InvalidInputError } from '../common/domain-errors';

export const DEFAULT_AUDIT_PAGE = 50;
export const MAX_AUDIT_PAGE = 200;

export interface ListAuditQuery {
  /** A username: what that user changed. */
  actor?: string;
  /** A subject id (a username, a repository name, a webhook id): what was done to it. */
  subject?: string;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
  limit?: number;
}

export interface AuditPage {
  items: AuditEntryResponse[];
  nextCursor: string | null;
}

/** The audit trail, newest first, a page at a time (keyset on createdAt, then id). */
@Injectable()
export class ListAuditUseCase {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  async execute(query: ListAuditQuery): Promise<AuditPage> {
    const limit = query.limit ?? DEFAULT_AUDIT_PAGE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_AUDIT_PAGE) throw new InvalidInputError(`limit must be a whole number from 1 to ${MAX_AUDIT_PAGE}`);
    const where = {
      ...(query.actor === undefined ? {} : { actor: query.actor }),
      ...(query.subject === undefined ? {} : { subjectId: query.subject }),
      ...(query.cursor === undefined ? {} : olderThan(query.cursor)),
    } as FilterQuery<AuditEntry>;
    const page = keysetPage(await this.orm.em.fork().find(AuditEntry, where, { orderBy: NEWEST_FIRST, limit: limit + 1 }), limit);
    return { items: page.items.map(presentAuditEntry), nextCursor: page.nextCursor };
  }
}
