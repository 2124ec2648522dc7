/**
 * One plate appearance from the two decisions to the result: the intentional walk, a steal before
 * the pitch, bunts, or a swing read from the cards (d6 picks the batter's or the pitcher's column,
 * 2d6 the row, a d20 a split entry; a wild pitch advances the runners and the at-bat goes on).
 * Pitcher fatigue moves the column die towards the batter's card.
 */
import { parseResult, type Card, type Column, type Entry, type Loc } from "./cards.js";
import type { DefenseDecision, OffenseDecision } from "./decisions.js";
import type { Dice } from "./dice.js";
import type { BaseballEvent } from "./events.js";
import { double, fieldingChance, flyBall, groundBall, homeRun, lineDrive, popUp, single, strikeout, triple, walk, type PaOutcome } from "./plays.js";
import { advanceAll, baseIds, forceAdvance, moveRunner, placeBatter, recordOut, runnersOn, type PlayCtx } from "./runners.js";
import { battingTeam, currentBatter, currentPitcher, fieldingTeam, type BaseballState } from "./state.js";
import { stealAttempt } from "./steal.js";

/** d6 at or under this reads the batter's card: 3 when fresh, 4 when tired, 5 when exhausted. */
export function batterColumnMax(s: BaseballState): number {
  const fld = s.teams[fieldingTeam(s)];
  const stamina = currentPitcher(s).pitching?.stamina ?? 0;
  const pitches = fld.pitches[fld.pitcher] ?? 0;
  if (pitches >= stamina + 15) return 5;
  if (pitches >= stamina) return 4;
  return 3;
}

/** The side the batter hits from: a switch hitter bats opposite the pitcher. */
export function battingSide(batter: Card, pitcher: Card): "L" | "R" {
  if (batter.bats !== "S") return batter.bats;
  return pitcher.throws === "L" ? "R" : "L";
}

function readEntry(entry: Entry, dice: Dice): string {
  if (typeof entry === "string") return entry;
  return dice.d20("split") <= entry[1] ? entry[0] : entry[2];
}

/** Pitches thrown in a plate appearance: a base by result plus 0..2 from the row die. */
function pitchesFor(result: string, row: number): number {
  const extra = row % 3;
  if (result === "K") return 4 + extra;
  if (result === "BB") return 5 + extra;
  return 2 + extra;
}

interface SwingRead {
  code: string;
  column: "batter" | "pitcher";
  row: number;
}

function readCards(ctx: PlayCtx): SwingRead {
  const s = ctx.s;
  const { batter, pitcher, dice } = ctx;
  const columnDie = dice.d6("column");
  const useBatter = columnDie <= batterColumnMax(s);
  const col: Column = useBatter
    ? pitcher.throws === "L" ? batter.batting!.vsL : batter.batting!.vsR
    : battingSide(batter, pitcher) === "L" ? pitcher.pitching!.vsL : pitcher.pitching!.vsR;
  const row = dice.twoD6("row");
  const code = readEntry(col[row - 2] as Entry, dice);
  ctx.events.push({ type: "card", batter: batter.id, pitcher: pitcher.id, column: useBatter ? "batter" : "pitcher", row, result: code });
  return { code, column: useBatter ? "batter" : "pitcher", row };
}

function playResult(ctx: PlayCtx, code: string): PaOutcome {
  const p = parseResult(code);
  if (!p) throw new Error(`invalid result ${code} on a validated card`);
  const loc = p.loc as Loc;
  switch (p.kind) {
    case "K":
      return strikeout(ctx);
    case "BB":
      return walk(ctx, "BB");
    case "HBP":
      return walk(ctx, "HBP");
    case "1B":
      return single(ctx, loc, false);
    case "1B+":
      return single(ctx, loc, true);
    case "2B":
      return double(ctx, loc, false);
    case "2B+":
      return double(ctx, loc, true);
    case "3B":
      return triple(ctx, loc);
    case "HR":
      return homeRun(ctx, loc);
    case "GB":
      return groundBall(ctx, loc);
    case "FB":
      return flyBall(ctx, loc);
    case "PO":
      return popUp(ctx, loc);
    case "LD":
      return lineDrive(ctx, loc);
    case "X":
      return fieldingChance(ctx, loc);
    case "WP":
      throw new Error("WP is handled by the swing loop");
  }
}

function sacrificeBunt(ctx: PlayCtx): PaOutcome {
  const s = ctx.s;
  const target = ctx.batter.bunt + (ctx.defense.infield === "in" ? -4 : 0);
  const roll = ctx.dice.d20("bunt");
  if (roll <= target) {
    recordOut(ctx, ctx.batter.id, "sacrifice bunt");
    if (s.outs < 3) advanceAll(ctx, 1, true);
    return { result: "SH", loc: "P", ab: false, hit: 0, batterOut: true };
  }
  if (roll >= 18) {
    recordOut(ctx, ctx.batter.id, "bunt popped up");
    return { result: "PO", loc: "C", ab: true, hit: 0, batterOut: true };
  }
  // The lead runner is thrown out; the others move up and the batter is safe at first.
  const lead = s.bases[2] ? 3 : s.bases[1] ? 2 : 1;
  const r = s.bases[lead - 1]!;
  s.bases[lead - 1] = null;
  recordOut(ctx, r.id, lead === 3 ? "out at home on the bunt" : "forced on the bunt");
  if (s.outs < 3) for (let b = lead - 1; b >= 1; b--) if (s.bases[b - 1]) moveRunner(ctx, b, b + 1, false);
  placeBatter(ctx, 1, true);
  return { result: "FC", loc: "P", ab: true, hit: 0, batterOut: false };
}

