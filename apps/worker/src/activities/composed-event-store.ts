import type { MikroORM, RequiredEntityData } from '@mikro-orm/core';
import { FileEvent, StoredFile, Webhook } from '@herald/persistence';

/** The port through which digests and published versions are recorded as events. */
export interface ComposedEventStore {
  webhook(id: string): Promise<Webhook | null>;
  /** The files stored now at these paths of a repository, by path. */
  storedFiles(repository: string, paths: string[]): Promise<StoredFile[]>;
  /** Writes the event unless its id (derived from what makes it unique) is there already: a retry writes nothing. */
  recordOnce(event: RequiredEntityData<FileEvent> & { id: string }): Promise<void>;
}

export class OrmComposedEventStore implements ComposedEventStore {
  constructor(private readonly orm: MikroORM) {}

  webhook(id: string): Promise<Webhook | null> {
    return this.orm.em.fork().findOne(Webhook, { id });
  }

  async storedFiles(repository: string, paths: string[]): Promise<StoredFile[]> {
    if (paths.length === 0) return [];
    return this.orm.em.fork().find(StoredFile, { repository: { name: repository }, path: { $in: paths } }, { orderBy: { path: 'asc' } });
  }

  async recordOnce(event: RequiredEntityData<FileEvent> & { id: string }): Promise<void> {
    const em = this.orm.em.fork();
    if (await em.findOne(FileEvent, { id: event.id })) return;
    em.create(FileEvent, event);
    await em.flush();
  }
}
