/**
 * A heuristic Baloot bot: bids from hand strength, declares projects and Baloot, keeps partner's
 * winners, wins cheaply when it can, draws trumps with masters as buyer, trumps/over-trumps when
 * the trick is worth it, discards low, and doubles only with a strong trump holding.
 */
import type { Rng } from "../../core/rng.js";
import { RA, RJ, RK, R9, R10, SUIT_MASKS, suitOf, rankOf } from "../cards.js";
import type { Move } from "../actions.js";
import { legalMoves } from "../engine.js";
import { akkaValid } from "../akka.js";
import { legalCardMask } from "../legal.js";
import { balootAnnounceOk, canDeclare } from "../play.js";
import { sawaCheck } from "../sawa.js";
import { ABOVE_PLAIN, ABOVE_TRUMP, PLAIN_STRENGTH, TRUMP_STRENGTH, beats, cardPoints } from "../tables.js";
import type { BalootState } from "../state.js";

function cards(mask: number): number[] {
  const out: number[] = [];
  let m = mask >>> 0;
  while (m !== 0) {
    out.push(31 - Math.clz32((m & -m) >>> 0));
    m = (m & (m - 1)) >>> 0;
  }
  return out;
}

/** Sun strength of a hand: Aces, tens, guarded kings. */
export function sunStrength(hand: number): number {
  let s = 0;
  for (const c of cards(hand)) {
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
  for (const c of cards(hand)) {
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

function bidMove(state: BalootState, seat: number, moves: Move[]): Move {
  const h = state.hand;
  const hand = h.hands[seat]! | (1 << h.faceUp); // the buyer takes the face-up card
  const sun = sunStrength(hand);
  const b = h.bidding;
  const kawesh = pick(moves, (m) => m.k === "kawesh");
  if (kawesh) return kawesh;
  if (b.mode === "HOKUM_CONFIRM") {
    return (sun >= 10 && pick(moves, (m) => m.k === "confirm" && m.sun)) || pick(moves, (m) => m.k === "confirm" && !m.sun)!;
  }
  const pass = pick(moves, (m) => m.k === "bid" && m.bid === "PASS")!;
  const sunMove = pick(moves, (m) => m.k === "bid" && (m.bid === "SUN" || m.bid === "BEFORE_YOU"));
  if (b.mode === "BEFORE_YOU") return sun >= 9 && sunMove ? sunMove : pass;
  if (sunMove && sun >= (b.mode === "HOKUM_RESPONSE" ? 10 : 9)) return sunMove;
  let best: Move | undefined;
  let bestScore = 0;
  for (const m of moves) {
    if (m.k !== "bid" || m.bid !== "HOKUM") continue;
    const trump = m.suit >= 0 ? m.suit : suitOf(h.faceUp);
    const sc = hokumStrength(hand, trump);
    if (sc > bestScore) {
      bestScore = sc;
      best = m;
    }
  }
  if (best && bestScore >= 7) return best;
  return pass;
}

function raiseMove(state: BalootState, seat: number, moves: Move[]): Move {
  const h = state.hand;
  const c = h.contract!;
  const closed = pick(moves, (m) => m.k === "setClosed" && m.closed === (c.kind === "HOKUM"));
  if (closed) return closed;
  const skip = pick(moves, (m) => m.k === "skip")!;
  const raise = moves.find((m) => m.k === "raise" && m.closed !== true);
  if (!raise) return skip;
  const hand = h.hands[seat]!;
  const team = seat & 1;
  const buyerSide = (c.buyer & 1) === team;
  // Double rarely: only with a commanding holding against the buyer.
  if (c.kind === "HOKUM") {
    const t = c.trump;
    const trumps = hand & SUIT_MASKS[t]!;
    const hasJ = (trumps & (1 << ((t << 3) | RJ))) !== 0;
    const has9 = (trumps & (1 << ((t << 3) | R9))) !== 0;
    const strong = hasJ && has9;
    const len = cards(trumps).length;
    // The defender holds the two top trumps and length behind them: the buyer is likely to fail.
    if (!buyerSide && raise.k === "raise" && raise.level === 2 && (hasJ || has9) && len >= 3 && hokumStrength(hand, t) >= 9) return raise;
    if (buyerSide && raise.k === "raise" && raise.level === 3 && strong && len >= 5) return raise;
    return skip;
  }
  return !buyerSide && sunStrength(hand) >= 12 ? raise : skip;
}

/** Highest unplayed card of its suit counting the viewer's own cards as known? `master` = nobody else can beat it. */
function isMaster(state: BalootState, seat: number, c: number): boolean {
  const h = state.hand;
  const trump = h.contract!.trump;
  const above = suitOf(c) === trump ? ABOVE_TRUMP[c]! : ABOVE_PLAIN[c]!;
  return ((above & ~h.played & ~h.hands[seat]!) >>> 0) === 0;
}

function strength(c: number, trump: number): number {
  return suitOf(c) === trump ? 10 + TRUMP_STRENGTH[c]! : PLAIN_STRENGTH[c]!;
}

function lowest(list: number[], trump: number): number {
  // Cheapest: fewest points, then weakest; keep trumps if possible.
  let best = list[0]!;
  let key = Infinity;
  for (const c of list) {
    const k = (suitOf(c) === trump ? 100 : 0) + cardPoints(c, trump) * 2 + strength(c, trump) / 20;
    if (k < key) {
      key = k;
      best = c;
    }
  }
  return best;
}

function chooseCard(state: BalootState, seat: number, legal: number[]): number {
  const h = state.hand;
  const c = h.contract!;
  const trump = c.trump;
  const team = seat & 1;
  if (h.trick.length === 0) {
    const buyerSide = (c.buyer & 1) === team;
    if (trump >= 0 && buyerSide) {
      const outside = SUIT_MASKS[trump]! & ~h.played & ~h.hands[seat]!;
      const myTrumps = legal.filter((x) => suitOf(x) === trump);
      const master = myTrumps.find((x) => isMaster(state, seat, x));
      if (outside !== 0 && master !== undefined) return master;
    }
    const masters = legal.filter((x) => suitOf(x) !== trump && isMaster(state, seat, x));
    if (masters.length > 0) return masters.reduce((a, x) => (cardPoints(x, trump) > cardPoints(a, trump) ? x : a));
    return lowest(legal, trump);
  }
  const pos = h.trick.length + 1;
  const partnerWinning = h.winSeat === ((seat + 2) & 3);
  const winners = legal.filter((x) => beats(x, h.winCard, trump));
  let trickPts = 0;
  for (const x of h.trick) trickPts += cardPoints(x, trump);
  if (partnerWinning && (pos === 4 || isMaster(state, seat, h.winCard))) {
    // Partner holds the trick: add points without overtaking.
    const safe = legal.filter((x) => !beats(x, h.winCard, trump) || suitOf(x) !== trump);
    const pool = safe.length > 0 ? safe : legal;
    return pool.reduce((a, x) => (cardPoints(x, trump) - (suitOf(x) === trump ? 20 : 0) > cardPoints(a, trump) - (suitOf(a) === trump ? 20 : 0) ? x : a));
  }
  if (winners.length > 0 && !partnerWinning) {
    if (pos === 4) return winners.reduce((a, x) => (strength(x, trump) < strength(a, trump) ? x : a));
    const sure = winners.filter((x) => isMaster(state, seat, x));
    if (sure.length > 0) return sure.reduce((a, x) => (strength(x, trump) < strength(a, trump) ? x : a));
    if (trickPts >= 10 || suitOf(winners[0]!) === trump) return winners.reduce((a, x) => (strength(x, trump) < strength(a, trump) ? x : a));
  }
  return lowest(legal, trump);
}

export function heuristicMove(state: BalootState, seat: number, _rng?: Rng): Move {
  if (state.phase === "PLAYING" && seat === state.turn) return playMove(state, seat);
  const moves = legalMoves(state, seat);
  if (moves.length === 0) throw new Error(`seat ${seat} has nothing to do`);
  switch (state.phase) {
    case "BIDDING":
      return bidMove(state, seat, moves);
    case "DOUBLING":
      return raiseMove(state, seat, moves);
    default:
      // QAID window: the bot does not track revokes, so it never gambles on a challenge.
      return pick(moves, (m) => m.k === "skipQaid") ?? moves[0]!;
  }
}

/** Play phase without building the full move list (the bot runs in bulk in benches and bot tables). */
function playMove(state: BalootState, seat: number): Move {
  const h = state.hand;
  const trump = h.contract!.trump;
  // Claim the rest when it is provable; the search is only tried near the end, where it is cheap.
  if (h.trick.length === 0 && h.trickNo >= 4 && sawaCheck(state, seat, 3000) === true) return { k: "sawa" };
  if (canDeclare(state, seat)) return { k: "declare" };
  const card = chooseCard(state, seat, cards(legalCardMask(state, seat)));
  const baloot = balootAnnounceOk(state, seat, card);
  const akka = !baloot && h.trick.length === 0 && akkaValid(card, trump, h.played, true);
  return { k: "play", card, akka, baloot };
}
