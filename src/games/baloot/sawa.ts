/**
 * Sawa (§12.1): the player to lead claims every remaining trick for his team. A claim is valid when
 * his side can take every remaining trick whatever the opponents play (legal cards only): decided
 * exactly by sawaSolver.ts, for both the listing in legalActions and the check in apply.
 */
import { illegal } from "./actions.js";
import { finishPlay } from "./hand.js";
import { maskPoints } from "./tables.js";
import { setSolverShortcuts, solveSawa, type PlayRules } from "./sawaSolver.js";
import type { BalootEvent } from "./events.js";
import type { BalootState } from "./state.js";

/**
 * The deal the solver's table was last filled for: its entries (keyed on cards played + leader)
 * stay true while the starting hands, trump, lock and play flags are the same.
 */
const deal = { full: [-1, -1, -1, -1], trump: -2, closed: false, play: null as PlayRules | null };

/** The last answer, so repeated asks in one position (legalActions, view, then apply) cost nothing. */
const last = { hands: [-1, -1, -1, -1], played: -1, seat: -1, valid: false };

function dealMatches(full: readonly number[], trump: number, closed: boolean, play: PlayRules): boolean {
  const d = deal;
  const p = d.play;
  return (
    d.full[0] === full[0] &&
    d.full[1] === full[1] &&
    d.full[2] === full[2] &&
    d.full[3] === full[3] &&
    d.trump === trump &&
    d.closed === closed &&
    p !== null &&
    (p === play || (p.partnerExemption === play.partnerExemption && p.undertrump === play.undertrump && p.trumpLedBeatPartner === play.trumpLedBeatPartner))
  );
}

/** Whether a claim is possible at all now: play phase, the seat to lead an empty trick, no foul pending. */
function claimable(state: BalootState, seat: number): boolean {
  const h = state.hand;
  return state.phase === "PLAYING" && seat === state.turn && h.trick.length === 0 && h.foulTeam < 0;
}

function solve(state: BalootState, seat: number, budget: number): boolean | null {
  const h = state.hand;
  const hands = h.hands;
  // The table is keyed on the played set, so it is shared only while the hands are the starting
  // hands minus the cards played (always, in play; a test may set up hands directly).
  const played = h.played >>> 0;
  let consistent = true;
  for (let s = 0; s < 4; s++) if (hands[s] !== (h.full[s]! & ~played) >>> 0) consistent = false;
  const trump = h.contract!.trump;
  const play = state.profile.play;
  const same = consistent && dealMatches(h.full, trump, h.closed, play);
  if (!same) {
    for (let s = 0; s < 4; s++) deal.full[s] = h.full[s]!;
    deal.trump = consistent ? trump : -2;
    deal.closed = h.closed;
    deal.play = play;
  }
  return solveSawa({ hands, leader: seat, played, trump, closed: h.closed, play }, same, budget);
}

/**
 * Would a Sawa by `seat` be valid now? Exact (the complete search: see sawaSolver.ts), and the
 * answer for the last position asked is remembered.
 */
export function sawaValid(state: BalootState, seat: number): boolean {
  if (!claimable(state, seat)) return false;
  const hands = state.hand.hands;
  const played = state.hand.played >>> 0;
  const l = last;
  // Within one state the hands and the played set fix the answer; the deal check covers the rest.
  if (
    l.seat === seat &&
    l.played === played &&
    l.hands[0] === hands[0] &&
    l.hands[1] === hands[1] &&
    l.hands[2] === hands[2] &&
    l.hands[3] === hands[3] &&
    dealMatches(state.hand.full, state.hand.contract!.trump, state.hand.closed, state.profile.play)
  ) {
    return l.valid;
  }
  const valid = solve(state, seat, Infinity) === true;
  l.seat = seat;
  l.played = played;
  for (let s = 0; s < 4; s++) l.hands[s] = hands[s]!;
  l.valid = valid;
  return valid;
}

/**
 * The same question with a node budget: null when the search needs more than `budget` nodes (the
 * bots use it to bound their thinking; legalActions and apply use the exact sawaValid).
 */
export function sawaCheck(state: BalootState, seat: number, budget: number): boolean | null {
  if (!claimable(state, seat)) return false;
  return solve(state, seat, budget);
}

/** Tests switch the solver's shortcuts off (plain AND/OR search) to check they never change an answer. */
export function setSawaShortcuts(on: boolean): void {
  setSolverShortcuts(on);
  // Answers remembered with the other setting are not reused.
  last.seat = -1;
  deal.trump = -2;
}

export function applySawa(state: BalootState, seat: number, events: BalootEvent[] | null): void {
  const h = state.hand;
  if (h.trick.length !== 0) illegal("SAWA_NOT_ON_LEAD", "Sawa is claimed when you are to lead");
  const valid = sawaValid(state, seat);
  if (!valid && state.profile.play.illegalCard === "REJECT") illegal("INVALID_SAWA", "your side cannot be sure of every remaining trick");
  if (events) events.push({ type: "sawa", seat, valid });
  if (!valid) {
    // QAID profiles: a wrong claim is a foul by the claimer's side (TAZ).
    h.foulTeam = seat & 1;
    h.foulReason = "FALSE_SAWA";
    finishPlay(state, events);
    return;
  }
  const team = seat & 1;
  const rest = (h.hands[0]! | h.hands[1]! | h.hands[2]! | h.hands[3]!) >>> 0;
  h.points[team]! += maskPoints(rest, h.contract!.trump);
  h.tricksWon[team]! += 8 - h.trickNo;
  h.lastTrickTeam = team;
  h.played = (h.played | rest) >>> 0;
  h.hands = [0, 0, 0, 0];
  h.sawaTeam = team;
  h.trickNo = 8;
  finishPlay(state, events);
}
