import { Migration } from '@mikro-orm/migrations';

/**
 * Python repositories: a repository's `format` (existing ones are `maven`), the distribution each
 * file of a `python` repository is (for its index), and the `python` block of file events.
 */
export class Migration20261204000000PythonRepositories extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "artifact_repository" add column "format" text check ("format" in ('maven', 'python')) not null default 'maven'`);
    this.addSql('alter table "file_event" add column "python" jsonb null');
    this.addSql(
      `create table "python_distribution" ("file_id" varchar(40) not null, "repository_id" varchar(40) not null, "project" varchar(255) not null, "version" varchar(128) not null, "filename" varchar(255) not null, "package_type" text check ("package_type" in ('sdist', 'bdist_wheel')) not null, "requires_python" varchar(255) null, "core_metadata" text null, "core_metadata_sha256" varchar(64) null, "yanked_at" timestamptz null, "yanked_reason" varchar(1024) null, "uploaded_at" timestamptz not null, constraint "python_distribution_pkey" primary key ("file_id"))`,
    );
    this.addSql('alter table "python_distribution" add constraint "python_distribution_file_id_foreign" foreign key ("file_id") references "stored_file" ("id") on update cascade on delete cascade');
    this.addSql('alter table "python_distribution" add constraint "python_distribution_repository_id_foreign" foreign key ("repository_id") references "artifact_repository" ("id") on update cascade on delete cascade');
    this.addSql('create index "python_distribution_repository_id_project_index" on "python_distribution" ("repository_id", "project")');
    this.addSql('alter table "python_distribution" add constraint "python_distribution_repository_id_filename_unique" unique ("repository_id", "filename")');
  }
}
