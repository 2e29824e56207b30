import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { ArtifactRepository } from '@herald/persistence';
import { ChangeWatch } from '../common/change-watch';

/** What a file request needs of its repository. */
export type RepositoryFacts = Pick<ArtifactRepository, 'id' | 'name' | 'format' | 'policy' | 'visibility'>;

/**
 * The repositories by name, remembered so that a download does not read its repository from the
 * database. Forgotten whenever any process changes a repository (ChangeWatch, within a second)
 * and at once when this process deletes one; a name not found is never remembered, so a new
 * repository is served as soon as it exists.
 */
@Injectable()
export class RepositoryCatalog {
  private known = new Map<string, RepositoryFacts>();
  /** Moves on each change, so a read that began before it does not store what it read. */
  private generation = 0;

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    changes: ChangeWatch,
  ) {
    changes.on('repositories', async () => this.changed());
  }

  /** The repository as remembered, or read when it is not. */
  async byName(name: string): Promise<RepositoryFacts | null> {
    return this.known.get(name) ?? this.fresh(name);
  }

  /** The repository as the database has it now (and remembered so). */
  async fresh(name: string): Promise<RepositoryFacts | null> {
    const generation = this.generation;
    const found = await this.orm.em.fork().findOne(ArtifactRepository, { name }, { fields: ['id', 'name', 'format', 'policy', 'visibility'] });
    if (!found) {
      if (generation === this.generation) this.known.delete(name);
      return null;
    }
    const facts: RepositoryFacts = { id: found.id, name: found.name, format: found.format, policy: found.policy, visibility: found.visibility };
    if (generation === this.generation) this.known.set(name, facts);
    return facts;
  }

  /** Forgets every repository: one changed. */
  changed(): void {
    this.generation += 1;
    this.known = new Map();
  }
}
