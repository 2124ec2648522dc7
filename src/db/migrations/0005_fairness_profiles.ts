import { sql, type Kysely } from "kysely";

/**
 * The RNG fingerprinter's stored data (issue 15 §3, docs/FAIRNESS.md): per game, rule version and
 * UTC day, the additive fingerprint of every finished match's deals; which matches are folded in
 * (so each counts once, whichever process folds it); and each account's dealt-luck sums.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("fairness_profiles")
    .addColumn("game", "text", (c) => c.notNull())
    .addColumn("rule_version", "text", (c) => c.notNull())
    // 'YYYY-MM-DD' (UTC): text sorts chronologically and no driver shifts it by a time zone.
    .addColumn("period", "text", (c) => c.notNull())
    .addColumn("observations", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("fingerprint", "jsonb", (c) => c.notNull())
    // Smallest p-value of this period's tests, kept for alerting and quick scans.
    .addColumn("min_p_value", "double precision", (c) => c.notNull().defaultTo(1))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("fairness_profiles_pk", ["game", "rule_version", "period"])
    .execute();
  await db.schema
    .createTable("fairness_folded")
    .addColumn("match_id", "uuid", (c) => c.primaryKey().references("matches.id").onDelete("cascade"))
    .addColumn("folded_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable("fairness_luck")
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("game", "text", (c) => c.notNull())
    .addColumn("hands", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("points_sum", "double precision", (c) => c.notNull().defaultTo(0))
    .addColumn("points_sum_sq", "double precision", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("fairness_luck_pk", ["user_id", "game"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("fairness_luck").ifExists().execute();
  await db.schema.dropTable("fairness_folded").ifExists().execute();
  await db.schema.dropTable("fairness_profiles").ifExists().execute();
}
