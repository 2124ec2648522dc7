import { sql } from "kysely";
import type { Db } from "../../db/database.js";
import { evaluate, mergeInto, minPValue, type Fingerprint, type TestLine } from "../../games/core/fairness/fingerprint.js";
import { ALERT_LEVEL, PASS_LEVEL } from "../../games/core/fairness/stats.js";
import type { Logger } from "../../platform/logger.js";
import type { Metrics } from "../../platform/metrics.js";
import type { Trx } from "../projections/types.js";
import { loadEntries } from "../replay.js";
import { fingerprintedGames, fingerprinterFor } from "./games.js";

/**
 * Stored fairness profiles (issue 15 §3): finished matches' deals folded, once each, into one
 * additive fingerprint per game × rule version × UTC day; any range of days is the sum of its
 * days. Runs in the background (FairnessProfiler), never on the action path.
 */

const day = (d: Date | string): string => new Date(d).toISOString().slice(0, 10);

export interface FoldReport {
  matches: number;
  alerts: { game: string; ruleVersion: string; period: string; test: string; pValue: number }[];
}

export interface FoldOptions {
  metrics?: Metrics | undefined;
  logger?: Logger | undefined;
  /** Matches per call. */
  batch?: number;
}

interface FairnessMatch {
  id: string;
  game: string;
  options: unknown;
  ended_at: Date | string | null;
  created_at: Date | string;
}

type Alert = FoldReport["alerts"][number];

/** What folding one match did: nothing (folded already), or folded with its worst p-value. */
interface MatchFold {
  folded: boolean;
  game: string;
  ruleVersion: string;
  worst: { pValue: number; test: string | null } | null;
  alert: Alert | null;
}

/**
 * Folds one finished match of a fingerprinted game into its day's profile and its players' luck
 * sums, claiming it first (fairness_folded): a match folded already changes nothing.
 */
export async function foldFairnessMatch(trx: Trx, m: FairnessMatch): Promise<MatchFold> {
  const none: MatchFold = { folded: false, game: m.game, ruleVersion: "", worst: null, alert: null };
  const fingerprinter = fingerprinterFor(m.game);
  if (!fingerprinter) return none;
  // Folded already (e.g. before the projector existed): skip the work, not just the insert.
  if (await trx.selectFrom("fairness_folded").select("match_id").where("match_id", "=", m.id).executeTakeFirst()) return none;
  const entries = await loadEntries(trx, m.id);
  const { fingerprint, seats } = fingerprinter.foldMatch(entries.flatMap((e) => e.events));
  const players = await trx
    .selectFrom("match_players")
    .select(["seat", "user_id"])
    .where("match_id", "=", m.id)
    .where("is_bot", "=", false)
    .where("user_id", "is not", null)
    .execute();
  const ruleVersion = fingerprinter.ruleVersion(m.options);
  const period = day(m.ended_at ?? m.created_at);
  // Claim the match first: a second process folding the same match stops here.
  const claimed = await trx
    .insertInto("fairness_folded")
    .values({ match_id: m.id })
    .onConflict((oc) => oc.column("match_id").doNothing())
    .returning("match_id")
    .executeTakeFirst();
  if (!claimed) return none;
  for (const p of players) {
    const l = seats[p.seat];
    if (!l || l.hands === 0 || !p.user_id) continue;
    await trx
      .insertInto("fairness_luck")
      .values({ user_id: p.user_id, game: m.game, hands: l.hands, points_sum: l.sum, points_sum_sq: l.sumSq })
      .onConflict((oc) =>
        oc.columns(["user_id", "game"]).doUpdateSet({
          hands: sql`fairness_luck.hands + ${l.hands}`,
          points_sum: sql`fairness_luck.points_sum + ${l.sum}`,
          points_sum_sq: sql`fairness_luck.points_sum_sq + ${l.sumSq}`,
        }),
      )
      .execute();
  }
  if (fingerprint.observations === 0) return { ...none, folded: true, ruleVersion };
  const key = { game: m.game, rule_version: ruleVersion, period };
  // Make sure the row exists, then lock it, so concurrent folds add up instead of overwriting.
  await trx
    .insertInto("fairness_profiles")
    .values({ ...key, fingerprint: JSON.stringify({ observations: 0, tables: {}, pairs: {}, runs: {} }) })
    .onConflict((oc) => oc.columns(["game", "rule_version", "period"]).doNothing())
    .execute();
  const row = await trx
    .selectFrom("fairness_profiles")
    .select(["fingerprint", "min_p_value"])
    .where("game", "=", key.game)
    .where("rule_version", "=", key.rule_version)
    .where("period", "=", key.period)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const merged = mergeInto(row.fingerprint as unknown as Fingerprint, fingerprint);
  const worst = minPValue(evaluate(fingerprinter.spec, merged));
  await trx
    .updateTable("fairness_profiles")
    .set({ fingerprint: JSON.stringify(merged), observations: merged.observations, min_p_value: worst.pValue, updated_at: new Date() })
    .where("game", "=", key.game)
    .where("rule_version", "=", key.rule_version)
    .where("period", "=", key.period)
    .execute();
  // Alert when a period crosses the line, not again for every match folded into it after.
  const alert = worst.pValue < ALERT_LEVEL && row.min_p_value >= ALERT_LEVEL && worst.test ? { game: m.game, ruleVersion, period, test: worst.test, pValue: worst.pValue } : null;
  return { folded: true, game: m.game, ruleVersion, worst, alert };
}

