/**
 * Sawa (§12.1): the player to lead claims every remaining trick for his team. The server checks the
 * claim with an exhaustive AND/OR search over the real hands: the claimer's side picks its cards
 * (OR), the opponents may answer with any legal card (AND); every trick must go to the claimer's
 * team. Positions at trick boundaries are memoised on (cards played, leader) — each card belongs to
 * one seat, so the played set fixes all four hands.
 */
import { illegal } from "./actions.js";
import { akkaValid } from "./akka.js";
import { finishPlay } from "./hand.js";
import { legalMaskFor } from "./legal.js";
import { SUIT_MASKS } from "./cards.js";
import { ABOVE_PLAIN, ABOVE_TRUMP, PLAIN_STRENGTH, TRUMP_STRENGTH, beats, maskPoints } from "./tables.js";
import type { RuleProfile } from "./profile.js";
import type { BalootEvent } from "./events.js";
import type { BalootState } from "./state.js";

interface Search {
  hands: number[];
  trump: number;
  closed: boolean;
  play: RuleProfile["play"];
  team: number;
  memo: Map<number, boolean>;
  /** Nodes left before giving up (only for the listing in legalActions; apply searches fully). */
  budget: number;
}

class BudgetExceeded extends Error {}

function trickFrom(s: Search, leader: number, played: number): boolean {
  if ((s.hands[0]! | s.hands[1]! | s.hands[2]! | s.hands[3]!) === 0) return true;
  const key = played + leader * 4294967296;
  const known = s.memo.get(key);
  if (known !== undefined) return known;
  // The sound shortcuts hold at every trick boundary, not only at the root.
  const quick = useShortcuts ? quickAnswer(s.hands, leader, s.trump) : null;
  const ok = quick ?? playPos(s, leader, 0, leader, -1, -1, -1, false, played, 0);
  s.memo.set(key, ok);
  return ok;
}

function playPos(
  s: Search,
  leader: number,
  pos: number,
  seat: number,
  lead: number,
  winSeat: number,
  winCard: number,
  akka: boolean,
  played: number,
  /** Cards already in this trick. */
  inTrick: number,
): boolean {
  if (pos === 4) {
    if ((winSeat & 1) !== s.team) return false;
    return trickFrom(s, winSeat, played);
  }
  if (--s.budget < 0) throw new BudgetExceeded();
  const hand = s.hands[seat]!;
  const partnerWinning = pos > 0 && winSeat === ((seat + 2) & 3);
  const topDeclared = pos > 0 && winSeat === leader && ((lead & 7) === 7 || akka);
  const live = (s.hands[0]! | s.hands[1]! | s.hands[2]! | s.hands[3]! | inTrick) >>> 0;
  const raw = legalMaskFor(hand, pos, lead, winCard, partnerWinning, topDeclared, s.trump, s.closed, s.play);
  const legal = useShortcuts ? dropEquivalent(raw, live, s.trump) : raw;
  const ours = (seat & 1) === s.team;
  // Cards that take the lead are tried first: they refute a false claim (or make a true one) soonest.
  let winners = 0;
  if (pos > 0) {
    let t = legal;
    while (t !== 0) {
      const c = 31 - Math.clz32((t & -t) >>> 0);
      t = (t & (t - 1)) >>> 0;
      if (beats(c, winCard, s.trump)) winners |= 1 << c;
    }
    winners >>>= 0;
    // Last to play for the defence and able to win the trick: the claim fails here.
    if (!ours && pos === 3 && winners !== 0 && (winSeat & 1) === s.team) return false;
  }
  let m = winners;
  let rest = (legal & ~winners) >>> 0;
  for (;;) {
    if (m === 0) {
      if (rest === 0) break;
      m = rest;
      rest = 0;
    }
    const c = 31 - Math.clz32((m & -m) >>> 0);
    m = (m & (m - 1)) >>> 0;
    s.hands[seat] = (hand & ~(1 << c)) >>> 0;
    let ws = winSeat;
    let wc = winCard;
    if (pos === 0 || beats(c, winCard, s.trump)) {
      ws = seat;
      wc = c;
    }
    // The claiming side always calls Akka when it may: it only widens its partner's choices.
    const ak = pos === 0 ? ours && akkaValid(c, s.trump, played, true) : akka;
    const ok = playPos(s, leader, pos + 1, (seat + 1) & 3, pos === 0 ? c : lead, ws, wc, ak, (played | (1 << c)) >>> 0, (inTrick | (1 << c)) >>> 0);
    s.hands[seat] = hand;
    if (ours && ok) return true;
    if (!ours && !ok) return false;
  }
  return !ours;
}

/**
 * Keeps one card of each run of equivalent cards: two legal cards of one hand and suit with no live
 * card (in any hand or in the trick) ranking between them win exactly the same tricks, now and
 * later, and Sawa is about tricks, not points. The strongest is kept (it is the one that may carry
 * an Akka).
 */
