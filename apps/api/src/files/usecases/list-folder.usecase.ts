import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { filesBelow } from '@herald/persistence';
import { DownloadCounter } from '../download-counter';
import type { FileAccess } from '../file-access';
import type { FolderListing, ListedEntry } from '../folder-listing';

export interface ListFolderCommand {
  access: FileAccess;
  path: string;
}

/**
 * The entries of a folder, read from the files below it (a folder is the paths of its files):
 * each file with its downloads (the stored count plus what this process counted and has not
 * written yet), each subfolder with the time of its latest change. A repository's root exists
 * even before its first upload. Null: no folder there.
 */
@Injectable()
export class ListFolderUseCase {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
    private readonly counter: DownloadCounter,
  ) {}

  async execute(command: ListFolderCommand): Promise<FolderListing | null> {
    const { repository } = command.access;
    const prefix = command.path === '' ? '' : `${command.path}/`;
    const entries = await this.counter.between(async (unwritten) => {
      const listed = new Map<string, ListedEntry>();
      for (const file of await filesBelow(this.orm.em.fork(), this.config.database, repository.id, prefix)) {
        const rest = file.path.slice(prefix.length);
        const slash = rest.indexOf('/');
        if (slash >= 0) {
          const name = rest.slice(0, slash);
          const folder = listed.get(name);
          if (!folder || folder.modifiedAt < file.updatedAt) listed.set(name, { name, folder: true, size: 0, modifiedAt: file.updatedAt });
          continue;
        }
        const notYet = unwritten(file.id);
        listed.set(rest, {
          name: rest,
          folder: false,
          size: file.size,
          modifiedAt: file.updatedAt,
          downloads: { count: file.downloadCount + (notYet?.count ?? 0), lastAt: notYet?.lastAt ?? file.lastDownloadedAt },
        });
      }
      return [...listed.values()];
    });
    if (entries.length === 0 && command.path !== '') return null;
    return { repository: repository.name, path: command.path, entries: entries.sort((a, b) => a.name.localeCompare(b.name)) };
  }
}