function dragBunt(ctx: PlayCtx): PaOutcome {
  const s = ctx.s;
  const infield = ctx.defense.infield;
  const target = Math.floor(ctx.batter.speed / 2) + Math.floor(ctx.batter.bunt / 4) + (infield === "in" ? -3 : infield === "back" ? 3 : 0);
  if (ctx.dice.d20("bunt") <= target) {
    s.hits[battingTeam(s)] += 1;
    forceAdvance(ctx, true);
    placeBatter(ctx, 1, true);
    return { result: "1B", loc: "P", ab: true, hit: 1, batterOut: false };
  }
  recordOut(ctx, ctx.batter.id, "bunt ground out");
  if (s.outs < 3) advanceAll(ctx, 1, true);
  return { result: "GB", loc: "P", ab: true, hit: 0, batterOut: true };
}

/** Whether the plate appearance can go on (no third out, game not won). */
function live(ctx: PlayCtx): boolean {
  return ctx.s.outs < 3 && !ctx.walkoff;
}

/**
 * Resolves the coming plate appearance with `dice`. Returns the outcome, or null when the inning
 * or the game ended before the batter finished (caught stealing for the third out, walk-off wild
 * pitch): he then leads off the next inning.
 */
export function resolvePlateAppearance(s: BaseballState, defense: DefenseDecision, offense: OffenseDecision, dice: Dice, events: BaseballEvent[]): PaOutcome | null {
  const bat = s.teams[battingTeam(s)];
  const fld = s.teams[fieldingTeam(s)];
  const ctx: PlayCtx = { s, events, dice, batter: currentBatter(s), pitcher: currentPitcher(s), defense, offense, rbi: 0, walkoff: false, walkoffBases: 0, homeRun: false };
  const outsBefore = s.outs;
  const scoreBefore = [s.score[0], s.score[1]];
  const runnersBefore = baseIds(s);
  events.push({ type: "decisions", inning: s.inning, half: s.half, batter: ctx.batter.id, pitcher: ctx.pitcher.id, defense, offense });
  let pitches = 0;
  let outcome: PaOutcome | null = null;
  let row = 7;
  if (defense.ibb) {
    outcome = walk(ctx, "IBB");
    pitches = 4;
  } else {
    if (offense.play === "steal" && offense.from) {
      stealAttempt(ctx, offense.from);
      pitches += 1;
    }
    if (live(ctx)) {
      if (offense.play === "sacBunt") outcome = sacrificeBunt(ctx);
      else if (offense.play === "dragBunt") outcome = dragBunt(ctx);
      else {
        for (;;) {
          const read = readCards(ctx);
          row = read.row;
          if (read.code !== "WP") {
            outcome = playResult(ctx, read.code);
            break;
          }
          pitches += 1;
          if (runnersOn(s) > 0) {
            events.push({ type: "wildPitch", team: fieldingTeam(s), pitcher: fld.pitcher });
            advanceAll(ctx, 1, false);
            if (!live(ctx)) break;
          }
        }
      }
    }
    if (outcome) pitches += outcome.result === "SH" || outcome.result === "FC" ? 2 : pitchesFor(outcome.result, row);
  }
  fld.pitches[fld.pitcher] = (fld.pitches[fld.pitcher] ?? 0) + pitches;
  if (!outcome) {
    if (pitches > 0) events.push({ type: "pitches", team: fieldingTeam(s), pitcher: fld.pitcher, pitches });
    return null;
  }
  let hit = outcome.hit;
  let result = outcome.result;
  // A game-ending hit (other than a home run) counts only the bases the winning runner needed.
  if (ctx.walkoff && hit > 0 && hit < 4 && ctx.walkoffBases < hit) {
    hit = Math.max(1, ctx.walkoffBases);
    result = ["", "1B", "2B", "3B"][hit] as string;
  }
  fld.stint.bf += 1;
  events.push({
    type: "pa",
    team: battingTeam(s),
    inning: s.inning,
    half: s.half,
    batter: ctx.batter.id,
    pitcher: fld.pitcher,
    result,
    loc: outcome.loc,
    ab: outcome.ab,
    hit,
    rbi: ctx.rbi,
    batterOut: outcome.batterOut,
    outsBefore,
    outs: s.outs,
    runnersBefore,
    bases: baseIds(s),
    score: [s.score[0], s.score[1]],
    runs: s.score[battingTeam(s)] - (scoreBefore[battingTeam(s)] as number),
    pitches,
  });
  bat.spot = (bat.spot + 1) % 9;
  return outcome;
}

export function isWalkoff(s: BaseballState): boolean {
  return s.half === 1 && s.inning >= s.rules.innings && s.score[1] > s.score[0];
}
