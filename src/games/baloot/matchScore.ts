/**
 * The match after a hand (§11): scores added, Gahwa deciding at once, the target and its tie rule.
 */
import type { RuleProfile } from "./profile.js";
import type { ScoreSheet, Team } from "./scoreSheet.js";

export interface MatchUpdate {
  scores: [number, number];
  over: boolean;
  winnerTeam: Team | null;
}

/**
 * Adds the hand to the match. Gahwa decides at once; otherwise a single team at or over the
 * target wins; both over → higher total wins; exactly equal → play another hand (§11).
 */
export function applyHandToMatch(scores: [number, number], sheet: ScoreSheet, profile: RuleProfile): MatchUpdate {
  const next: [number, number] = [scores[0] + sheet.gamePoints[0], scores[1] + sheet.gamePoints[1]];
  if (sheet.decidedMatch && sheet.matchWinnerTeam !== null) {
    return { scores: next, over: true, winnerTeam: sheet.matchWinnerTeam };
  }
  const target = profile.targetScore;
  const a = next[0] >= target;
  const b = next[1] >= target;
  if (a && b) {
    // bothCrossPolicy HIGHER_TOTAL_ELSE_EXTRA_HAND (the only policy).
    if (next[0] === next[1]) return { scores: next, over: false, winnerTeam: null };
    return { scores: next, over: true, winnerTeam: next[0] > next[1] ? 0 : 1 };
  }
  if (a) return { scores: next, over: true, winnerTeam: 0 };
  if (b) return { scores: next, over: true, winnerTeam: 1 };
  return { scores: next, over: false, winnerTeam: null };
}
