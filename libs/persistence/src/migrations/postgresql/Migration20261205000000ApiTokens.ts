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
    this.addSql('alter table "api_token" add column "expires_at" timestamptz null');
    this.addSql(`insert into "change_version" ("name", "version") values ('credentials', 0)`);
    this.addSql(
      `create trigger "api_token_credentials" after update of "user_id", "secret_hash", "expires_at" or delete on "api_token" for each statement execute procedure "herald_bump_change_version"('credentials')`,
    );
    this.addSql(`create trigger "user_credentials" after update of "username", "password_hash", "role" or delete on "user" for each statement execute procedure "herald_bump_change_version"('credentials')`);
  }
}
