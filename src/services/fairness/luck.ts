import type { Db } from "../../db/database.js";
import { fingerprinterFor } from "./games.js";

/**
 * Per-account luck (issue 15 §3): how strong the hands dealt to an account were, against what a
 * fair deal gives every seat. For admins spotting anomalies (collusion, bots); never fed back
 * into dealing.
 */

export interface LuckLine {
  userId: string;
  displayName: string;
  hands: number;
  meanPoints: number;
  /** (sum − hands·μ) / √(hands·σ²): standard normal for a fair deal once hands are many. */
  z: number;
}

export interface LuckReport {
  game: string;
  measure: string;
  expectedMean: number;
  expectedSd: number;
  players: LuckLine[];
}

export async function readLuck(
  db: Db,
  game: string,
  query: { userId?: string | undefined; minHands: number; limit: number },
): Promise<LuckReport | null> {
  const f = fingerprinterFor(game);
  if (!f) return null;
  const { mean, variance } = f.luck;
  let q = db
    .selectFrom("fairness_luck")
    .innerJoin("users", "users.id", "fairness_luck.user_id")
    .select(["fairness_luck.user_id", "users.display_name", "fairness_luck.hands", "fairness_luck.points_sum"])
    .where("fairness_luck.game", "=", game)
    .where("fairness_luck.hands", ">=", query.minHands);
  if (query.userId) q = q.where("fairness_luck.user_id", "=", query.userId);
  const rows = await q.execute();
  const players = rows
    .map((r) => ({
      userId: r.user_id,
      displayName: r.display_name,
      hands: r.hands,
      meanPoints: r.points_sum / r.hands,
      z: (r.points_sum - r.hands * mean) / Math.sqrt(r.hands * variance),
    }))
    // The most unusual first, then by id so equal |z| keep a stable order.
    .sort((a, b) => Math.abs(b.z) - Math.abs(a.z) || a.userId.localeCompare(b.userId))
    .slice(0, query.limit);
  return { game, measure: f.luck.measure, expectedMean: mean, expectedSd: Math.sqrt(variance), players };
}
