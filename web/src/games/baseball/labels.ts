import type { BaseballAction } from "./state.js";
import { bw } from "./terms.js";

/** Words for a decision or substitution the server offers (or a revealed decision). */
export function actionLabel(a: BaseballAction, name: (id: string) => string): string {
  switch (a.type) {
    case "lineup":
      return bw("defaultLineup");
    case "offense":
      return a.play === "steal" ? bw(a.from === 2 ? "stealThird" : "stealSecond") : isPlay(a.play) ? bw(a.play) : a.play;
    case "defense":
      if (a.ibb) return bw("ibb");
      return `${bw("infield")} ${word(a.infield ?? "normal")} · ${bw("outfield")} ${word(a.outfield ?? "normal")}${a.hold ? ` · ${bw("hold")}` : ""}`;
    case "sub": {
      const params = { in: name(a.in), out: a.out ? name(a.out) : "" };
      if (a.kind === "pinchHitter") return bw("pinchHitter", params);
      if (a.kind === "pinchRunner") return bw("pinchRunner", params);
      if (a.kind === "defense") return bw("defenseSub", params);
      return bw("pitcherSub", params);
    }
    case "switch":
      return bw("switchPos", { a: name(a.a), b: name(a.b) });
    case "rollForMe":
      return bw("rollForMe");
    case "dice":
      return a.values.join("-");
  }
}

const PLAYS = ["swing", "sacBunt", "dragBunt", "hitAndRun"] as const;
function isPlay(play: string): play is (typeof PLAYS)[number] {
  return (PLAYS as readonly string[]).includes(play);
}

const DEPTHS = ["in", "normal", "back", "shallow", "deep"] as const;
export function word(depth: string): string {
  return (DEPTHS as readonly string[]).includes(depth) ? bw(depth as (typeof DEPTHS)[number]) : depth;
}

/** A decision as stored (`myDecision`, `revealed`): `{ side, … }` → the same words as its action. */
export function decisionLabel(d: { side?: string; play?: string; from?: 1 | 2 | null; infield?: string; outfield?: string; hold?: boolean; ibb?: boolean }, name: (id: string) => string): string {
  if (d.side === "offense") return actionLabel({ type: "offense", play: d.play ?? "swing", ...(d.from ? { from: d.from } : {}) }, name);
  return actionLabel({ type: "defense", infield: d.infield, outfield: d.outfield, hold: d.hold, ibb: d.ibb }, name);
}
