import { clearBaseballFolds, foldBaseballMatch, refreshBaseballStats } from "../baseball/fold.js";
import type { Projection } from "./types.js";

/**
 * Dice-baseball league stats (projection `baseball`): each finished baseball match folded from
 * its event log into per-card stat lines and per-manager games (src/services/baseball/fold.ts);
 * the career and season materialized views are refreshed concurrently after the batch commits.
 * The per-match claim (baseball_folded) stays, so matches folded before the projector existed
 * are not folded again.
 */
export const baseballProjection: Projection = {
  name: "baseball",
  description: "dice-baseball stat lines, manager games and the career/season views (baseball_*)",
  async apply(trx, batch, ctx) {
    let folded = 0;
    for (const m of batch) {
      if (m.game !== "baseball" || m.status !== "finished") continue;
      if (await foldBaseballMatch(trx, { id: m.id, ended_at: m.endedAt, created_at: m.createdAt, winner_team: m.winnerTeam })) folded++;
    }
    if (folded > 0) ctx.afterCommit((db) => refreshBaseballStats(db));
  },
  async reset(trx, ctx) {
    await clearBaseballFolds(trx);
    ctx.afterCommit((db) => refreshBaseballStats(db));
  },
};
