import type { Kysely } from "kysely";

/**
 * Access tokens that can be withdrawn (issue 8): every account has a token version carried in
 * its access tokens; changing the role, upgrading a guest or signing out everywhere bumps it, so
 * older tokens stop working within the verification cache's lifetime. Refresh-token rows
 * remember the pair handed out by a rotation, so a duplicate request inside the grace window
 * gets the same answer instead of revoking the login.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("users").addColumn("token_version", "integer", (c) => c.notNull().defaultTo(0)).execute();
  // The pair minted by this row's rotation, encrypted with a key derived from the spent token
  // (which the database never stores), so it is useless to anyone who reads the table.
  await db.schema.alterTable("refresh_tokens").addColumn("successor_token", "text").execute();
  await db.schema.alterTable("refresh_tokens").addColumn("successor_expires_at", "timestamptz").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("refresh_tokens").dropColumn("successor_expires_at").execute();
  await db.schema.alterTable("refresh_tokens").dropColumn("successor_token").execute();
  await db.schema.alterTable("users").dropColumn("token_version").execute();
}
