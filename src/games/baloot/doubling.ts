/**
 * The doubling window (§7): after the completion deal, before the first lead. Hokum chain
 * Double → Three → Four → Gahwa between buyer and doubler (or their teams), open/closed per the
 * profile's `closed` choices; Sun has only Double and only when the match score allows it (§7.3).
 */
import { illegal, type Move } from "./actions.js";
import { startPlay } from "./play.js";
import type { BalootEvent } from "./events.js";
import type { ClosedChoice } from "./profile.js";
import type { BalootState, RaiseStep } from "./state.js";

const STEP_LEVEL: Readonly<Record<RaiseStep, number>> = { DOUBLE: 2, TRIPLE: 3, FOUR: 4, GAHWA: 5 };

/** §7.3: may the non-buyer team double a Sun, given the match score before the hand? */
export function sunDoubleAllowed(state: BalootState): boolean {
  const buyerTeam = state.hand.contract!.buyer & 1;
  const b = state.scores[buyerTeam]!;
  const d = state.scores[buyerTeam ^ 1]!;
  return state.profile.doubling.sunEligibility === "DOUBLER_LE_100_AND_BUYER_GT_100" ? d <= 100 && b > 100 : b >= 100 && d < 100;
}

function askQueue(state: BalootState, step: RaiseStep): number[] {
  const h = state.hand;
  const buyer = h.contract!.buyer;
  const teams = state.profile.doubling.raisers === "TEAMS";
  switch (step) {
    case "DOUBLE":
      // Buyer's right first, then buyer's left.
      return [(buyer + 1) & 3, (buyer + 3) & 3];
    case "TRIPLE":
    case "GAHWA":
      return teams ? [buyer, (buyer + 2) & 3] : [buyer];
    case "FOUR":
      return teams ? [h.doubler, (h.doubler + 2) & 3] : [h.doubler];
  }
}

function nextStep(state: BalootState, step: RaiseStep): RaiseStep | "DONE" {
  if (state.hand.contract!.kind === "SUN") return "DONE";
  return step === "DOUBLE" ? "TRIPLE" : step === "TRIPLE" ? "FOUR" : step === "FOUR" ? "GAHWA" : "DONE";
}

/** Who picks open/closed for a raise at `step` by `raiser` (-1 = fixed by the profile or Sun). */
function closedChooser(state: BalootState, step: RaiseStep, raiser: number): { chooser: number; fixed: boolean } {
  const h = state.hand;
  if (h.contract!.kind === "SUN") return { chooser: -1, fixed: false };
  const policy: ClosedChoice = state.profile.doubling.closed[step];
  switch (policy) {
    case "OPEN":
      return { chooser: -1, fixed: false };
    case "CLOSED":
      return { chooser: -1, fixed: true };
    case "DOUBLER_CHOICE":
      return { chooser: step === "DOUBLE" ? raiser : h.doubler, fixed: false };
    case "RAISER_CHOICE":
      return { chooser: raiser, fixed: false };
    case "BUYER_CHOICE":
      return { chooser: h.contract!.buyer, fixed: false };
  }
}

function goTo(state: BalootState, step: RaiseStep | "DONE", events: BalootEvent[] | null): void {
  const d = state.hand.dbl;
  if (step === "DONE") {
    d.step = "DONE";
    d.queue = [];
    startPlay(state, events);
    return;
  }
  d.step = step;
  d.queue = askQueue(state, step);
  state.turn = d.queue[0]!;
}

/** Called once the contract is final and everyone holds 8 cards. */
export function openDoubling(state: BalootState, events: BalootEvent[] | null): void {
  state.phase = "DOUBLING";
  if (state.hand.contract!.kind === "SUN" && !sunDoubleAllowed(state)) {
    goTo(state, "DONE", events);
    return;
  }
  goTo(state, "DOUBLE", events);
}

// The doubling window's moves, shared and frozen like the auction's (nothing keeps or changes a
// listed move; the public list maps each to one shared frozen action): by level 0..5 for raises.
const SET_OPEN: Move = Object.freeze({ k: "setClosed", closed: false });
const SET_CLOSED: Move = Object.freeze({ k: "setClosed", closed: true });
const SKIP: Move = Object.freeze({ k: "skip" });
const RAISE_OPEN: readonly Move[] = [0, 1, 2, 3, 4, 5].map((level) => Object.freeze({ k: "raise" as const, level, closed: false }));
const RAISE_CLOSED: readonly Move[] = [0, 1, 2, 3, 4, 5].map((level) => Object.freeze({ k: "raise" as const, level, closed: true }));
const RAISE_FIXED: readonly Move[] = [0, 1, 2, 3, 4, 5].map((level) => Object.freeze({ k: "raise" as const, level, closed: null }));

export function raiseMoves(state: BalootState, seat: number): Move[] {
  const d = state.hand.dbl;
  if (state.phase !== "DOUBLING" || seat !== state.turn) return [];
  if (d.step === "CLOSED") return [SET_OPEN, SET_CLOSED];
  if (d.step === "DONE") return [];
  const level = STEP_LEVEL[d.step];
  const { chooser } = closedChooser(state, d.step, seat);
  if (chooser === seat) return [RAISE_OPEN[level]!, RAISE_CLOSED[level]!, SKIP];
  return [RAISE_FIXED[level]!, SKIP];
}

type RaiseMove = Extract<Move, { k: "raise" | "skip" | "setClosed" }>;

export function applyRaise(state: BalootState, seat: number, move: RaiseMove, events: BalootEvent[] | null): void {
  const h = state.hand;
  const d = h.dbl;
  if (move.k === "setClosed") {
    if (d.step !== "CLOSED") illegal("ILLEGAL_RAISE", "no open/closed choice is pending");
    h.closed = move.closed;
    if (events) events.push({ type: "closedChosen", seat, closed: move.closed });
    goTo(state, d.after, events);
    return;
  }
  if (d.step === "CLOSED" || d.step === "DONE") illegal("ILLEGAL_RAISE", "choose open or closed");
  const step = d.step;
  if (move.k === "skip") {
    d.queue.shift();
    if (events) events.push({ type: "raiseDeclined", seat, step });
    if (d.queue.length > 0) state.turn = d.queue[0]!;
    else goTo(state, "DONE", events);
    return;
  }
  if (move.level !== STEP_LEVEL[step]) illegal("ILLEGAL_RAISE", `the call now is ${step}`);
  const { chooser, fixed } = closedChooser(state, step, seat);
  if (move.closed !== null && chooser !== seat) illegal("CLOSED_NOT_YOURS", "this raise does not let you choose open/closed");
  // Validation done: mutate.
  if (step === "DOUBLE") h.doubler = seat;
  if (step === "GAHWA") h.gahwa = true;
  else h.level = STEP_LEVEL[step];
  h.lastRaiser = seat;
  if (chooser === seat) h.closed = move.closed === true;
  else if (chooser < 0) h.closed = fixed;
  h.raises.push({ seat, level: STEP_LEVEL[step], closed: h.closed });
  if (events) events.push({ type: "raise", seat, call: step, level: STEP_LEVEL[step], closed: h.closed });
  const after = nextStep(state, step);
  if (chooser >= 0 && chooser !== seat) {
    d.step = "CLOSED";
    d.after = after;
    d.queue = [chooser];
    state.turn = chooser;
    return;
  }
  goTo(state, after, events);
}

