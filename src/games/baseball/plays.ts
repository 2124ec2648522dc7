/**
 * What each card result does on the field: hits, walks, strikeouts, ground balls (with double
 * plays, fielder's choices and the runner on third), fly balls (tag-ups, sacrifice flies), pop-ups,
 * line drives, fielding chances and errors. Every d20 used is a logged roll.
 */
import { fieldingAt, type Card, type Loc } from "./cards.js";
import { tagUps, tryExtraBase } from "./advance.js";
import { advanceAll, forceAdvance, moveRunner, placeBatter, recordError, recordOut, type PlayCtx } from "./runners.js";
import { battingTeam, cardOf, fielderAt } from "./state.js";
import { stealAttempt } from "./steal.js";

/** The official result of a plate appearance, as the `pa` event and the box score read it. */
export interface PaOutcome {
  /** K BB IBB HBP 1B 2B 3B HR GB FB PO LD DP FC ROE SF SH */
  result: string;
  loc: Loc | null;
  ab: boolean;
  /** Bases of a hit (0 = not a hit). */
  hit: number;
  /** Whether the batter was put out (for his LOB). */
  batterOut: boolean;
}

const OUTFIELD = new Set<string>(["LF", "CF", "RF"]);

function outcome(result: string, loc: Loc | null, ab: boolean, hit: number, batterOut: boolean): PaOutcome {
  return { result, loc, ab, hit, batterOut };
}

function hitCounted(ctx: PlayCtx): void {
  ctx.s.hits[battingTeam(ctx.s)] += 1;
}

/** Two-stage error check: a d20 of 1, then a d20 at or under the fielder's error rating. */
export function errorCheck(ctx: PlayCtx, fielder: Card, loc: Loc): boolean {
  if (ctx.dice.d20(`error:${loc}`) !== 1) return false;
  if (ctx.dice.d20(`errorConfirm:${loc}`) > fieldingAt(fielder, loc).error) return false;
  recordError(ctx, fielder, loc);
  return true;
}

/** The batter reaches on an error: the defense owes an out (errOuts), the runners move up a base. */
function reachedOnError(ctx: PlayCtx, loc: Loc): PaOutcome {
  ctx.s.errOuts += 1;
  advanceAll(ctx, 1, false, 1);
  placeBatter(ctx, 1, false);
  return outcome("ROE", loc, true, 0, false);
}

export function single(ctx: PlayCtx, loc: Loc, uncapped: boolean): PaOutcome {
  hitCounted(ctx);
  const s = ctx.s;
  if (!OUTFIELD.has(loc)) {
    forceAdvance(ctx, true);
    placeBatter(ctx, 1, true);
    return outcome("1B", loc, true, 1, false);
  }
  const fromFirst = s.bases[0];
  advanceAll(ctx, 1, true);
  placeBatter(ctx, 1, true);
  if (ctx.offense.play === "hitAndRun" && fromFirst && s.bases[1] === fromFirst && !s.bases[2]) moveRunner(ctx, 2, 3, false);
  else if (uncapped) {
    const sentHome = s.bases[2] !== null && s.bases[2] !== fromFirst && tryExtraBase(ctx, 3, "2to4", loc, true);
    const sentThird = s.bases[1] === fromFirst && fromFirst !== null && tryExtraBase(ctx, 2, "1to3", loc, true);
    // The batter takes second on the throw.
    if ((sentHome || sentThird) && s.outs < 3 && s.bases[0] && !s.bases[1]) moveRunner(ctx, 1, 2, false);
  }
  return outcome("1B", loc, true, 1, false);
}

export function double(ctx: PlayCtx, loc: Loc, uncapped: boolean): PaOutcome {
  hitCounted(ctx);
  const fromFirst = ctx.s.bases[0];
  advanceAll(ctx, 2, true);
  placeBatter(ctx, 2, true);
  if (uncapped && fromFirst && ctx.s.bases[2] === fromFirst) {
    if (tryExtraBase(ctx, 3, "1to4", loc, true) && ctx.s.outs < 3 && !ctx.s.bases[2]) moveRunner(ctx, 2, 3, false);
  }
  return outcome("2B", loc, true, 2, false);
}

export function triple(ctx: PlayCtx, loc: Loc): PaOutcome {
  hitCounted(ctx);
  advanceAll(ctx, 3, true);
  placeBatter(ctx, 3, true);
  return outcome("3B", loc, true, 3, false);
}

export function homeRun(ctx: PlayCtx, loc: Loc): PaOutcome {
  hitCounted(ctx);
  ctx.homeRun = true;
  advanceAll(ctx, 4, true);
  placeBatter(ctx, 4, true);
  return outcome("HR", loc, true, 4, false);
}

export function walk(ctx: PlayCtx, result: "BB" | "IBB" | "HBP"): PaOutcome {
  forceAdvance(ctx, true);
  placeBatter(ctx, 1, true);
  return outcome(result, null, false, 0, false);
}

export function strikeout(ctx: PlayCtx): PaOutcome {
  recordOut(ctx, ctx.batter.id, "K");
  // Hit-and-run: the runner was going; the catcher throws (strike 'em out, throw 'em out).
  if (ctx.offense.play === "hitAndRun" && ctx.s.bases[0] && !ctx.s.bases[1] && ctx.s.outs < 3) stealAttempt(ctx, 1);
  return outcome("K", null, true, 0, true);
}

