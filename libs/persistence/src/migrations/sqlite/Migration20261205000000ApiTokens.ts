import { Migration } from '@mikro-orm/migrations';

/**
 * Tokens may expire, and a `credentials` counter moves whenever a token or a user changes in a
 * way that can turn a remembered credential away (revoked, expired, rehashed, user deleted or
 * given another role or password), so every API process forgets what it remembered within a
 * second. Writing `last_used_at` moves nothing. Existing tokens keep their scrypt hashes, which
 * the API still verifies and replaces by a keyed hash at their first use.
 */
export class Migration20261205000000ApiTokens extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table `api_token` add column `expires_at` datetime null');
    this.addSql("insert into `change_version` (`name`, `version`) values ('credentials', 0)");
    const bump = "begin update `change_version` set `version` = `version` + 1 where `name` = 'credentials'; end";
    this.addSql(`create trigger \`api_token_credentials_update\` after update of \`user_id\`, \`secret_hash\`, \`expires_at\` on \`api_token\` ${bump}`);
    this.addSql(`create trigger \`api_token_credentials_delete\` after delete on \`api_token\` ${bump}`);
    this.addSql(`create trigger \`user_credentials_update\` after update of \`username\`, \`password_hash\`, \`role\` on \`user\` ${bump}`);
    this.addSql(`create trigger \`user_credentials_delete\` after delete on \`user\` ${bump}`);
  }
}
