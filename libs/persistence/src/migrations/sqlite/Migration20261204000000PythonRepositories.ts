import { Migration } from '@mikro-orm/migrations';

/**
 * Python repositories: a repository's `format` (existing ones are `maven`), the distribution each
 * file of a `python` repository is (for its index), and the `python` block of file events.
 */
export class Migration20261204000000PythonRepositories extends Migration {
  override async up(): Promise<void> {
    this.addSql("alter table `artifact_repository` add column `format` text check (`format` in ('maven', 'python')) not null default 'maven'");
    this.addSql('alter table `file_event` add column `python` json null');
    this.addSql(
      "create table `python_distribution` (`file_id` text not null, `repository_id` text not null, `project` text not null, `version` text not null, `filename` text not null, `package_type` text check (`package_type` in ('sdist', 'bdist_wheel')) not null, `requires_python` text null, `core_metadata` text null, `core_metadata_sha256` text null, `yanked_at` datetime null, `yanked_reason` text null, `uploaded_at` datetime not null, constraint `python_distribution_file_id_foreign` foreign key(`file_id`) references `stored_file`(`id`) on delete cascade on update cascade, constraint `python_distribution_repository_id_foreign` foreign key(`repository_id`) references `artifact_repository`(`id`) on delete cascade on update cascade, primary key (`file_id`))",
    );
    this.addSql('create index `python_distribution_repository_id_project_index` on `python_distribution` (`repository_id`, `project`)');
    this.addSql('create unique index `python_distribution_repository_id_filename_unique` on `python_distribution` (`repository_id`, `filename`)');
  }
}
