/**
 * Exact Sawa solver over card masks (§12.1). A claim by the seat to lead is valid when his team can
 * take every remaining trick whatever the opponents do: an AND/OR game where the claimer and his
 * partner choose their cards (OR), the opponents may answer with any legal card (AND), legality is
 * `legalMaskFor` (the same function apply validates cards with), and the claiming side calls Akka
 * whenever it may (an Akka only widens the partner's choices, §8.4).
 *
 * Sun claims go to the specialised search in sawaSun.ts (same game, suit bytes instead of
 * legalMaskFor calls, plus Sun-only shortcuts and a canonical cache shared by all deals); this file
 * solves Hokum, and Sun too when the shortcuts are switched off for tests.
 *
 * What makes it fast, every step exact (test/games/baloot/sawaSolver.test.ts compares it with a
 * plain exhaustive search on thousands of positions):
 *  - transposition table at trick boundaries on (cards played, leader): each card belongs to one
 *    seat, so within one deal the played set fixes the four hands. It is kept between calls for
 *    the same deal (a later lead often lands on a position already solved);
 *  - quick answers at every trick boundary (sawaQuick.ts): in Hokum an opponent holding the highest trump left
 *    always takes a trick (every card gets played, and nothing beats it) → invalid, and so does
 *    one whose trumps outnumber the claimers' above them (trumpsOutnumbered, sawaTables.ts); the leader
 *    holding only the tops of their suits, or every card of the claiming side beating every
 *    opponent card of its suit, with no trump among the opponents → valid;
 *  - a Hokum position where no hand holds a trump any more is a Sun game: the Sun search answers
 *    it (`sunRest`), with its quick answers and its cache;
 *  - a one-trick refutation before any deep search: a lead after which the opponents can force
 *    the current trick is dropped (the trick is solved in a handful of mask operations, see
 *    `oppForcesTrick`);
 *  - fewer branches: cards adjacent in strength once dead cards are skipped are interchangeable
 *    (one per run is tried, both sides); an opponent's card that does not take the lead, in a
 *    non-trump suit, is only tried as the lowest of that suit he may play (keeping a higher card of
 *    a plain suit instead of a lower one never hurts the opponents: it follows and discards exactly
 *    like the lower one, and beats everything the lower one beats);
 *  - a partner card after which the last opponent could take the trick (or the first opponent keeps
 *    it) is never tried.
 */
import { RA } from "./cards.js";
import { akkaValid } from "./akka.js";
import { legalMaskFor } from "./legal.js";
import { ABOVE_PLAIN, ABOVE_TRUMP } from "./tables.js";
import { LOW_PLAIN, RUNS_PLAIN, RUNS_TRUMP, TOP_PLAIN, TOP_TRUMP } from "./sawaTables.js";
import { quickAnswer } from "./sawaQuick.js";

import { SUN_BUDGET, sun, sunBoundary, sunNewDeal } from "./sawaSun.js";
import type { RuleProfile } from "./profile.js";

export type PlayRules = RuleProfile["play"];

/** A position at a trick boundary: the claimer is `leader`, to lead an empty trick. */
export interface SawaPosition {
  /** The four hands (card masks); all of the same size. */
  hands: readonly number[];
  leader: number;
  /** Every card played so far this hand (for Akka). */
  played: number;
  /** Trump suit, -1 for Sun. */
  trump: number;
  closed: boolean;
  play: PlayRules;
}

/** Thrown inside the search when the node budget runs out; caught by solveSawa. */
const BUDGET_EXCEEDED = { budgetExceeded: true };

// The position being solved. Module-level so the recursion passes only what changes.
const hands = [0, 0, 0, 0];
let trump = -1;
let trumpMask = 0;
let closed = false;
let play: PlayRules;
let nodes = 0;
let nodeLimit = Infinity;
let shortcuts = true;
/** The last solve went to the Sun search (sawaSun.ts). */
let sunSearch = false;

// Transposition table: (played, leader) → valid, for boundaries of the current deal (generation).
const TT_BITS = 14;
const TT_SIZE = 1 << TT_BITS;
const ttPlayed = new Int32Array(TT_SIZE);
/** (generation << 3) | (leader << 1) | value; generation 0 = empty. */
const ttInfo = new Uint32Array(TT_SIZE);
let generation = 0;

