/**
 * The course of the game: half-innings, the end of regulation, extra innings, walk-offs (the home
 * team bats last and the game ends the moment it leads in its last turn), the optional mercy rule,
 * forfeits, and the inning limit that ends an endless game as a tie.
 */
import type { BaseballEvent } from "./events.js";
import { runnersOn } from "./runners.js";
import type { BaseballState } from "./state.js";

export function endGame(s: BaseballState, winnerTeam: number | null, reason: string, events: BaseballEvent[]): void {
  s.phase = "OVER";
  s.outcome = { winnerTeam, scores: [s.score[0], s.score[1]], reason };
  s.decisions = [null, null];
  s.dice = { entered: [], need: null };
  events.push({ type: "gameOver", winnerTeam, score: [s.score[0], s.score[1]], reason, innings: s.inning });
}

function leader(s: BaseballState): number | null {
  return s.score[0] === s.score[1] ? null : s.score[0] > s.score[1] ? 0 : 1;
}

function mercyReached(s: BaseballState): boolean {
  const m = s.rules.mercy;
  return m !== null && s.inning >= m.afterInning && Math.abs(s.score[0] - s.score[1]) >= m.runs;
}

export function startHalf(s: BaseballState, events: BaseballEvent[]): void {
  const line = s.line[s.half];
  while (line.length < s.inning) line.push(0);
  events.push({ type: "halfStarted", inning: s.inning, half: s.half });
}

function endHalf(s: BaseballState, events: BaseballEvent[]): void {
  const runs = s.line[s.half][s.inning - 1] ?? 0;
  events.push({ type: "halfEnded", inning: s.inning, half: s.half, runs, lob: runnersOn(s), score: [s.score[0], s.score[1]] });
  s.bases = [null, null, null];
  s.outs = 0;
  s.errOuts = 0;
  const regulationDone = s.inning >= s.rules.innings;
  if (s.half === 0) {
    if (regulationDone && s.score[1] > s.score[0]) return endGame(s, 1, s.inning > s.rules.innings ? "EXTRA_INNINGS" : "REGULATION", events);
    if (mercyReached(s) && s.score[1] > s.score[0]) return endGame(s, 1, "MERCY", events);
    s.half = 1;
  } else {
    if (regulationDone && s.score[0] !== s.score[1]) return endGame(s, leader(s), s.inning > s.rules.innings ? "EXTRA_INNINGS" : "REGULATION", events);
    if (mercyReached(s)) return endGame(s, leader(s), "MERCY", events);
    if (s.inning >= s.rules.maxInnings) return endGame(s, null, "TIE_INNING_LIMIT", events);
    s.inning += 1;
    s.half = 0;
  }
  startHalf(s, events);
}

/** After a play: decisions reset; the game may end (walk-off, mercy) or the half-inning turn over. */
export function afterPlay(s: BaseballState, events: BaseballEvent[]): void {
  s.decisions = [null, null];
  s.dice = { entered: [], need: null };
  s.phase = "DECIDE";
  if (s.half === 1 && s.score[1] > s.score[0]) {
    if (s.inning >= s.rules.innings) return endGame(s, 1, "WALKOFF", events);
    if (mercyReached(s)) return endGame(s, 1, "MERCY", events);
  }
  if (s.outs >= 3) endHalf(s, events);
}
