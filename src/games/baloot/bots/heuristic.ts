/**
 * The heuristic Baloot bot ("basic" level): bids from hand strength, declares projects and Baloot,
 * keeps partner's winners, wins cheaply when it can, draws trumps with masters as buyer,
 * trumps/over-trumps when the trick is worth it, discards low, doubles only with a strong trump
 * holding, and claims Sawa only when its own hand proves it.
 *
 * Every decision is a function of a `SeatKnowledge` (knowledge.ts): the seat's own cards and public
 * facts. The card choice is mask-based and allocation-free, because the search bot runs it for all
 * four seats in thousands of playouts per move.
 */
import { RA, RJ, RK, R9, R10, SUIT_MASKS, suitOf, rankOf } from "../cards.js";
import type { Move } from "../actions.js";
import { ABOVE_PLAIN, ABOVE_TRUMP, PLAIN_STRENGTH, TRUMP_STRENGTH, beats, cardPoints } from "../tables.js";
import type { SeatKnowledge } from "./knowledge.js";

function lowBit(m: number): number {
  return 31 - Math.clz32((m & -m) >>> 0);
}

/** Sun strength of a hand: Aces, tens, guarded kings. */
export function sunStrength(hand: number): number {
  let s = 0;
  for (let m = hand >>> 0; m !== 0; m = (m & (m - 1)) >>> 0) {
    const c = lowBit(m);
    const r = rankOf(c);
    if (r === RA) s += 3;
    else if (r === R10) s += (hand >>> 0) & (1 << ((suitOf(c) << 3) | RA)) ? 2 : 1;
    else if (r === RK) s += 0.5;
  }
  return s;
}

/** Hokum strength of a hand with `trump`: top trumps, trump length, side Aces. */
export function hokumStrength(hand: number, trump: number): number {
  let s = 0;
  for (let m = hand >>> 0; m !== 0; m = (m & (m - 1)) >>> 0) {
    const c = lowBit(m);
    const r = rankOf(c);
    if (suitOf(c) === trump) {
      s += r === RJ ? 4 : r === R9 ? 3 : r === RA ? 2 : r === R10 ? 1.5 : 1;
    } else if (r === RA) s += 1.5;
  }
  return s;
}

function pick(moves: Move[], pred: (m: Move) => boolean): Move | undefined {
  return moves.find(pred);
}

function bidMove(k: SeatKnowledge, moves: Move[]): Move {
  const hand = (k.hand | (k.faceUp >= 0 ? 1 << k.faceUp : 0)) >>> 0; // the buyer takes the face-up card
  const sun = sunStrength(hand);
  const kawesh = pick(moves, (m) => m.k === "kawesh");
  if (kawesh) return kawesh;
  if (k.bidMode === "HOKUM_CONFIRM") {
    return (sun >= 10 && pick(moves, (m) => m.k === "confirm" && m.sun)) || pick(moves, (m) => m.k === "confirm" && !m.sun) || moves[0]!;
  }
  const pass = pick(moves, (m) => m.k === "bid" && m.bid === "PASS") ?? moves[0]!;
  const sunMove = pick(moves, (m) => m.k === "bid" && (m.bid === "SUN" || m.bid === "BEFORE_YOU"));
  if (k.bidMode === "BEFORE_YOU") return sun >= 9 && sunMove ? sunMove : pass;
  if (sunMove && sun >= (k.bidMode === "HOKUM_RESPONSE" ? 10 : 9)) return sunMove;
  let best: Move | undefined;
  let bestScore = 0;
  for (const m of moves) {
    if (m.k !== "bid" || m.bid !== "HOKUM") continue;
    const trump = m.suit >= 0 ? m.suit : k.faceUp >= 0 ? suitOf(k.faceUp) : -1;
    if (trump < 0) continue;
    const sc = hokumStrength(hand, trump);
    if (sc > bestScore) {
      bestScore = sc;
      best = m;
    }
  }
  if (best && bestScore >= 7) return best;
  return pass;
}

