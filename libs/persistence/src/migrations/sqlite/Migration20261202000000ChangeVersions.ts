import { Migration } from '@mikro-orm/migrations';

/**
 * Counters that move whenever webhooks (what they subscribe to) or repositories change, kept by
 * triggers so that no writer can forget them. Every API process polls them (one small read) and
 * reloads what it keeps in memory when one moved: its subscription index, its repositories.
 */
export class Migration20261202000000ChangeVersions extends Migration {
  override async up(): Promise<void> {
    this.addSql('create table `change_version` (`name` text not null primary key, `version` integer not null)');
    this.addSql("insert into `change_version` (`name`, `version`) values ('webhooks', 0), ('repositories', 0)");
    const bump = (name: string) => `begin update \`change_version\` set \`version\` = \`version\` + 1 where \`name\` = '${name}'; end`;
    this.addSql(`create trigger \`webhook_change_insert\` after insert on \`webhook\` ${bump('webhooks')}`);
    this.addSql(`create trigger \`webhook_change_update\` after update of \`repository\`, \`events\`, \`active\`, \`filters\`, \`digest\` on \`webhook\` ${bump('webhooks')}`);
    this.addSql(`create trigger \`webhook_change_delete\` after delete on \`webhook\` ${bump('webhooks')}`);
    this.addSql(`create trigger \`repository_change_insert\` after insert on \`artifact_repository\` ${bump('repositories')}`);
    this.addSql(`create trigger \`repository_change_update\` after update on \`artifact_repository\` ${bump('repositories')}`);
    this.addSql(`create trigger \`repository_change_delete\` after delete on \`artifact_repository\` ${bump('repositories')}`);
  }
}