/**
 * Solves a claim exactly. `sameDeal` says the previous call was for the same deal (same starting
 * hands, trump, lock and play flags), so its table entries still hold. With a finite `budget` (search
 * nodes) the answer is null when it runs out.
 */
export function solveSawa(pos: SawaPosition, sameDeal: boolean, budget = Infinity): boolean | null {
  for (let s = 0; s < 4; s++) hands[s] = pos.hands[s]! >>> 0;
  trump = pos.trump;
  trumpMask = trump < 0 ? 0 : (0xff << (trump << 3)) >>> 0;
  closed = pos.closed;
  play = pos.play;
  nodes = 0;
  nodeLimit = budget;
  if (!sameDeal || !shortcuts) {
    newGeneration();
    sunNewDeal();
  }
  sunSearch = trump < 0 && shortcuts;
  if (sunSearch) {
    for (let s = 0; s < 4; s++) sun.hands[s] = hands[s]!;
    sun.nodes = 0;
    sun.limit = budget;
    try {
      return sunBoundary(pos.leader);
    } catch (e) {
      if (e === SUN_BUDGET) return null;
      throw e;
    }
  }
  try {
    return boundary(pos.leader, pos.played >>> 0);
  } catch (e) {
    if (e === BUDGET_EXCEEDED || e === SUN_BUDGET) return null;
    throw e;
  }
}

/** Search nodes spent by the last solveSawa call (for tests and the benchmark). */
export function lastSawaNodes(): number {
  return sunSearch ? sun.nodes : nodes;
}

/** Tests switch every shortcut off (plain AND/OR search with the boundary table) to compare answers. */
export function setSolverShortcuts(on: boolean): void {
  shortcuts = on;
}

function newGeneration(): void {
  if (++generation >= 1 << 28) {
    ttInfo.fill(0);
    generation = 1;
  }
}

function boundary(leader: number, played: number): boolean {
  const all = (hands[0]! | hands[1]! | hands[2]! | hands[3]!) >>> 0;
  if (all === 0) return true;
  const slot = Math.imul((played ^ Math.imul(leader + 1, 0x5bd1e995)) | 0, 0x9e3779b1) >>> (32 - TT_BITS);
  const info = ttInfo[slot]!;
  if (info >>> 3 === generation && ((info >>> 1) & 3) === leader && ttPlayed[slot] === (played | 0)) return (info & 1) === 1;
  const value = boundaryValue(leader, played, all);
  ttPlayed[slot] = played | 0;
  ttInfo[slot] = ((generation << 3) | (leader << 1) | (value ? 1 : 0)) >>> 0;
  return value;
}

function boundaryValue(leader: number, played: number, all: number): boolean {
  if (++nodes > nodeLimit) throw BUDGET_EXCEEDED;
  const mine = hands[leader]!;
  if (shortcuts) {
    // No trump left in any hand: the rest is a Sun game (see sunRest).
    if ((all & trumpMask) === 0) return sunRest(leader);
    const quick = quickAnswer(hands, trump, trumpMask, leader, mine, all);
    if (quick !== 0) return quick > 0;
  }
  const leads = reduceRuns(legalMaskFor(mine, 0, -1, -1, false, false, trump, closed, play), all);
  // One-trick refutation first: cheap, and it settles most leads.
  let candidates = leads;
  if (shortcuts) {
    let t = leads;
    while (t !== 0) {
      const c = 31 - Math.clz32(t & -t);
      t &= t - 1;
      if (oppForcesTrick(leader, c, akkaValid(c, trump, played, true))) candidates &= ~(1 << c);
    }
  }
  while (candidates !== 0) {
    const c = 31 - Math.clz32(candidates & -candidates);
    candidates &= candidates - 1;
    const bit = 1 << c;
    hands[leader] = (mine & ~bit) >>> 0;
    const ok = firstOpponent(leader, c, akkaValid(c, trump, played, true), (played | bit) >>> 0);
    hands[leader] = mine;
    if (ok) return true;
  }
  return false;
}

