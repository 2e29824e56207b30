import { Migration } from '@mikro-orm/migrations';

/**
 * Counters that move whenever webhooks (what they subscribe to) or repositories change, kept by
 * triggers so that no writer can forget them. Every API process polls them (one small read) and
 * reloads what it keeps in memory when one moved: its subscription index, its repositories. The
 * function names the trigger's own schema, so it serves a database with one Herald schema or several.
 */
export class Migration20261202000000ChangeVersions extends Migration {
  override async up(): Promise<void> {
    this.addSql('create table "change_version" ("name" varchar(32) not null primary key, "version" bigint not null)');
    this.addSql(`insert into "change_version" ("name", "version") values ('webhooks', 0), ('repositories', 0)`);
    this.addSql(`create or replace function "herald_bump_change_version"() returns trigger language plpgsql as $$
begin
  execute format('update %I."change_version" set "version" = "version" + 1 where "name" = %L', TG_TABLE_SCHEMA, TG_ARGV[0]);
  return null;
end
$$`);
    this.addSql(
      `create trigger "webhook_change" after insert or update of "repository", "events", "active", "filters", "digest" or delete on "webhook" for each statement execute procedure "herald_bump_change_version"('webhooks')`,
    );
    this.addSql(`create trigger "repository_change" after insert or update or delete on "artifact_repository" for each statement execute procedure "herald_bump_change_version"('repositories')`);
  }
}
