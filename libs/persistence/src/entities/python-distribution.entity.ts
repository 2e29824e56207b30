import { OptionalProps, Entity, Enum, Index, ManyToOne, OneToOne, Property, Unique } from '@mikro-orm/core';
import { PYTHON_PACKAGE_TYPES, type PythonPackageType } from '@herald/contracts';
import { ArtifactRepository } from './repository.entity';
import { StoredFile } from './stored-file.entity';

/**
 * What the index of a `python` repository says of one of its files: the distribution (an sdist
 * or a wheel) it is, read from its name and its core metadata at upload. Goes with its file.
 */
@Entity({ tableName: 'python_distribution' })
@Index({ properties: ['repository', 'project'] })
@Unique({ properties: ['repository', 'filename'] })
export class PythonDistribution {
  [OptionalProps]?: 'requiresPython' | 'coreMetadata' | 'coreMetadataSha256' | 'yankedAt' | 'yankedReason' | 'uploadedAt';

  @OneToOne(() => StoredFile, { primary: true, deleteRule: 'cascade' })
  file!: StoredFile;

  @ManyToOne(() => ArtifactRepository, { deleteRule: 'cascade' })
  repository!: ArtifactRepository;

  /** Normalized (PEP 503): `demo-lib`. */
  @Property({ type: 'string', length: 255 })
  project!: string;

  /** Normalized (PEP 440): `1.0.0rc1`. */
  @Property({ type: 'string', length: 128 })
  version!: string;

  @Property({ type: 'string', length: 255 })
  filename!: string;

  @Enum({ items: () => [...PYTHON_PACKAGE_TYPES], type: 'string' })
  packageType!: PythonPackageType;

  /** The `Requires-Python` of its core metadata, as written there. */
  @Property({ type: 'string', length: 255, nullable: true })
  requiresPython: string | null = null;

  /** The core metadata file (`METADATA`, `PKG-INFO`) as stored in the distribution: served as `{file}.metadata` (PEP 658). */
  @Property({ type: 'text', nullable: true, lazy: true })
  coreMetadata: string | null = null;

  @Property({ type: 'string', length: 64, nullable: true })
  coreMetadataSha256: string | null = null;

  /** PEP 592: set on every file of a version at once. */
  @Property({ type: 'datetime', nullable: true })
  yankedAt: Date | null = null;

  @Property({ type: 'string', length: 1024, nullable: true })
  yankedReason: string | null = null;

  @Property({ type: 'datetime' })
  uploadedAt: Date = new Date();
}
