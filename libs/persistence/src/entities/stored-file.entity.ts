import { OptionalProps, Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { newId } from '../ids';
import { ArtifactRepository } from './repository.entity';

/** The metadata of one stored file; its bytes are the blob its `sha256` names. */
@Entity({ tableName: 'stored_file' })
@Unique({ properties: ['repository', 'path'] })
export class StoredFile {
  [OptionalProps]?: 'uploadedBy' | 'downloadCount' | 'lastDownloadedAt' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'string', length: 40 })
  id: string = newId('file');

  @ManyToOne(() => ArtifactRepository, { deleteRule: 'cascade' })
  repository!: ArtifactRepository;

  @Property({ type: 'string', length: 1024 })
  path!: string;

  @Property({ type: 'bigint', runtimeType: 'number' })
  size!: number;

  /** Also the pointer to the file's bytes: the blob of this digest. */
  @Index()
  @Property({ type: 'string', length: 64 })
  sha256!: string;

  @Property({ type: 'string', length: 40 })
  sha1!: string;

  @Property({ type: 'string', length: 32 })
  md5!: string;

  @Property({ type: 'string', length: 255 })
  contentType!: string;

  @Property({ type: 'string', length: 64, nullable: true })
  uploadedBy: string | null = null;

  /** Successful GETs with a body, counted in the transaction that records each `file.downloaded`. */
  @Property({ type: 'integer' })
  downloadCount: number = 0;

  @Property({ type: 'datetime', nullable: true })
  lastDownloadedAt: Date | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime' })
  updatedAt: Date = new Date();
}
