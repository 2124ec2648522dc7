/**
 * The search bot ("strong" level): determinised Monte Carlo over the hidden hands (perfect-
 * information Monte Carlo sampling of the seat's information set).
 *
 * For each card decision: infer what the view proves about the hidden hands (inference.ts), sample
 * `worlds` deals consistent with it (sample.ts), and in each world play every legal card followed by
 * a heuristic playout of the rest of the hand (playout.ts). The card with the best total hand score
 * (my team's game points minus theirs) is played; each card is tried in the same worlds, so the
 * comparison is paired. Bidding, doubling, project and Sawa decisions are the heuristic's.
 *
 * The budget is counted in playouts, not time, so a decision is a pure function of
 * (view, rng state): replays and tests see the same move, and the cost per move is bounded.
 */
import type { Rng } from "../../core/rng.js";
import type { Move } from "../actions.js";
import type { BalootView } from "../view.js";
import { heuristicDecision, playDecision, provableSawa } from "./heuristic.js";
import { inferHidden } from "./inference.js";
import { knowledgeFromView } from "./knowledge.js";
import { playout, positionFromView, worldFacts } from "./playout.js";
import { sampleHands } from "./sample.js";

export interface SearchBudget {
  /** Playouts per decision, shared among the legal cards (so fewer worlds with more choices). */
  playouts: number;
  /** Never fewer sampled worlds than this, whatever the number of legal cards. */
  minWorlds: number;
}

/** Default budget: sized so a move stays well within 20 ms p99 on a small server core (README, bench:bots). */
export const DEFAULT_SEARCH_BUDGET: Readonly<SearchBudget> = Object.freeze({ playouts: 240, minWorlds: 12 });

export function searchDecision(view: BalootView, rng: Rng, budget: SearchBudget = DEFAULT_SEARCH_BUDGET): Move {
  const k = knowledgeFromView(view);
  if (k.phase !== "PLAYING") return heuristicDecision(k);
  const c = k.contract!;
  if (k.sawaOk && k.trick.length === 0 && k.trickNo >= 1 && provableSawa(k.hand, k.played, c.trump, k.closed)) return { k: "sawa" };
  if (k.declareOk) return { k: "declare" };
  const candidates: number[] = [];
  for (let m = k.legalCards; m !== 0; m = (m & (m - 1)) >>> 0) candidates.push(31 - Math.clz32((m & -m) >>> 0));
  if (candidates.length <= 1 || k.trickNo >= 7) return playDecision(k);

  const info = inferHidden(view);
  const pos = positionFromView(view, info.playedBy);
  const worlds = Math.max(budget.minWorlds, Math.floor(budget.playouts / candidates.length));
  const totals = new Float64Array(candidates.length);
  const hands = [0, 0, 0, 0];
  for (let w = 0; w < worlds; w++) {
    const dealt = sampleHands(info, rng, c.kind, view.rules);
    dealt[k.seat] = k.hand;
    const facts = worldFacts(pos, dealt);
    for (let i = 0; i < candidates.length; i++) {
      for (let s = 0; s < 4; s++) hands[s] = dealt[s]!;
      totals[i]! += playout(pos, hands, facts, candidates[i]!);
    }
  }
  // Ties go to the heuristic's own choice, then to the lowest card.
  const preferred = playDecision(k);
  let best = candidates[0]!;
  let bestTotal = -Infinity;
  for (let i = 0; i < candidates.length; i++) {
    const t = totals[i]!;
    const x = candidates[i]!;
    if (t > bestTotal || (t === bestTotal && preferred.k === "play" && x === preferred.card)) {
      bestTotal = t;
      best = x;
    }
  }
  const baloot = ((k.balootCards >>> best) & 1) === 1;
  const akka = !baloot && ((k.akkaCards >>> best) & 1) === 1;
  return { k: "play", card: best, akka, baloot };
}
