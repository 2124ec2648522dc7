/**
 * The explicit decision trees for extra bases: uncapped hits (single+, double+) and tag-ups on fly
 * balls. Each tree computes a target from the runner's speed, the ball's location, the outs, the
 * outfield depth and the fielder's arm; the third-base coach sends the runner when the target
 * reaches a threshold, and a d20 at or under the target makes him safe, over it out.
 */
import { fieldingAt, type Loc } from "./cards.js";
import { cardOf, battingTeam, fielderAt, type BaseballState } from "./state.js";
import { moveRunner, recordOut, scoreRun, type PlayCtx } from "./runners.js";

export type AdvanceKind = "2to4" | "1to3" | "1to4" | "tag3" | "tag2";

/** Location modifiers per kind (LF, CF, RF) and a base bonus; see README "Advancement trees". */
const LOC_MOD: Record<AdvanceKind, { base: number; LF: number; CF: number; RF: number; sendAt: number }> = {
  "2to4": { base: 3, LF: -1, CF: 1, RF: 0, sendAt: 10 },
  "1to3": { base: 0, LF: -4, CF: -1, RF: 0, sendAt: 11 },
  "1to4": { base: 1, LF: -1, CF: 0, RF: -1, sendAt: 10 },
  tag3: { base: 4, LF: 0, CF: 1, RF: -1, sendAt: 9 },
  tag2: { base: -2, LF: -3, CF: 0, RF: 2, sendAt: 12 },
};

const DEPTH: Record<string, number> = { shallow: -3, normal: 0, deep: 2 };

/** The target of the runner with card speed `speed` for this play (higher = easier). */
export function advanceTarget(ctx: PlayCtx, kind: AdvanceKind, speed: number, loc: Loc): number {
  const mod = LOC_MOD[kind];
  const locMod = loc === "LF" || loc === "CF" || loc === "RF" ? mod[loc] : -5;
  const arm = fieldingAt(fielderAt(ctx.s, loc), loc).arm;
  const twoOuts = ctx.s.outs === 2 && kind !== "tag3" && kind !== "tag2" ? 3 : 0;
  const depth = (DEPTH[ctx.defense.outfield] ?? 0) * (kind === "tag3" ? 1.5 : 1);
  return Math.round(speed + mod.base + locMod + twoOuts + depth - arm);
}

function speedOf(s: BaseballState, id: string): number {
  return cardOf(s.teams[battingTeam(s)], id).speed;
}

/**
 * Tries to take one more base with the runner now on `base` (he got there on this play).
 * Returns whether he was sent. `trail` runners behind him may take a base on the throw.
 */
export function tryExtraBase(ctx: PlayCtx, base: number, kind: AdvanceKind, loc: Loc, rbi: boolean): boolean {
  const s = ctx.s;
  const r = s.bases[base - 1];
  if (!r || s.outs >= 3) return false;
  if (base < 3 && s.bases[base]) return false;
  const target = advanceTarget(ctx, kind, speedOf(s, r.id), loc);
  const send = target >= LOC_MOD[kind].sendAt;
  ctx.events.push({ type: "send", runner: r.id, from: base, kind, target, sent: send });
  if (!send) return false;
  const roll = ctx.dice.d20(`advance:${r.id}`);
  if (roll <= target) {
    moveRunner(ctx, base, base + 1, rbi);
  } else {
    s.bases[base - 1] = null;
    recordOut(ctx, r.id, base === 3 ? "out at home" : "out at third");
  }
  return true;
}

/**
 * Tag-ups after a caught fly ball with fewer than three outs: the runner on third tries to score,
 * then (if third is free and fewer than two outs) the runner on second tries for third.
 * Returns whether a run scored on the tag (a sacrifice fly).
 */
export function tagUps(ctx: PlayCtx, loc: Loc): boolean {
  const s = ctx.s;
  let scored = false;
  const third = s.bases[2];
  if (third && s.outs < 3) {
    const target = advanceTarget(ctx, "tag3", speedOf(s, third.id), loc);
    const send = target >= LOC_MOD.tag3.sendAt;
    ctx.events.push({ type: "send", runner: third.id, from: 3, kind: "tag3", target, sent: send });
    if (send) {
      const roll = ctx.dice.d20(`tag:${third.id}`);
      s.bases[2] = null;
      if (roll <= target) scored = scoreRun(ctx, third, 3, true);
      else recordOut(ctx, third.id, "out at home on the tag");
    }
  }
  const second = s.bases[1];
  if (second && !s.bases[2] && s.outs < 2) {
    const target = advanceTarget(ctx, "tag2", speedOf(s, second.id), loc);
    const send = target >= LOC_MOD.tag2.sendAt;
    ctx.events.push({ type: "send", runner: second.id, from: 2, kind: "tag2", target, sent: send });
    if (send) {
      const roll = ctx.dice.d20(`tag:${second.id}`);
      if (roll <= target) moveRunner(ctx, 2, 3, false);
      else {
        s.bases[1] = null;
        recordOut(ctx, second.id, "out at third on the tag");
      }
    }
  }
  return scored;
}
