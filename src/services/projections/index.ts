import type { Logger } from "../../platform/logger.js";
import type { Metrics } from "../../platform/metrics.js";
import { baseballProjection } from "./baseball.js";
import { boxScoresProjection } from "./boxScores.js";
import { fairnessProjection } from "./fairness.js";
import { leagueProjection } from "./league.js";
import type { Projection } from "./types.js";

/**
 * Every projection of the event log (docs/EVENT_STORE.md), in the order a background round runs
 * them. Player stats (GET /stats, /players/:id/stats) and the leaderboard are read from the
 * league and box-scores projections' tables; they have no store of their own.
 */
export function allProjections(options: { metrics?: Metrics | undefined; logger?: Logger | undefined } = {}): Projection[] {
  return [leagueProjection, boxScoresProjection, baseballProjection, fairnessProjection(options)];
}

export { Projector, UnknownProjectionError, type ProjectionStatus, type ProjectorOptions } from "./projector.js";
export type { ApplyContext, LoggedMatch, Projection } from "./types.js";
