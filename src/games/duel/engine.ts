/**
 * The single validating dispatcher: whose turn, which phase, then the move itself. Every refusal
 * is an IllegalAction thrown before anything changes; each accepted action advances `actionNo`,
 * which labels the random stream of the next action.
 */
import { IllegalAction } from "../core/IllegalAction.js";
import { activeSeats, parseAction, type DuelAction } from "./actions.js";
import { applyAttack } from "./attack.js";
import { catalogueFor } from "./catalogue.js";
import type { DuelEvent } from "./events.js";
import { applyAttach, applyEvolve, applyPass, applyRetreat } from "./play.js";
import { applyBench, applyReady, applySetActive } from "./setup.js";
import type { DuelState, Phase } from "./state.js";
import { applyPick, applyTrainer, endSearch } from "./trainer.js";
import { applyPromote, finish } from "./turn.js";
import { actionRandom } from "./zones.js";

const PHASE_OF: Record<DuelAction["type"], readonly Phase[]> = {
  setActive: ["SETUP"],
  bench: ["SETUP", "MAIN"],
  ready: ["SETUP"],
  evolve: ["MAIN"],
  attach: ["MAIN"],
  trainer: ["MAIN"],
  retreat: ["MAIN"],
  attack: ["MAIN"],
  pass: ["MAIN"],
  pick: ["SEARCH"],
  endSearch: ["SEARCH"],
  promote: ["PROMOTE"],
};

function checkSeat(seat: number): void {
  if (seat !== 0 && seat !== 1) throw new IllegalAction("BAD_SEAT", "seat must be 0 or 1");
}

export function applyAction(state: DuelState, seat: number, input: unknown, events: DuelEvent[]): void {
  checkSeat(seat);
  const action = parseAction(input);
  if (state.phase === "OVER") throw new IllegalAction("GAME_OVER", "the game is over");
  if (!activeSeats(state).includes(seat)) throw new IllegalAction("NOT_YOUR_TURN", "it is not your turn to act");
  if (!PHASE_OF[action.type].includes(state.phase)) {
    throw new IllegalAction("WRONG_PHASE", `${action.type} is not allowed now (phase ${state.phase})`);
  }
  const rand = actionRandom(state);
  switch (action.type) {
    case "setActive":
      applySetActive(state, seat, action.card, events);
      break;
    case "bench":
      applyBench(state, seat, action.card, events);
      break;
    case "ready":
      applyReady(state, seat, events);
      break;
    case "evolve":
      applyEvolve(state, seat, action.card, action.slot, events);
      break;
    case "attach":
      applyAttach(state, seat, action.card, action.slot, events);
      break;
    case "trainer":
      applyTrainer(state, seat, action.card, action.slot, rand, events);
      break;
    case "retreat":
      applyRetreat(state, seat, action.slot, events);
      break;
    case "attack":
      applyAttack(state, seat, action.attack, rand, events);
      break;
    case "pass":
      applyPass(state, rand, events);
      break;
    case "pick":
      applyPick(state, action.card, rand, events);
      break;
    case "endSearch":
      endSearch(state, rand, events);
      break;
    case "promote":
      applyPromote(state, seat, action.slot, events);
      break;
  }
  state.actionNo++;
}

/** Ends the match with `team` (= seat) losing; refused when the game is already over. */
export function forfeitMatch(state: DuelState, team: number, reason: string): DuelEvent[] {
  if (team !== 0 && team !== 1) throw new IllegalAction("BAD_TEAM", "team must be 0 or 1");
  if (state.phase === "OVER") throw new IllegalAction("GAME_OVER", "the game is over");
  const events: DuelEvent[] = [];
  finish(state, 1 - team, `forfeit: ${reason}`, events);
  state.actionNo++;
  return events;
}

/** The action for a seat whose clock ran out: pass the turn (other phases: the least committal choice). */
export function timeoutAction(state: DuelState, seat: number): DuelAction {
  const p = state.players[seat]!;
  switch (state.phase) {
    case "SETUP": {
      if (p.active) return { type: "ready" };
      // The first basic in the hand becomes the active creature (the hand always holds one).
      return { type: "setActive", card: p.hand.find((id) => basicCheck(state, id))! };
    }
    case "SEARCH":
      return { type: "endSearch" };
    case "PROMOTE":
      return { type: "promote", slot: 1 };
    default:
      return { type: "pass" };
  }
}

function basicCheck(state: DuelState, id: string): boolean {
  const c = catalogueFor(state.set).byId.get(id);
  return c?.kind === "creature" && c.stage === 0;
}
