/**
 * The bot manager: decides from its seat's view only (plus an RNG for variety). It brings in
 * relief when the pitcher tires (the closer late in a close game), bunts late and close, steals
 * with fast runners, pinch-runs for slow runners who carry the tying or winning run, and plays the
 * infield in to cut off the run late and close.
 */
import type { Rng } from "../core/rng.js";
import type { BaseballAction } from "./actions.js";
import type { BaseballView, PlayerView, TeamView } from "./view.js";

function player(team: TeamView, id: string): PlayerView | undefined {
  return team.players.find((p) => p.id === id);
}

function reliever(team: TeamView, closerTime: boolean): string | null {
  const arms = team.bench.map((id) => player(team, id)).filter((p): p is PlayerView => !!p && p.role !== null);
  if (arms.length === 0) return null;
  const relievers = arms.filter((p) => p.role === "RP");
  const pool = relievers.length ? relievers : arms;
  // The closer is listed first among relievers; otherwise the freshest long arm.
  if (closerTime) return (pool[0] as PlayerView).id;
  return pool.reduce((a, b) => ((b.stamina ?? 0) > (a.stamina ?? 0) ? b : a)).id;
}

function defense(v: BaseballView, me: number, rng: Rng): BaseballAction {
  const team = v.teams[me] as TeamView;
  const lead = (v.score[me] as number) - (v.score[1 - me] as number);
  const late = v.inning >= v.rules.innings - 2;
  const close = Math.abs(lead) <= 1;
  const newHalf = team.stint.inning !== v.inning || team.stint.half !== v.half;
  const canChange = team.stint.bf > 0 || newHalf;
  const closerTime = v.inning >= v.rules.innings && lead >= 1 && lead <= 3 && newHalf && player(team, team.pitcher)?.role === "SP";
  if (canChange && (v.batterColumnMax > 3 || closerTime)) {
    const arm = reliever(team, closerTime || (late && close));
    if (arm) return { type: "sub", kind: "pitcher", in: arm };
  }
  const [first, second, third] = v.bases;
  if (late && close && !first && (second || third) && v.outs === 2 && rng.int(3) === 0) return { type: "defense", ibb: true };
  const infield = third && v.outs < 2 && late && lead <= 1 ? "in" : "normal";
  const outfield = late && lead >= 1 && lead <= 2 ? "deep" : "normal";
  return { type: "defense", infield, outfield, hold: first !== null && !second };
}

function offense(v: BaseballView, me: number, rng: Rng): BaseballAction {
  const team = v.teams[me] as TeamView;
  const lead = (v.score[me] as number) - (v.score[1 - me] as number);
  const late = v.inning >= v.rules.innings - 2;
  const [first, second, third] = v.bases;
  if (late && lead >= -1 && lead <= 0) {
    for (const runnerId of [third, second]) {
      const runner = runnerId ? player(team, runnerId) : undefined;
      if (!runner || runner.speed > 6) continue;
      const fast = team.bench.map((id) => player(team, id)).find((p) => p && p.role === null && p.speed >= 14);
      if (fast) return { type: "sub", kind: "pinchRunner", in: fast.id, out: runner.id };
    }
    const batter = player(team, v.batter);
    if (v.outs === 0 && (first || second) && !third && batter && batter.bunt >= 10) return { type: "offense", play: "sacBunt" };
  }
  const onFirst = first ? player(team, first) : undefined;
  if (onFirst && !second && onFirst.speed >= 15 && v.outs < 2 && rng.int(5) < 3) return { type: "offense", play: "steal", from: 1 };
  const onSecond = second ? player(team, second) : undefined;
  if (onSecond && !third && onSecond.speed >= 18 && v.outs === 1 && rng.int(4) === 0) return { type: "offense", play: "steal", from: 2 };
  return { type: "offense", play: "swing" };
}

/** The bot's action for the seat whose view this is. Always legal when the seat is active. */
export function botDecide(v: BaseballView, rng: Rng): BaseballAction {
  const me = v.seat;
  if (me === null) throw new Error("a spectator view cannot act");
  switch (v.phase) {
    case "LINEUPS":
      return { type: "lineup" };
    case "DICE":
      return { type: "rollForMe" };
    case "DECIDE":
      return v.mySide === "defense" ? defense(v, me, rng) : offense(v, me, rng);
    case "OVER":
      throw new Error("the game is over");
  }
}
