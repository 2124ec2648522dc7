/**
 * Pitchers' decisions (official scoring rule 9.17 and 9.19), folded from events:
 * - W: the pitcher of record when his team took the lead for good; a starter must have pitched
 *   five innings (15 outs), otherwise the win goes to the team's reliever with the most outs
 *   (the scorer's "most effective" judgement made mechanical; ties to the earlier one).
 * - L: the pitcher charged with the run that put the winners ahead for good.
 * - S: the winners' last pitcher, when he is not the winner, got at least one out, entered with a
 *   lead and never lost it, and either entered with a lead of three runs or fewer and got at least
 *   three outs, or entered with the potential tying run on base, at bat or on deck (lead ≤ runners
 *   on base + 2), or got at least nine outs.
 */
import type { BaseballEvent } from "./events.js";

interface Stint {
  id: string;
  team: number;
  starter: boolean;
  outs: number;
  entryLead: number;
  /** Runners on base when he came in. */
  entryRunners: number;
  leadLost: boolean;
}

export interface DecisionTracker {
  score: number[];
  current: (Stint | null)[];
  stints: Stint[];
  /** The last time each team took the lead: its pitcher of record and the pitcher charged with the run. */
  goAhead: ({ winner: Stint; loser: string } | null)[];
}

export function newDecisionTracker(): DecisionTracker {
  return { score: [0, 0], current: [null, null], stints: [], goAhead: [null, null] };
}

function enter(t: DecisionTracker, team: number, id: string, starter: boolean, runners: number): void {
  const stint: Stint = { id, team, starter, outs: 0, entryLead: (t.score[team] as number) - (t.score[1 - team] as number), entryRunners: runners, leadLost: false };
  t.current[team] = stint;
  t.stints.push(stint);
}

export function trackEvent(t: DecisionTracker, e: BaseballEvent): void {
  switch (e.type) {
    case "lineupSet":
      enter(t, e.team, e.pitcher, true, 0);
      return;
    case "sub":
      if (e.kind === "pitcher") enter(t, e.team, e.in, false, e.runners);
      return;
    case "out": {
      const cur = t.current[e.team];
      if (cur) cur.outs += 1;
      return;
    }
    case "run": {
      const team = e.team;
      const before = (t.score[team] as number) - (t.score[1 - team] as number);
      t.score[team] = (t.score[team] as number) + 1;
      const after = before + 1;
      const defending = t.current[1 - team];
      // The defending pitcher's lead is gone when this run ties the game.
      if (defending && before === -1) defending.leadLost = true;
      if (before === 0 && after === 1) {
        const pitcherOfRecord = t.current[team];
        if (pitcherOfRecord) t.goAhead[team] = { winner: pitcherOfRecord, loser: e.resp };
      }
      return;
    }
    default:
      return;
  }
}

export function pitchingDecisions(
  t: DecisionTracker,
  final: { winnerTeam: number | null; reason: string } | null,
): { W: string | null; L: string | null; S: string | null } {
  const none = { W: null, L: null, S: null };
  if (!final || final.winnerTeam === null || final.reason.startsWith("FORFEIT")) return none;
  const team = final.winnerTeam;
  const ahead = t.goAhead[team];
  if (!ahead) return none;
  let winner = ahead.winner;
  if (winner.starter && winner.outs < 15) {
    const relievers = t.stints.filter((s) => s.team === team && !s.starter);
    if (relievers.length > 0) winner = relievers.reduce((a, b) => (b.outs > a.outs ? b : a));
  }
  const last = t.current[team];
  let save: string | null = null;
  if (last && last.id !== winner.id && !last.starter && last.outs >= 1 && last.entryLead > 0 && !last.leadLost) {
    const tyingRunClose = last.entryLead <= last.entryRunners + 2;
    if ((last.entryLead <= 3 && last.outs >= 3) || tyingRunClose || last.outs >= 9) save = last.id;
  }
  return { W: winner.id, L: ahead.loser, S: save };
}