/**
 * A Hokum position where no hand holds a trump is played exactly as in Sun: legalMaskFor then only
 * asks to follow suit (its trump rules, the partner exemption and Akka need a trump in the hand),
 * and the highest card of the led suit takes the trick, in the plain order Sun uses for every suit.
 * So the Sun search (sawaSun.ts) answers it, with its quick answers and its canonical cache of Sun
 * positions (valid for these too); its nodes count in this search's budget.
 */
function sunRest(leader: number): boolean {
  const h = sun.hands;
  for (let s = 0; s < 4; s++) h[s] = hands[s]! | 0;
  sun.nodes = nodes;
  sun.limit = nodeLimit;
  const value = sunBoundary(leader);
  nodes = sun.nodes;
  return value;
}

/** Cards that beat `w` (same suit and stronger, or a trump over a plain card). */
function beatMask(w: number): number {
  return w >>> 3 === trump ? (ABOVE_TRUMP[w] as number) : ((ABOVE_PLAIN[w] as number) | trumpMask) >>> 0;
}

/** The strongest of cards that all beat one card (so: trumps, or else one plain suit). */
function strongest(mask: number): number {
  if (trump >= 0) {
    const t = (mask >>> (trump << 3)) & 0xff;
    if (t !== 0) return (trump << 3) | TOP_TRUMP[t]!;
  }
  const s = (31 - Math.clz32(mask & -mask)) >>> 3;
  return (s << 3) | TOP_PLAIN[(mask >>> (s << 3)) & 0xff]!;
}

/** One card per run of interchangeable cards (sawaTables.ts). */
function reduceRuns(mask: number, live: number): number {
  if (!shortcuts) return mask;
  let out = 0;
  for (let s = 0; s < 4; s++) {
    const shift = s << 3;
    const b = (mask >>> shift) & 0xff;
    if (b === 0) continue;
    const l = (live >>> shift) & 0xff;
    out |= (s === trump ? RUNS_TRUMP[(l << 8) | b]! : RUNS_PLAIN[(l << 8) | b]!) << shift;
  }
  return out >>> 0;
}

/** An opponent's options: runs of the cards that take the lead, and per plain suit only the lowest other card. */
function reduceOpponent(mask: number, live: number, beaters: number): number {
  if (!shortcuts) return mask;
  let out = reduceRuns((mask & beaters) >>> 0, live);
  const rest = (mask & ~beaters) >>> 0;
  for (let s = 0; s < 4; s++) {
    const shift = s << 3;
    const b = (rest >>> shift) & 0xff;
    if (b === 0) continue;
    if (s === trump) out |= RUNS_TRUMP[(((live >>> shift) & 0xff) << 8) | b]! << shift;
    else out |= 1 << (shift + LOW_PLAIN[b]!);
  }
  return out >>> 0;
}

/**
 * Can the opponents make sure to take this trick after `lead` (the future ignored)? Exact for the
 * single trick: the first opponent either plays his strongest card that takes the lead (any other
 * winning card leaves the partner at least as many ways to beat it) or any other card (they all
 * leave the trick unchanged); the partner plays his strongest card that takes the lead if he has
 * one (the last opponent then has no more ways to beat it than after any other card).
 */
function oppForcesTrick(leader: number, lead: number, akka: boolean): boolean {
  const o1 = (leader + 1) & 3;
  const legal1 = legalMaskFor(hands[o1]!, 1, lead, lead, false, false, trump, closed, play);
  const beat1 = (legal1 & beatMask(lead)) >>> 0;
  if (beat1 !== 0 && opponentsKeepTrick(leader, lead, akka, o1, strongest(beat1))) return true;
  return (legal1 & ~beat1) !== 0 && opponentsKeepTrick(leader, lead, akka, leader, lead);
}

