/**
 * Stolen bases and caught stealing: a d20 against a target from the runner's speed, the catcher's
 * arm, the base (third is harder) and whether the defense holds the runner on first.
 */
import { fieldingAt } from "./cards.js";
import { moveRunner, recordOut, type PlayCtx } from "./runners.js";
import { battingTeam, cardOf, fielderAt, fieldingTeam } from "./state.js";

export function stealTarget(ctx: PlayCtx, from: 1 | 2): number {
  const s = ctx.s;
  const runner = s.bases[from - 1];
  if (!runner) return 0;
  const speed = cardOf(s.teams[battingTeam(s)], runner.id).speed;
  const arm = fieldingAt(fielderAt(s, "C"), "C").arm;
  const hold = from === 1 ? (ctx.defense.hold ? -3 : 1) : -2;
  return speed - arm + hold;
}

/** The runner on `from` tries to steal the next base. Adds one pitch. */
export function stealAttempt(ctx: PlayCtx, from: 1 | 2): void {
  const s = ctx.s;
  const runner = s.bases[from - 1];
  if (!runner || s.bases[from]) return;
  const target = stealTarget(ctx, from);
  const roll = ctx.dice.d20(`steal:${runner.id}`);
  const success = roll <= target;
  const fld = s.teams[fieldingTeam(s)];
  const catcher = fielderAt(s, "C").id;
  ctx.events.push({ type: "steal", team: battingTeam(s), runner: runner.id, from, success, catcher, pitcher: fld.pitcher, target });
  if (success) moveRunner(ctx, from, from + 1, false);
  else {
    s.bases[from - 1] = null;
    recordOut(ctx, runner.id, "caught stealing");
  }
}
