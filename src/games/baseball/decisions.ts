/**
 * The managers' decisions before each plate appearance: the defense positions its fielders (or
 * walks the batter intentionally), the offense chooses how the batter and runners play. Both are
 * made at once; neither sees the other's until both are in.
 */
import { IllegalAction } from "../core/IllegalAction.js";
import type { BaseballState } from "./state.js";

export type Infield = "in" | "normal" | "back";
export type Outfield = "normal" | "shallow" | "deep";
export type OffensePlay = "swing" | "sacBunt" | "dragBunt" | "hitAndRun" | "steal";

export interface DefenseDecision {
  side: "defense";
  infield: Infield;
  outfield: Outfield;
  /** Hold the runner on first (fewer steals, a hole on the right side). */
  hold: boolean;
  /** Intentional walk: no dice, the batter goes to first. */
  ibb: boolean;
}

export interface OffenseDecision {
  side: "offense";
  play: OffensePlay;
  /** For a steal: the base the runner stands on (1 or 2). */
  from: 1 | 2 | null;
}

export type Decision = DefenseDecision | OffenseDecision;

export const INFIELDS: readonly Infield[] = ["in", "normal", "back"];
export const OUTFIELDS: readonly Outfield[] = ["normal", "shallow", "deep"];
const PLAYS: readonly OffensePlay[] = ["swing", "sacBunt", "dragBunt", "hitAndRun", "steal"];

function refuse(code: string, msg: string): never {
  throw new IllegalAction(code, msg);
}

/** Checks that `d` is possible in the current situation; throws with the rule's code otherwise. */
export function checkDecision(s: BaseballState, d: Decision): void {
  const [first, second, third] = s.bases;
  if (d.side === "defense") {
    if (d.hold && !first) refuse("NO_RUNNER_TO_HOLD", "there is no runner on first to hold");
    return;
  }
  switch (d.play) {
    case "sacBunt":
      if (!first && !second && !third) refuse("BUNT_NEEDS_RUNNER", "a sacrifice bunt needs a runner to advance");
      if (s.outs >= 2) refuse("BUNT_WITH_TWO_OUTS", "no sacrifice bunt with two outs");
      return;
    case "hitAndRun":
      if (!first) refuse("HIT_AND_RUN_NEEDS_RUNNER", "the hit-and-run needs a runner on first");
      if (second) refuse("HIT_AND_RUN_BLOCKED", "the hit-and-run needs second base open");
      return;
    case "steal": {
      const from = d.from;
      if (from !== 1 && from !== 2) refuse("MALFORMED_ACTION", "a steal names the base the runner is on: from 1 or 2");
      if (!s.bases[from - 1]) refuse("NO_RUNNER_TO_STEAL", `there is no runner on ${from === 1 ? "first" : "second"}`);
      if (s.bases[from]) refuse("STEAL_BASE_OCCUPIED", `${from === 1 ? "second" : "third"} base is occupied`);
      return;
    }
    default:
      return;
  }
}

/** Every decision `side` may make now (for legalActions and bots). */
export function legalDecisions(s: BaseballState, side: "defense" | "offense"): Decision[] {
  const out: Decision[] = [];
  if (side === "defense") {
    const holds = s.bases[0] ? [true, false] : [false];
    for (const infield of INFIELDS)
      for (const outfield of OUTFIELDS) for (const hold of holds) out.push({ side, infield, outfield, hold, ibb: false });
    out.push({ side, infield: "normal", outfield: "normal", hold: false, ibb: true });
    return out;
  }
  for (const play of PLAYS) {
    const froms: (1 | 2 | null)[] = play === "steal" ? [1, 2] : [null];
    for (const from of froms) {
      const d: OffenseDecision = { side, play, from };
      try {
        checkDecision(s, d);
        out.push(d);
      } catch {
        // not possible in this situation
      }
    }
  }
  return out;
}

/** What a manager whose clock ran out does: standard positioning, hold a runner on first; swing away. */
export function defaultDecision(s: BaseballState, side: "defense" | "offense"): Decision {
  if (side === "defense") return { side, infield: "normal", outfield: "normal", hold: s.bases[0] !== null, ibb: false };
  return { side, play: "swing", from: null };
}

export function parseDefense(a: Record<string, unknown>): DefenseDecision {
  const infield = a.infield ?? "normal";
  const outfield = a.outfield ?? "normal";
  if (!INFIELDS.includes(infield as Infield)) refuse("MALFORMED_ACTION", "infield must be in, normal or back");
  if (!OUTFIELDS.includes(outfield as Outfield)) refuse("MALFORMED_ACTION", "outfield must be normal, shallow or deep");
  for (const key of ["hold", "ibb"]) {
    if (a[key] !== undefined && typeof a[key] !== "boolean") refuse("MALFORMED_ACTION", `${key} must be a boolean`);
  }
  return { side: "defense", infield: infield as Infield, outfield: outfield as Outfield, hold: a.hold === true, ibb: a.ibb === true };
}

export function parseOffense(a: Record<string, unknown>): OffenseDecision {
  if (!PLAYS.includes(a.play as OffensePlay)) refuse("MALFORMED_ACTION", "play must be swing, sacBunt, dragBunt, hitAndRun or steal");
  const play = a.play as OffensePlay;
  if (play === "steal") {
    if (a.from !== 1 && a.from !== 2) refuse("MALFORMED_ACTION", "a steal names the base the runner is on: from 1 or 2");
    return { side: "offense", play, from: a.from };
  }
  if (a.from !== undefined) refuse("MALFORMED_ACTION", "from is only for a steal");
  return { side: "offense", play, from: null };
}
