import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { StoredFile } from '@herald/persistence';
import { FILE_STORE, type FileStore } from '@herald/storage';
import { DownloadCounter } from '../download-counter';
import type { FileAccess } from '../file-access';
import type { FolderListing, ListedEntry } from '../folder-listing';

export interface ListFolderCommand {
  access: FileAccess;
  path: string;
}

/**
 * The entries of a folder, each file with its downloads (the stored count plus what this process
 * counted and has not written yet); a repository's root exists even before its first upload.
 * Null: no folder there.
 */
@Injectable()
export class ListFolderUseCase {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(FILE_STORE) private readonly store: FileStore,
    private readonly counter: DownloadCounter,
  ) {}

  async execute(command: ListFolderCommand): Promise<FolderListing | null> {
    const { repository } = command.access;
    const entries = await this.store.list(command.path === '' ? repository.name : `${repository.name}/${command.path}`);
    if (!entries && command.path !== '') return null;
    const prefix = command.path === '' ? '' : `${command.path}/`;
    const paths = (entries ?? []).filter((entry) => !entry.folder).map((entry) => prefix + entry.name);
    const downloads = await this.counter.between(async (unwritten) => {
      const files =
        paths.length === 0
          ? []
          : await this.orm.em.fork().find(StoredFile, { repository: repository.id, path: { $in: paths } }, { fields: ['id', 'path', 'downloadCount', 'lastDownloadedAt'] });
      return new Map(
        files.map((file) => {
          const notYet = unwritten(file.id);
          return [file.path, { count: file.downloadCount + (notYet?.count ?? 0), lastAt: notYet?.lastAt ?? file.lastDownloadedAt }];
        }),
      );
    });
    const listed = (entries ?? []).map((entry): ListedEntry => {
      const counted = entry.folder ? undefined : downloads.get(prefix + entry.name);
      return counted ? { ...entry, downloads: counted } : entry;
    });
    return { repository: repository.name, path: command.path, entries: listed };
  }
}
