import { Inject, Injectable } from '@nestjs/common';
import { FILE_STORE, type FileStore } from '@herald/storage';
import type { FileAccess } from '../file-access';
import type { FolderListing } from '../folder-listing';

export interface ListFolderCommand {
  access: FileAccess;
  path: string;
}

/** The entries of a folder; a repository's root exists even before its first upload. Null: no folder there. */
@Injectable()
export class ListFolderUseCase {
  constructor(@Inject(FILE_STORE) private readonly store: FileStore) {}

  async execute(command: ListFolderCommand): Promise<FolderListing | null> {
    const { repository } = command.access;
    const entries = await this.store.list(command.path === '' ? repository.name : `${repository.name}/${command.path}`);
    if (!entries && command.path !== '') return null;
    return { repository: repository.name, path: command.path, entries: entries ?? [] };
  }
}
