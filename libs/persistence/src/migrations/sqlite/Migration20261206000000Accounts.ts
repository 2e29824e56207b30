import { Migration } from '@mikro-orm/migrations';

/**
 * Accounts an admin can trust: users can be disabled (which, like any credential change, moves
 * the `credentials` counter), portal sessions live in the database so ending one ends it in every
 * process, failed authentications are counted where every API process sees them, and audit
 * entries keep the client address and are found by actor and by time.
 */
export class Migration20261206000000Accounts extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table `user` add column `disabled` integer not null default false');
    this.addSql('drop trigger `user_credentials_update`');
    this.addSql(
      "create trigger `user_credentials_update` after update of `username`, `password_hash`, `role`, `disabled` on `user` begin update `change_version` set `version` = `version` + 1 where `name` = 'credentials'; end",
    );
    this.addSql(
      'create table `portal_session` (`id` text not null, `user_id` text not null, `created_at` datetime not null, `last_seen_at` datetime not null, `expires_at` datetime not null, `address` text null, constraint `portal_session_user_id_foreign` foreign key(`user_id`) references `user`(`id`) on delete cascade on update cascade, primary key (`id`))',
    );
    this.addSql('create index `portal_session_user_id_index` on `portal_session` (`user_id`)');
    this.addSql('create table `auth_failure` (`key` text not null, `address` text not null, `username` text null, `failures` integer not null, `window_started_at` datetime not null, primary key (`key`))');
    this.addSql('alter table `audit_entry` add column `address` text null');
    this.addSql('create index `audit_entry_actor_index` on `audit_entry` (`actor`)');
    this.addSql('create index `audit_entry_created_at_index` on `audit_entry` (`created_at`)');
  }
}
