import { Migration } from '@mikro-orm/migrations';

/**
 * A counter that moves whenever a webhook is created, deleted or changes what it subscribes to,
 * kept by a trigger so that no writer can forget it. Every API process polls it (one row read)
 * and reloads its subscription index when it moved. The function names the trigger's own
 * schema, so it serves a database with one Herald schema or several.
 */
export class Migration20261202000000SubscriptionVersion extends Migration {
  override async up(): Promise<void> {
    this.addSql('create table "subscription_version" ("id" int not null primary key, "version" bigint not null)');
    this.addSql('insert into "subscription_version" ("id", "version") values (1, 0)');
    this.addSql(`create or replace function "herald_bump_subscription_version"() returns trigger language plpgsql as $$
begin
  execute format('update %I."subscription_version" set "version" = "version" + 1 where "id" = 1', TG_TABLE_SCHEMA);
  return null;
end
$$`);
    this.addSql(
      'create trigger "webhook_subscription_change" after insert or update of "repository", "events", "active", "filters", "digest" or delete on "webhook" for each statement execute procedure "herald_bump_subscription_version"()',
    );
  }
}
