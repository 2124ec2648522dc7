import { fingerprintedGames } from "../fairness/games.js";
import { clearFairnessFolds, foldFairnessMatch, reportFold, type FoldOptions } from "../fairness/profiles.js";
import type { Projection } from "./types.js";

/**
 * Fairness profiles (projection `fairness`, docs/FAIRNESS.md): each finished match of a
 * fingerprinted game folded into its game × rule version × UTC day fingerprint and its players'
 * luck sums. Metrics and the p < 0.001 alert are reported once the batch committed (a rebuild
 * reports no alerts: it re-derives what was already reported). The per-match claim
 * (fairness_folded) stays, so matches folded before the projector existed are not folded again.
 */
export function fairnessProjection(options: Pick<FoldOptions, "metrics" | "logger"> = {}): Projection {
  return {
    name: "fairness",
    description: "RNG fingerprint profiles per game, rule version and day, and players' luck sums (fairness_*)",
    async apply(trx, batch, ctx) {
      const games = new Set(fingerprintedGames());
      for (const m of batch) {
        if (m.status !== "finished" || !games.has(m.game)) continue;
        const fold = await foldFairnessMatch(trx, { id: m.id, game: m.game, options: m.options, ended_at: m.endedAt, created_at: m.createdAt });
        if (fold.folded) ctx.afterCommit(() => reportFold(ctx.rebuilding ? { ...fold, alert: null } : fold, options));
      }
    },
    async reset(trx) {
      await clearFairnessFolds(trx);
    },
  };
}
