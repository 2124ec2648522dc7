/** The complete list of legal actions of a seat (for clients, bots, timeouts and tests). */
import type { Seat } from "../core/GameDefinition.js";
import { decisionAction, type BaseballAction } from "./actions.js";
import { legalDecisions } from "./decisions.js";
import { activeSeats } from "./engine.js";
import { battingTeam, type BaseballState } from "./state.js";
import { legalSubs } from "./substitutions.js";

export function legalActions(s: BaseballState, seat: Seat): BaseballAction[] {
  if (!activeSeats(s).includes(seat)) return [];
  switch (s.phase) {
    case "LINEUPS":
      return [{ type: "lineup" }];
    case "DICE":
      return [{ type: "rollForMe" }];
    case "OVER":
      return [];
    case "DECIDE": {
      const side = seat === battingTeam(s) ? "offense" : "defense";
      const out: BaseballAction[] = legalDecisions(s, side).map(decisionAction);
      for (const x of legalSubs(s, seat)) {
        if (x.sub) out.push(x.sub.out === null ? { type: "sub", kind: x.sub.kind, in: x.sub.in } : { type: "sub", kind: x.sub.kind, in: x.sub.in, out: x.sub.out });
        else if (x.swap) out.push({ type: "switch", a: x.swap[0], b: x.swap[1] });
      }
      return out;
    }
  }
}
