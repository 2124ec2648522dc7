import { sql, type Kysely } from "kysely";

/**
 * Durability (issue 8 items 13 and 17, issue 12 §1): join codes kept where a Redis restart
 * cannot lose them, and a lease on every live match so a process that died (kill -9) is noticed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("join_codes")
    .addColumn("code", "text", (c) => c.primaryKey())
    .addColumn("room_id", "text", (c) => c.notNull())
    // The Colyseus process that hosts the table: its codes go when its lease lapses.
    .addColumn("process_id", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("join_codes_room_idx").on("join_codes").column("room_id").execute();

  // Until when the owning process (matches.process_id) vouches for a live match.
  await db.schema.alterTable("matches").addColumn("lease_until", "timestamptz").execute();
  // Host name of the owning process: its local journal can only be imported there.
  await db.schema.alterTable("matches").addColumn("host", "text").execute();
  await db.schema.createIndex("matches_live_lease_idx").on("matches").columns(["status", "lease_until"]).execute();

  // Which processes are alive, for join codes and leases: renewed with the match leases.
  await db.schema
    .createTable("process_leases")
    .addColumn("process_id", "text", (c) => c.primaryKey())
    .addColumn("host", "text", (c) => c.notNull())
    .addColumn("pid", "integer", (c) => c.notNull())
    .addColumn("started_at", "timestamptz", (c) => c.notNull())
    .addColumn("lease_until", "timestamptz", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("process_leases").ifExists().execute();
  await db.schema.dropIndex("matches_live_lease_idx").ifExists().execute();
  await db.schema.alterTable("matches").dropColumn("host").execute();
  await db.schema.alterTable("matches").dropColumn("lease_until").execute();
  await db.schema.dropIndex("join_codes_room_idx").ifExists().execute();
  await db.schema.dropTable("join_codes").ifExists().execute();
}
