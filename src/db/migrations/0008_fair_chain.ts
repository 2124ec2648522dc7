import type { Kysely } from "kysely";

/**
 * Issue 15 §1, provably fair deals: the commitment (SHA-256 of the server seed) published before
 * the first deal, the seats' client seeds mixed into the dealing seed, and each log entry's link
 * in the hash chain. All nullable: matches stored before this migration have none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("matches")
    // `seed` stays the engine's seed (the dealing seed), so (game, options, seed, actions) still replays.
    .addColumn("server_seed", "text")
    .addColumn("seed_commitment", "text")
    .addColumn("client_seeds", "jsonb")
    .addColumn("rng_algorithm", "text")
    .execute();
  await db.schema.alterTable("match_events").addColumn("hash", "text").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("match_events").dropColumn("hash").execute();
  await db.schema.alterTable("matches").dropColumn("rng_algorithm").dropColumn("client_seeds").dropColumn("seed_commitment").dropColumn("server_seed").execute();
}
