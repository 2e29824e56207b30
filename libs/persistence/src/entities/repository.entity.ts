import { OptionalProps, Entity, Enum, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { REPOSITORY_FORMATS, REPOSITORY_POLICIES, REPOSITORY_VISIBILITIES, type RepositoryFormat, type RepositoryPolicy, type RepositoryVisibility } from '@herald/contracts';
import { newId } from '../ids';

/** A named artifact repository (`libs-release`). Entity name avoids MikroORM's own "Repository". */
@Entity({ tableName: 'artifact_repository' })
export class ArtifactRepository {
  [OptionalProps]?: 'format' | 'policy' | 'visibility' | 'createdAt';

  @PrimaryKey({ type: 'string', length: 40 })
  id: string = newId('repo');

  @Unique()
  @Property({ type: 'string', length: 64 })
  name!: string;

  @Enum({ items: () => [...REPOSITORY_FORMATS], type: 'string' })
  format: RepositoryFormat = 'maven';

  @Enum({ items: () => [...REPOSITORY_POLICIES], type: 'string' })
  policy: RepositoryPolicy = 'release';

  @Enum({ items: () => [...REPOSITORY_VISIBILITIES], type: 'string' })
  visibility: RepositoryVisibility = 'private';

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