/** Metrics and the alert log line of a committed fold. */
export function reportFold(fold: MatchFold, options: Pick<FoldOptions, "metrics" | "logger">): void {
  if (!fold.folded) return;
  options.metrics?.fairnessMatchesFolded.inc({ game: fold.game });
  if (!fold.worst) return;
  options.metrics?.fairnessMinPValue.set({ game: fold.game, rule_version: fold.ruleVersion }, fold.worst.pValue);
  const alert = fold.alert;
  if (!alert) return;
  options.metrics?.fairnessAlerts.inc({ game: alert.game, rule_version: alert.ruleVersion, test: alert.test });
  options.logger?.warn(
    { fairnessAlert: alert },
    `fairness profile ${alert.game} ${alert.ruleVersion} ${alert.period}: ${alert.test} p = ${alert.pValue.toExponential(2)} < ${ALERT_LEVEL}`,
  );
}

/** Throws away every profile, luck sum and claim (the `fairness` projection's reset). */
export async function clearFairnessFolds(trx: Trx): Promise<void> {
  await trx.deleteFrom("fairness_profiles").execute();
  await trx.deleteFrom("fairness_luck").execute();
  await trx.deleteFrom("fairness_folded").execute();
}

/** Folds up to `batch` finished, not yet folded matches of fingerprinted games. */
export async function foldPendingMatches(db: Db, options: FoldOptions = {}): Promise<FoldReport> {
  const report: FoldReport = { matches: 0, alerts: [] };
  const pending = await db
    .selectFrom("matches")
    .leftJoin("fairness_folded", "fairness_folded.match_id", "matches.id")
    .select(["matches.id", "matches.game", "matches.options", "matches.ended_at", "matches.created_at"])
    .where("fairness_folded.match_id", "is", null)
    .where("matches.status", "=", "finished")
    .where("matches.game", "in", fingerprintedGames())
    .orderBy("matches.ended_at")
    .orderBy("matches.id")
    .limit(options.batch ?? 100)
    .execute();
  for (const m of pending) {
    const fold = await db.transaction().execute((trx) => foldFairnessMatch(trx, m));
    if (!fold.folded) continue;
    report.matches++;
    reportFold(fold, options);
    if (fold.alert) report.alerts.push(fold.alert);
  }
  return report;
}

export interface ProfileView {
  ruleVersion: string;
  periods: number;
  firstPeriod: string;
  lastPeriod: string;
  observations: number;
  minPValue: number;
  alert: boolean;
  tests: (Omit<TestLine, "df"> & { df: number | null })[];
  counts: Record<string, number[][]>;
}

/** The profile of `game` over the UTC days `from`..`to` (inclusive), one per rule version. */
export async function readProfile(db: Db, game: string, from: string, to: string): Promise<ProfileView[] | null> {
  const fingerprinter = fingerprinterFor(game);
  if (!fingerprinter) return null;
  const rows = await db
    .selectFrom("fairness_profiles")
    .select(["rule_version", "period", "fingerprint"])
    .where("game", "=", game)
    .where("period", ">=", from)
    .where("period", "<=", to)
    .orderBy("rule_version")
    .orderBy("period")
    .execute();
  const byVersion = new Map<string, { periods: string[]; fp: Fingerprint }>();
  for (const r of rows) {
    let v = byVersion.get(r.rule_version);
    if (!v) byVersion.set(r.rule_version, (v = { periods: [], fp: { observations: 0, tables: {}, pairs: {}, runs: {} } }));
    v.periods.push(r.period);
    mergeInto(v.fp, r.fingerprint as unknown as Fingerprint);
  }
  return [...byVersion].map(([ruleVersion, v]) => {
    const tests = evaluate(fingerprinter.spec, v.fp, PASS_LEVEL);
    const worst = minPValue(tests);
    return {
      ruleVersion,
      periods: v.periods.length,
      firstPeriod: v.periods[0] as string,
      lastPeriod: v.periods[v.periods.length - 1] as string,
      observations: v.fp.observations,
      minPValue: worst.pValue,
      alert: worst.pValue < ALERT_LEVEL,
      tests: tests.map((t) => ({ ...t, df: t.df ?? null })),
      counts: v.fp.tables,
    };
  });
}

/**
 * Folds finished matches in the background every `intervalMs` (first run soon after start), by
 * the same per-match fold and claim as the `fairness` projection. The server runs the projection
 * (src/services/projections/fairness.ts); this loop stays for tools and tests that fold without a
 * projector.
 */
export class FairnessProfiler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly options: FoldOptions & { intervalMs: number },
  ) {}

  start(): void {
    if (this.timer) return;
    this.stopped = false;
    const tick = (): void => {
      if (this.running || this.stopped) return;
      this.running = this.drain()
        .then(
          () => undefined,
          (err: unknown) => this.options.logger?.error({ err }, "fairness profiler: folding failed (retried next round)"),
        )
        .finally(() => {
          this.running = undefined;
        });
    };
    this.timer = setInterval(tick, this.options.intervalMs);
    this.timer.unref();
    setImmediate(tick);
  }

  /** Folds until nothing is pending. */
  async drain(): Promise<FoldReport> {
    const total: FoldReport = { matches: 0, alerts: [] };
    for (;;) {
      const r = await foldPendingMatches(this.db, this.options);
      total.matches += r.matches;
      total.alerts.push(...r.alerts);
      if (r.matches < (this.options.batch ?? 100) || this.stopped) return total;
    }
  }

  /** Stops the timer and waits for a round in progress (so the database can close after). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
