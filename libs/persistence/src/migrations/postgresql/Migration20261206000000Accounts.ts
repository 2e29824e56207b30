import { Migration } from '@mikro-orm/migrations';

/**
 * Accounts an admin can trust: users can be disabled (which, like any credential change, moves
 * the `credentials` counter), portal sessions live in the database so ending one ends it in every
 * process, failed authentications are counted where every API process sees them, and audit
 * entries keep the client address and are found by actor and by time.
 */
export class Migration20261206000000Accounts extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "user" add column "disabled" boolean not null default false');
    this.addSql('drop trigger "user_credentials" on "user"');
    this.addSql(
      `create trigger "user_credentials" after update of "username", "password_hash", "role", "disabled" or delete on "user" for each statement execute procedure "herald_bump_change_version"('credentials')`,
    );
    this.addSql(
      'create table "portal_session" ("id" varchar(64) not null, "user_id" varchar(40) not null, "created_at" timestamptz not null, "last_seen_at" timestamptz not null, "expires_at" timestamptz not null, "address" varchar(64) null, constraint "portal_session_pkey" primary key ("id"))',
    );
    this.addSql('alter table "portal_session" add constraint "portal_session_user_id_foreign" foreign key ("user_id") references "user" ("id") on update cascade on delete cascade');
    this.addSql('create index "portal_session_user_id_index" on "portal_session" ("user_id")');
    this.addSql('create table "auth_failure" ("key" varchar(64) not null, "address" varchar(64) not null, "username" varchar(64) null, "failures" int not null, "window_started_at" timestamptz not null, constraint "auth_failure_pkey" primary key ("key"))');
    this.addSql('alter table "audit_entry" add column "address" varchar(64) null');
    this.addSql('create index "audit_entry_actor_index" on "audit_entry" ("actor")');
    this.addSql('create index "audit_entry_created_at_index" on "audit_entry" ("created_at")');
  }
}
