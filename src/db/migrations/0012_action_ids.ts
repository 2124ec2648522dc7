import type { Kysely } from "kysely";

/**
 * Issue 12 §2, resume: each player move's client action id (`{ id, action }`) is stored with its
 * log entry, so a resumed table still answers a re-sent id with the first answer instead of
 * applying the move again (acks lost when the connection or the process went down). Nullable:
 * bot, timeout and room entries have none, nor do entries stored before this migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("match_events").addColumn("action_id", "text").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("match_events").dropColumn("action_id").execute();
}