function dropEquivalent(legal: number, live: number, trump: number): number {
  let out = legal;
  let t = legal;
  while (t !== 0) {
    const c = 31 - Math.clz32((t & -t) >>> 0);
    t = (t & (t - 1)) >>> 0;
    const isTrump = c >>> 3 === trump;
    let above = ((isTrump ? ABOVE_TRUMP[c]! : ABOVE_PLAIN[c]!) & live) >>> 0;
    if (above === 0) continue;
    // The weakest live card above c: if it is also one of our legal cards, c adds nothing.
    const strength = isTrump ? TRUMP_STRENGTH : PLAIN_STRENGTH;
    let next = -1;
    while (above !== 0) {
      const a = 31 - Math.clz32((above & -above) >>> 0);
      above = (above & (above - 1)) >>> 0;
      if (next < 0 || strength[a]! < strength[next]!) next = a;
    }
    if ((legal >>> next) & 1) out = (out & ~(1 << c)) >>> 0;
  }
  return out;
}

/**
 * Would a Sawa by `seat` (who is to lead) be valid now? `budget` bounds the search (nodes); when it
 * runs out the answer is `null` (unknown). apply() always searches without a bound.
 */
export function sawaCheck(state: BalootState, seat: number, budget: number): boolean | null {
  try {
    return sawaSearch(state, seat, budget);
  } catch (e) {
    if (e instanceof BudgetExceeded) return null;
    throw e;
  }
}

/** Last full answer, so a repeated claim in the same position (or a client spamming it) costs nothing. */
let fullKey = "";
let fullValue = false;

export function sawaValid(state: BalootState, seat: number): boolean {
  const h = state.hand;
  const p = state.profile.play;
  const key = `${h.hands[0]},${h.hands[1]},${h.hands[2]},${h.hands[3]},${h.played},${h.contract!.trump},${h.closed},${seat},${p.partnerExemption},${p.undertrump},${p.trumpLedBeatPartner},${state.phase},${state.turn},${h.trick.length},${h.foulTeam}`;
  if (key !== fullKey) {
    fullValue = sawaSearch(state, seat, Infinity);
    fullKey = key;
  }
  return fullValue;
}

function sawaSearch(state: BalootState, seat: number, budget: number): boolean {
  const h = state.hand;
  if (state.phase !== "PLAYING" || seat !== state.turn || h.trick.length !== 0 || h.foulTeam >= 0) return false;
  const s: Search = {
    hands: h.hands.slice(),
    trump: h.contract!.trump,
    closed: h.closed,
    play: state.profile.play,
    team: seat & 1,
    memo: new Map(),
    budget,
  };
  return trickFrom(s, seat, h.played);
}

/** Tests switch the shortcuts (quick answers and equivalent-card pruning) off to check they never change an answer. */
let useShortcuts = true;
export function setSawaShortcuts(on: boolean): void {
  useShortcuts = on;
}

/**
 * Sound shortcuts before the search (same answers, found faster):
 *  - Hokum, an opponent holds the highest trump still out: whenever he plays it, it takes the trick → invalid.
 *  - The leader's every card is the top of its suit among the cards still out (his own excepted),
 *    and in Hokum no opponent holds a trump: he cashes them from the top down → valid.
 */
function quickAnswer(hands: readonly number[], leader: number, trump: number): boolean | null {
  const all = (hands[0]! | hands[1]! | hands[2]! | hands[3]!) >>> 0;
  const team = leader & 1;
  const opp = ((team === 0 ? hands[1]! | hands[3]! : hands[0]! | hands[2]!) >>> 0) as number;
  if (trump >= 0) {
    const trumps = (all & SUIT_MASKS[trump]!) >>> 0;
    if (trumps !== 0) {
      // Highest remaining trump = the one no remaining trump beats.
      let t = trumps;
      while (t !== 0) {
        const c = 31 - Math.clz32((t & -t) >>> 0);
        t = (t & (t - 1)) >>> 0;
        if (((ABOVE_TRUMP[c]! & trumps) >>> 0) === 0) {
          if ((opp >>> c) & 1) return false;
          break;
        }
      }
    }
  }
  const mine = hands[leader]!;
  const outside = (all & ~mine) >>> 0;
  if (trump >= 0 && ((opp & SUIT_MASKS[trump]!) >>> 0) !== 0) return null;
  let m = mine;
  while (m !== 0) {
    const c = 31 - Math.clz32((m & -m) >>> 0);
    m = (m & (m - 1)) >>> 0;
    const above = c >>> 3 === trump ? ABOVE_TRUMP[c]! : ABOVE_PLAIN[c]!;
    if (((above & outside) >>> 0) !== 0) return null;
  }
  return true;
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