/** The unforced runner on third on a ground out: infield back concedes the run, in holds him, normal tests his speed. */
function thirdOnGrounder(ctx: PlayCtx): void {
  const s = ctx.s;
  const r = s.bases[2];
  if (!r || s.outs >= 3) return;
  const infield = ctx.defense.infield;
  if (infield === "in") return;
  if (infield === "normal") {
    const speed = cardOf(s.teams[battingTeam(s)], r.id).speed;
    if (ctx.dice.d20(`third:${r.id}`) > speed + 6) return;
  }
  moveRunner(ctx, 3, 4, true);
}

export function groundBall(ctx: PlayCtx, loc: Loc): PaOutcome {
  const s = ctx.s;
  const d = ctx.defense;
  if (d.infield === "in" && ctx.dice.d20("infieldIn") <= 3) return single(ctx, loc === "1B" || loc === "2B" ? "RF" : "LF", false);
  if (d.hold && s.bases[0] && (loc === "1B" || loc === "2B") && ctx.dice.d20("hole") <= 2) return single(ctx, "RF", false);
  if (errorCheck(ctx, fielderAt(s, loc), loc)) return reachedOnError(ctx, loc);
  const forcedAtHome = s.bases[0] && s.bases[1] && s.bases[2];
  if (s.bases[0] && s.outs < 2) {
    if (ctx.offense.play === "hitAndRun") {
      recordOut(ctx, ctx.batter.id, `ground out to ${loc}`);
      advanceAll(ctx, 1, true);
      return outcome("GB", loc, true, 0, true);
    }
    if (forcedAtHome && d.infield === "in") {
      // Force at home, then maybe home to first.
      const lead = s.bases[2]!;
      s.bases[2] = null;
      recordOut(ctx, lead.id, "forced at home");
      s.bases[2] = s.bases[1];
      s.bases[1] = s.bases[0];
      s.bases[0] = null;
      if (ctx.dice.d20("dp") >= 10 + Math.floor(ctx.batter.speed / 4)) {
        recordOut(ctx, ctx.batter.id, "double play");
        return outcome("DP", loc, true, 0, true);
      }
      placeBatter(ctx, 1, true);
      return outcome("FC", loc, true, 0, false);
    }
    const runner = s.bases[0];
    if (ctx.dice.d20("dp") >= 10 + Math.floor(ctx.batter.speed / 4)) {
      s.bases[0] = null;
      recordOut(ctx, runner.id, "forced at second");
      recordOut(ctx, ctx.batter.id, "double play");
      if (s.outs < 3) {
        if (s.bases[2]) moveRunner(ctx, 3, 4, false);
        if (s.bases[1]) moveRunner(ctx, 2, 3, false);
      }
      return outcome("DP", loc, true, 0, true);
    }
    s.bases[0] = null;
    recordOut(ctx, runner.id, "forced at second");
    if (s.bases[1] && forcedAtHome) {
      moveRunner(ctx, 3, 4, true);
      moveRunner(ctx, 2, 3, false);
    } else {
      thirdOnGrounder(ctx);
      if (s.bases[1] && !s.bases[2] && s.outs < 3) moveRunner(ctx, 2, 3, false);
    }
    placeBatter(ctx, 1, true);
    return outcome("FC", loc, true, 0, false);
  }
  recordOut(ctx, ctx.batter.id, `ground out to ${loc}`);
  // Here first base is empty (or the out was the third): unforced runners may move up.
  if (s.outs < 3) {
    thirdOnGrounder(ctx);
    if (s.bases[1] && !s.bases[2] && (loc === "1B" || loc === "2B")) moveRunner(ctx, 2, 3, false);
  }
  return outcome("GB", loc, true, 0, true);
}

export function flyBall(ctx: PlayCtx, loc: Loc): PaOutcome {
  const s = ctx.s;
  const depth = ctx.defense.outfield;
  if (depth === "shallow" && ctx.dice.d20("shallow") <= 2) return double(ctx, loc, false);
  if (depth === "deep" && ctx.dice.d20("deep") <= 2) return single(ctx, loc, false);
  if (errorCheck(ctx, fielderAt(s, loc), loc)) return reachedOnError(ctx, loc);
  const outsBefore = s.outs;
  recordOut(ctx, ctx.batter.id, `fly out to ${loc}`);
  if (s.outs >= 3) return outcome("FB", loc, true, 0, true);
  const scored = tagUps(ctx, loc);
  if (scored && outsBefore < 2) return outcome("SF", loc, false, 0, true);
  return outcome("FB", loc, true, 0, true);
}

export function popUp(ctx: PlayCtx, loc: Loc): PaOutcome {
  recordOut(ctx, ctx.batter.id, `pop out to ${loc}`);
  return outcome("PO", loc, true, 0, true);
}

export function lineDrive(ctx: PlayCtx, loc: Loc): PaOutcome {
  const s = ctx.s;
  recordOut(ctx, ctx.batter.id, `line out to ${loc}`);
  const runner = s.bases[0];
  if (ctx.offense.play === "hitAndRun" && runner && s.outs < 3 && ctx.dice.d20("doubledOff") <= 10) {
    s.bases[0] = null;
    recordOut(ctx, runner.id, "doubled off first");
    return outcome("DP", loc, true, 0, true);
  }
  return outcome("LD", loc, true, 0, true);
}

/** A fielding chance: the fielder's range decides out or hit. */
export function fieldingChance(ctx: PlayCtx, loc: Loc): PaOutcome {
  const fielder = fielderAt(ctx.s, loc);
  const caught = ctx.dice.d20(`range:${loc}`) <= fieldingAt(fielder, loc).range;
  if (OUTFIELD.has(loc)) {
    if (caught) return flyBall(ctx, loc);
    return loc === "CF" ? double(ctx, loc, false) : single(ctx, loc, true);
  }
  if (caught) return groundBall(ctx, loc);
  return single(ctx, loc, false);
}

