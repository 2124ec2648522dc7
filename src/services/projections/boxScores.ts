import { gameDefinition, loadEntries } from "../replay.js";
import type { Projection } from "./types.js";

/**
 * Final box scores (projection `box-scores`): the game's `summarise` over the ended match's
 * logged events, stored as the match's final `box_scores` row. While a match runs, its recorder
 * stores the live box score (final = false) and, at the end, the final one computed by the same
 * `summarise` over the same events; the projection fills in any final box score the recorder
 * did not store (a process that died after storing the outcome) and never overwrites one it did,
 * so a rebuild (which recomputes them all from the log) shows whether the two agree.
 * Results reported from outside (POST /game-result) have no log and no box score.
 */
export const boxScoresProjection: Projection = {
  name: "box-scores",
  description: "final box scores of ended matches (box_scores where final), from each match's event log",
  async apply(trx, batch) {
    for (const m of batch) {
      if (m.options["external"] === true) continue;
      const def = gameDefinition(m.game);
      if (!def) continue;
      const stored = await trx.selectFrom("box_scores").select("final").where("match_id", "=", m.id).executeTakeFirst();
      if (stored?.final) continue;
      const entries = await loadEntries(trx, m.id);
      const box = JSON.stringify(def.summarise(entries.flatMap((e) => e.events)));
      await trx
        .insertInto("box_scores")
        .values({ match_id: m.id, box, final: true })
        .onConflict((oc) => oc.column("match_id").doUpdateSet({ box, final: true, updated_at: new Date() }).where("box_scores.final", "=", false))
        .execute();
    }
  },
  async reset(trx) {
    // Live matches keep their live box score; ended ones are recomputed from the log.
    await trx.deleteFrom("box_scores").where("final", "=", true).execute();
  },
};