function raiseMove(k: SeatKnowledge, moves: Move[]): Move {
  const c = k.contract!;
  const closed = pick(moves, (m) => m.k === "setClosed" && m.closed === (c.kind === "HOKUM"));
  if (closed) return closed;
  const skip = pick(moves, (m) => m.k === "skip") ?? moves[0]!;
  const raise = moves.find((m) => m.k === "raise" && m.closed !== true);
  if (!raise || raise.k !== "raise") return skip;
  const hand = k.hand;
  const buyerSide = (c.buyer & 1) === (k.seat & 1);
  // Double rarely: only with a commanding holding against the buyer.
  if (c.kind === "HOKUM") {
    const t = c.trump;
    const trumps = (hand & SUIT_MASKS[t]!) >>> 0;
    const hasJ = (trumps & (1 << ((t << 3) | RJ))) !== 0;
    const has9 = (trumps & (1 << ((t << 3) | R9))) !== 0;
    let len = 0;
    for (let m = trumps; m !== 0; m = (m & (m - 1)) >>> 0) len++;
    // The defender holds a top trump and length behind it: the buyer is likely to fail.
    if (!buyerSide && raise.level === 2 && (hasJ || has9) && len >= 3 && hokumStrength(hand, t) >= 9) return raise;
    if (buyerSide && raise.level === 3 && hasJ && has9 && len >= 5) return raise;
    return skip;
  }
  return !buyerSide && sunStrength(hand) >= 12 ? raise : skip;
}

/** Nobody else can hold a card above `c` in its suit: every higher card is played or ours. */
function isMaster(c: number, trump: number, hand: number, played: number): boolean {
  const above = suitOf(c) === trump ? ABOVE_TRUMP[c]! : ABOVE_PLAIN[c]!;
  return ((above & ~played & ~hand) >>> 0) === 0;
}

function strength(c: number, trump: number): number {
  return suitOf(c) === trump ? 10 + TRUMP_STRENGTH[c]! : PLAIN_STRENGTH[c]!;
}

/** Cheapest card of a mask: fewest points, then weakest; trumps last. */
function lowest(mask: number, trump: number): number {
  let best = -1;
  let key = Infinity;
  for (let m = mask; m !== 0; m = (m & (m - 1)) >>> 0) {
    const c = lowBit(m);
    const k = (suitOf(c) === trump ? 100 : 0) + cardPoints(c, trump) * 2 + strength(c, trump) / 20;
    if (k < key) {
      key = k;
      best = c;
    }
  }
  return best;
}

function weakest(mask: number, trump: number): number {
  let best = -1;
  for (let m = mask; m !== 0; m = (m & (m - 1)) >>> 0) {
    const c = lowBit(m);
    if (best < 0 || strength(c, trump) < strength(best, trump)) best = c;
  }
  return best;
}

/**
 * The heuristic card for `seat`: everything it uses is the seat's own hand, the cards played and the
 * current trick. Non-allocating (playouts call it for every card of every sampled world).
 */
export function heuristicCard(
  seat: number,
  hand: number,
  legal: number,
  played: number,
  trickLen: number,
  trickPoints: number,
  winSeat: number,
  winCard: number,
  trump: number,
  buyer: number,
): number {
  if (trickLen === 0) {
    if (trump >= 0 && (buyer & 1) === (seat & 1)) {
      const outside = (SUIT_MASKS[trump]! & ~played & ~hand) >>> 0;
      if (outside !== 0) {
        for (let m = (legal & SUIT_MASKS[trump]!) >>> 0; m !== 0; m = (m & (m - 1)) >>> 0) {
          const c = lowBit(m);
          if (isMaster(c, trump, hand, played)) return c;
        }
      }
    }
    let master = -1;
    for (let m = legal; m !== 0; m = (m & (m - 1)) >>> 0) {
      const c = lowBit(m);
      if (suitOf(c) === trump || !isMaster(c, trump, hand, played)) continue;
      if (master < 0 || cardPoints(c, trump) > cardPoints(master, trump)) master = c;
    }
    return master >= 0 ? master : lowest(legal, trump);
  }
  const pos = trickLen + 1;
  const partnerWinning = winSeat === ((seat + 2) & 3);
  let winners = 0;
  for (let m = legal; m !== 0; m = (m & (m - 1)) >>> 0) {
    const c = lowBit(m);
    if (beats(c, winCard, trump)) winners |= 1 << c;
  }
  winners >>>= 0;
  if (partnerWinning && (pos === 4 || isMaster(winCard, trump, hand, played))) {
    // Partner holds the trick: add points without overtaking with a trump.
    let pool = 0;
    for (let m = legal; m !== 0; m = (m & (m - 1)) >>> 0) {
      const c = lowBit(m);
      if (!beats(c, winCard, trump) || suitOf(c) !== trump) pool |= 1 << c;
    }
    pool = pool === 0 ? legal : pool >>> 0;
    let best = -1;
    let bestKey = -Infinity;
    for (let m = pool; m !== 0; m = (m & (m - 1)) >>> 0) {
      const c = lowBit(m);
      const key = cardPoints(c, trump) - (suitOf(c) === trump ? 20 : 0);
      if (key > bestKey) {
        bestKey = key;
        best = c;
      }
    }
    return best;
  }
  if (winners !== 0 && !partnerWinning) {
    if (pos === 4) return weakest(winners, trump);
    let sure = 0;
    for (let m = winners; m !== 0; m = (m & (m - 1)) >>> 0) {
      const c = lowBit(m);
      if (isMaster(c, trump, hand, played)) sure |= 1 << c;
    }
    if (sure !== 0) return weakest(sure >>> 0, trump);
    if (trickPoints >= 10 || suitOf(lowBit(winners)) === trump) return weakest(winners, trump);
  }
  return lowest(legal, trump);
}

