import { sql, type Kysely } from "kysely";

/**
 * Dice-baseball league stats (issue 13): one stat line per card per finished match and one row per
 * human manager per match, folded once each from the match's event log (src/services/baseball/);
 * career and season aggregates are materialized views over them, refreshed concurrently in the
 * background (each has the unique index REFRESH ... CONCURRENTLY needs). PGlite runs the same SQL.
 */

const BATTING = ["pa", "ab", "r", "h", "doubles", "triples", "hr", "rbi", "bb", "so", "hbp", "sf", "sh", "sb", "cs"] as const;
const PITCHING = ["outs", "bf", "p_h", "p_r", "er", "p_bb", "p_so", "p_hr", "pitches", "w", "l", "sv"] as const;

/** Rates as double precision, null when the denominator is 0 (no at-bats, no outs). */
const rate = (num: string, den: string): string => `case when (${den}) > 0 then (${num})::float8 / (${den}) end`;

const cardStatsView = `
  select card_id, coalesce(season, 'career') as season, max(name) as name,
    count(*)::int as games,
    (count(*) filter (where batted))::int as games_batted,
    (count(*) filter (where pitched))::int as games_pitched,
    ${[...BATTING, ...PITCHING].map((c) => `sum(${c})::int as ${c}`).join(",\n    ")},
    ${rate("sum(h)", "sum(ab)")} as avg,
    ${rate("sum(h) + sum(bb) + sum(hbp)", "sum(ab) + sum(bb) + sum(hbp) + sum(sf)")} as obp,
    ${rate("sum(h) + sum(doubles) + 2 * sum(triples) + 3 * sum(hr)", "sum(ab)")} as slg,
    case when sum(ab) > 0 then
      (sum(h) + sum(bb) + sum(hbp))::float8 / (sum(ab) + sum(bb) + sum(hbp) + sum(sf))
      + (sum(h) + sum(doubles) + 2 * sum(triples) + 3 * sum(hr))::float8 / sum(ab)
    end as ops,
    ${rate("27 * sum(er)", "sum(outs)")} as era,
    ${rate("3 * (sum(p_bb) + sum(p_h))", "sum(outs)")} as whip,
    ${rate("27 * sum(p_so)", "sum(outs)")} as k9
  from baseball_lines
  group by grouping sets ((card_id, season), (card_id))`;

const managerStatsView = `
  select user_id, coalesce(season, 'career') as season,
    count(*)::int as games, sum(won)::int as wins, sum(lost)::int as losses, sum(tied)::int as ties,
    sum(runs_for)::int as runs_for, sum(runs_against)::int as runs_against
  from baseball_manager_games
  group by grouping sets ((user_id, season), (user_id))`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("baseball_folded")
    .addColumn("match_id", "uuid", (c) => c.primaryKey().references("matches.id").onDelete("cascade"))
    .addColumn("folded_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  let lines = db.schema
    .createTable("baseball_lines")
    .addColumn("match_id", "uuid", (c) => c.notNull().references("matches.id").onDelete("cascade"))
    .addColumn("card_id", "text", (c) => c.notNull())
    .addColumn("team", "integer", (c) => c.notNull())
    // The UTC year the match ended in, e.g. '2026'.
    .addColumn("season", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("batted", "boolean", (c) => c.notNull())
    .addColumn("pitched", "boolean", (c) => c.notNull());
  for (const col of [...BATTING, ...PITCHING]) lines = lines.addColumn(col, "integer", (c) => c.notNull().defaultTo(0));
  await lines.addPrimaryKeyConstraint("baseball_lines_pk", ["match_id", "card_id"]).execute();

  await db.schema
    .createTable("baseball_manager_games")
    .addColumn("match_id", "uuid", (c) => c.notNull().references("matches.id").onDelete("cascade"))
    .addColumn("team", "integer", (c) => c.notNull())
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("season", "text", (c) => c.notNull())
    .addColumn("won", "integer", (c) => c.notNull())
    .addColumn("lost", "integer", (c) => c.notNull())
    .addColumn("tied", "integer", (c) => c.notNull())
    .addColumn("runs_for", "integer", (c) => c.notNull())
    .addColumn("runs_against", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("baseball_manager_games_pk", ["match_id", "team"])
    .execute();

  await sql.raw(`create materialized view baseball_card_stats as ${cardStatsView}`).execute(db);
  await sql`create unique index baseball_card_stats_key on baseball_card_stats (card_id, season)`.execute(db);
  await sql`create index baseball_card_stats_season on baseball_card_stats (season)`.execute(db);
  await sql.raw(`create materialized view baseball_manager_stats as ${managerStatsView}`).execute(db);
  await sql`create unique index baseball_manager_stats_key on baseball_manager_stats (user_id, season)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop materialized view if exists baseball_manager_stats`.execute(db);
  await sql`drop materialized view if exists baseball_card_stats`.execute(db);
  await db.schema.dropTable("baseball_manager_games").ifExists().execute();
  await db.schema.dropTable("baseball_lines").ifExists().execute();
  await db.schema.dropTable("baseball_folded").ifExists().execute();
}
