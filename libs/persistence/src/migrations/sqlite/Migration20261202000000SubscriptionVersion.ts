import { Migration } from '@mikro-orm/migrations';

/**
 * A counter that moves whenever a webhook is created, deleted or changes what it subscribes to,
 * kept by triggers so that no writer can forget it. Every API process polls it (one row read)
 * and reloads its subscription index when it moved.
 */
export class Migration20261202000000SubscriptionVersion extends Migration {
  override async up(): Promise<void> {
    this.addSql('create table `subscription_version` (`id` integer not null primary key, `version` integer not null)');
    this.addSql('insert into `subscription_version` (`id`, `version`) values (1, 0)');
    const bump = 'begin update `subscription_version` set `version` = `version` + 1 where `id` = 1; end';
    this.addSql(`create trigger \`webhook_subscription_insert\` after insert on \`webhook\` ${bump}`);
    this.addSql(`create trigger \`webhook_subscription_update\` after update of \`repository\`, \`events\`, \`active\`, \`filters\`, \`digest\` on \`webhook\` ${bump}`);
    this.addSql(`create trigger \`webhook_subscription_delete\` after delete on \`webhook\` ${bump}`);
  }
}
