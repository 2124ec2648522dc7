/**
 * Runners, outs and runs: the bookkeeping every play goes through, including the official
 * scoring of earned runs (rule 9.16): a runner who reached on an error is unearned; so is a run
 * that scores after the defense would have made the third out without its errors ("an error
 * extends the inning"); and a runner scores earned only if he would have reached home without
 * the bases errors gave him (his `ghost` base, advanced only by error-free plays).
 */
import type { Card } from "./cards.js";
import type { Dice } from "./dice.js";
import type { BaseballEvent } from "./events.js";
import type { DefenseDecision, OffenseDecision } from "./decisions.js";
import { battingTeam, fieldingTeam, type BaseballState, type Runner } from "./state.js";

/** Everything a play's resolution needs, and what it found out (for the `pa` event). */
export interface PlayCtx {
  s: BaseballState;
  events: BaseballEvent[];
  dice: Dice;
  batter: Card;
  pitcher: Card;
  defense: DefenseDecision;
  offense: OffenseDecision;
  rbi: number;
  /** The winning run scored in the home team's last half: later runs do not count (except on a home run). */
  walkoff: boolean;
  /** Bases the winning runner advanced on the walk-off play (limits the batter's hit credit). */
  walkoffBases: number;
  homeRun: boolean;
}

export function runnerFor(ctx: PlayCtx, earned: boolean, base: number): Runner {
  return { id: ctx.batter.id, resp: ctx.s.teams[fieldingTeam(ctx.s)].pitcher, earned, ghost: earned ? base : 0 };
}

/** Records an out (of the batter when `player` is the batter's id). */
export function recordOut(ctx: PlayCtx, player: string, how: string): void {
  const s = ctx.s;
  if (s.outs >= 3) return;
  s.outs += 1;
  ctx.events.push({ type: "out", team: fieldingTeam(s), pitcher: s.teams[fieldingTeam(s)].pitcher, player, how, outs: s.outs });
}

/** Whether the home team is batting in the last scheduled inning or later (a lead ends the game). */
export function walkoffPossible(s: BaseballState): boolean {
  return s.half === 1 && s.inning >= s.rules.innings;
}

/**
 * A runner crosses the plate. `fromBase` is where he started the play (0 = batter), `errorBases`
 * how many of the bases he gained on this play an error gave him, `rbi` whether the batter gets
 * credit. Returns false when the run does not count (third out made first, or game already won).
 */
export function scoreRun(ctx: PlayCtx, r: Runner, fromBase: number, rbi: boolean, errorBases = 0): boolean {
  const s = ctx.s;
  if (s.outs >= 3) return false;
  if (ctx.walkoff && !ctx.homeRun) return false;
  r.ghost += 4 - fromBase - errorBases;
  const earned = r.earned && r.ghost >= 4 && s.outs + s.errOuts < 3;
  const team = battingTeam(s);
  s.score[team] += 1;
  const line = s.line[team];
  line[s.inning - 1] = (line[s.inning - 1] ?? 0) + 1;
  if (rbi) ctx.rbi += 1;
  ctx.events.push({ type: "run", team, runner: r.id, resp: r.resp, earned, batter: rbi ? ctx.batter.id : null });
  if (!ctx.walkoff && walkoffPossible(s) && s.score[1] > s.score[0]) {
    ctx.walkoff = true;
    ctx.walkoffBases = 4 - fromBase;
  }
  return true;
}

/** Moves the runner on `from` (1..3) to `to` (2..4; 4 scores). */
export function moveRunner(ctx: PlayCtx, from: number, to: number, rbi: boolean, errorBases = 0): void {
  const s = ctx.s;
  const r = s.bases[from - 1];
  if (!r) return;
  s.bases[from - 1] = null;
  if (to >= 4) {
    scoreRun(ctx, r, from, rbi, errorBases);
    return;
  }
  r.ghost += to - from - errorBases;
  s.bases[to - 1] = r;
}

/** Every runner advances `n` bases, lead runner first. */
export function advanceAll(ctx: PlayCtx, n: number, rbi: boolean, errorBases = 0): void {
  for (let b = 3; b >= 1; b--) if (ctx.s.bases[b - 1]) moveRunner(ctx, b, b + n, rbi, errorBases);
}

/** Forced runners move up one base to make room at first (walk, hit batter, the batter safe at first). */
export function forceAdvance(ctx: PlayCtx, rbi: boolean, errorBases = 0): void {
  const b = ctx.s.bases;
  if (!b[0]) return;
  if (b[1]) {
    if (b[2]) moveRunner(ctx, 3, 4, rbi, errorBases);
    moveRunner(ctx, 2, 3, rbi, errorBases);
  }
  moveRunner(ctx, 1, 2, rbi, errorBases);
}

/** Puts the batter on `base` (1..3) or home (4). */
export function placeBatter(ctx: PlayCtx, base: number, earned: boolean, errorBases = 0): void {
  const r = runnerFor(ctx, earned, 0);
  if (base >= 4) {
    scoreRun(ctx, r, 0, true, errorBases);
    return;
  }
  r.ghost = earned ? base - errorBases : 0;
  ctx.s.bases[base - 1] = r;
}

export function runnersOn(s: BaseballState): number {
  return (s.bases[0] ? 1 : 0) + (s.bases[1] ? 1 : 0) + (s.bases[2] ? 1 : 0);
}

export function baseIds(s: BaseballState): (string | null)[] {
  return s.bases.map((r) => (r ? r.id : null));
}

/** An error by the fielder at `pos`: counted for the fielding team and logged. */
export function recordError(ctx: PlayCtx, fielder: Card, pos: string): void {
  const s = ctx.s;
  s.errors[fieldingTeam(s)] += 1;
  ctx.events.push({ type: "error", team: fieldingTeam(s), fielder: fielder.id, pos });
}