/**
 * Can the seat to lead prove from its own hand alone that its side takes every remaining trick?
 * Sufficient, not necessary: each of its suits must be the top cards still out in that suit, and in
 * Hokum it must also be able to draw every outside trump first (top trumps, at least as many as are
 * out, and trumps may be led). Partner's cards are never counted on.
 */
export function provableSawa(hand: number, played: number, trump: number, closed: boolean): boolean {
  if (hand === 0) return false;
  const outside = (~hand & ~played) >>> 0;
  for (let s = 0; s < 4; s++) {
    const mine = (hand & SUIT_MASKS[s]!) >>> 0;
    for (let m = mine; m !== 0; m = (m & (m - 1)) >>> 0) {
      const c = lowBit(m);
      const above = s === trump ? ABOVE_TRUMP[c]! : ABOVE_PLAIN[c]!;
      if (((above & outside) >>> 0) !== 0) return false;
    }
  }
  if (trump < 0) return true;
  const outTrumps = (outside & SUIT_MASKS[trump]!) >>> 0;
  if (outTrumps === 0) return true;
  const myTrumps = (hand & SUIT_MASKS[trump]!) >>> 0;
  if (myTrumps === 0) return false;
  if (closed && myTrumps !== hand) return false;
  let mineN = 0;
  let outN = 0;
  for (let m = myTrumps; m !== 0; m = (m & (m - 1)) >>> 0) mineN++;
  for (let m = outTrumps; m !== 0; m = (m & (m - 1)) >>> 0) outN++;
  return outN <= mineN;
}

/** Card play decision with the Akka / Baloot flags the heuristic always uses when they are valid. */
export function playDecision(k: SeatKnowledge): Move {
  const c = k.contract!;
  if (k.sawaOk && k.trick.length === 0 && k.trickNo >= 1 && provableSawa(k.hand, k.played, c.trump, k.closed)) return { k: "sawa" };
  if (k.declareOk) return { k: "declare" };
  let pts = 0;
  for (const x of k.trick) pts += cardPoints(x, c.trump);
  const card = heuristicCard(k.seat, k.hand, k.legalCards, k.played, k.trick.length, pts, k.winSeat, k.winCard, c.trump, c.buyer);
  const baloot = ((k.balootCards >>> card) & 1) === 1;
  const akka = !baloot && ((k.akkaCards >>> card) & 1) === 1;
  return { k: "play", card, akka, baloot };
}

/** The heuristic's move for any phase. */
export function heuristicDecision(k: SeatKnowledge): Move {
  if (k.phase === "PLAYING") return playDecision(k);
  const moves = k.moves;
  if (moves.length === 0) throw new Error(`seat ${k.seat} has nothing to do`);
  switch (k.phase) {
    case "BIDDING":
      return bidMove(k, moves);
    case "DOUBLING":
      return raiseMove(k, moves);
    default:
      // QAID window: the bot does not track revokes, so it never gambles on a challenge.
      return pick(moves, (m) => m.k === "skipQaid") ?? moves[0]!;
  }
}