function opponentsKeepTrick(leader: number, lead: number, akka: boolean, winSeat: number, winCard: number): boolean {
  const partner = (leader + 2) & 3;
  const partnerWinning = winSeat === leader;
  const topDeclared = partnerWinning && ((lead & 7) === RA || akka);
  const legalP = legalMaskFor(hands[partner]!, 2, lead, winCard, partnerWinning, topDeclared, trump, closed, play);
  const beatP = (legalP & beatMask(winCard)) >>> 0;
  let wc = winCard;
  if (beatP !== 0) wc = strongest(beatP);
  else if (!partnerWinning) return true;
  const legal2 = legalMaskFor(hands[(leader + 3) & 3]!, 3, lead, wc, false, false, trump, closed, play);
  return (legal2 & beatMask(wc)) !== 0;
}

/** Second seat of the trick (an opponent): every option must fail him. */
function firstOpponent(leader: number, lead: number, akka: boolean, played: number): boolean {
  const seat = (leader + 1) & 3;
  const hand = hands[seat]!;
  const legal = legalMaskFor(hand, 1, lead, lead, false, false, trump, closed, play);
  const beaters = beatMask(lead);
  const live = (hands[0]! | hands[1]! | hands[2]! | hands[3]! | (1 << lead)) >>> 0;
  const options = reduceOpponent(legal, live, beaters);
  // Cards that take the lead first: they refute a false claim soonest.
  let m = (options & beaters) >>> 0;
  let rest = (options & ~beaters) >>> 0;
  for (;;) {
    if (m === 0) {
      if (rest === 0) return true;
      m = rest;
      rest = 0;
    }
    const c = 31 - Math.clz32(m & -m);
    m &= m - 1;
    const bit = 1 << c;
    const wins = ((beaters >>> c) & 1) === 1;
    hands[seat] = (hand & ~bit) >>> 0;
    const ok = partnerCard(leader, lead, akka, wins ? seat : leader, wins ? c : lead, (played | bit) >>> 0, (bit | (1 << lead)) >>> 0);
    hands[seat] = hand;
    if (!ok) return false;
  }
}

/** Third seat (the claimer's partner): one card that keeps the trick safe and wins the rest is enough. */
function partnerCard(leader: number, lead: number, akka: boolean, winSeat: number, winCard: number, played: number, trick: number): boolean {
  if (++nodes > nodeLimit) throw BUDGET_EXCEEDED;
  const seat = (leader + 2) & 3;
  const last = (leader + 3) & 3;
  const hand = hands[seat]!;
  const partnerWinning = winSeat === leader;
  const topDeclared = partnerWinning && ((lead & 7) === RA || akka);
  const legal = legalMaskFor(hand, 2, lead, winCard, partnerWinning, topDeclared, trump, closed, play);
  const live = (hands[0]! | hands[1]! | hands[2]! | hands[3]! | trick) >>> 0;
  let m = reduceRuns(legal, live);
  const beaters = beatMask(winCard);
  while (m !== 0) {
    const c = 31 - Math.clz32(m & -m);
    m &= m - 1;
    let ws = winSeat;
    let wc = winCard;
    if (((beaters >>> c) & 1) === 1) {
      ws = seat;
      wc = c;
    }
    // The first opponent keeps the trick, or the last one can take it: this card loses.
    if ((ws & 1) !== (leader & 1)) continue;
    const legalLast = legalMaskFor(hands[last]!, 3, lead, wc, false, false, trump, closed, play);
    if ((legalLast & beatMask(wc)) !== 0) continue;
    const bit = 1 << c;
    hands[seat] = (hand & ~bit) >>> 0;
    const ok = lastOpponent(last, ws, legalLast, (played | bit) >>> 0, (trick | bit) >>> 0);
    hands[seat] = hand;
    if (ok) return true;
  }
  return false;
}

/** Fourth seat (an opponent who cannot take the trick): whatever he keeps, the rest must be won. */
function lastOpponent(seat: number, winner: number, legal: number, played: number, trick: number): boolean {
  const hand = hands[seat]!;
  const live = (hands[0]! | hands[1]! | hands[2]! | hands[3]! | trick) >>> 0;
  let m = reduceOpponent(legal, live, 0);
  while (m !== 0) {
    const c = 31 - Math.clz32(m & -m);
    const bit = 1 << c;
    m &= ~bit;
    hands[seat] = (hand & ~bit) >>> 0;
    const ok = boundary(winner, (played | bit) >>> 0);
    hands[seat] = hand;
    if (!ok) return false;
  }
  return true;
}
