import { Migration } from '@mikro-orm/migrations';

/**
 * Content-addressed blobs: one row per stored content, keyed by its SHA-256, which
 * `stored_file.sha256` points at. Existing files get their blob rows here; `npm run migrate` then
 * moves their bytes from the per-path layout into the blob store. A `files` change counter lets
 * every API process drop the file metadata it remembers when any process changes a file.
 */
export class Migration20261203000000Blobs extends Migration {
  override async up(): Promise<void> {
    this.addSql('create table `blob` (`sha256` text not null, `size` bigint not null, `created_at` datetime not null, `orphaned_at` datetime null, primary key (`sha256`))');
    this.addSql('create index `blob_orphaned_at_index` on `blob` (`orphaned_at`)');
    this.addSql('create index `stored_file_sha256_index` on `stored_file` (`sha256`)');
    this.addSql('insert into `blob` (`sha256`, `size`, `created_at`, `orphaned_at`) select `sha256`, max(`size`), min(`created_at`), null from `stored_file` group by `sha256`');
    this.addSql("insert into `change_version` (`name`, `version`) values ('files', 0)");
    const bump = "begin update `change_version` set `version` = `version` + 1 where `name` = 'files'; end";
    this.addSql(`create trigger \`file_change_insert\` after insert on \`stored_file\` ${bump}`);
    this.addSql(`create trigger \`file_change_update\` after update of \`sha256\`, \`size\`, \`content_type\`, \`path\`, \`updated_at\` on \`stored_file\` ${bump}`);
    this.addSql(`create trigger \`file_change_delete\` after delete on \`stored_file\` ${bump}`);
  }
}
