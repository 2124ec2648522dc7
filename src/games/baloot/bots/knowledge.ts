/**
 * What one seat knows, in the engine's compact form (card ints and masks), for the bots.
 *
 * A bot's policy only ever reads a `SeatKnowledge`. There are two ways to build one:
 * - `knowledgeFromView(view)`: the public bot entry (`baloot.bot`) — the seat's view is all it gets;
 * - `knowledgeFromState(state, seat)`: for the search bot's playouts inside a sampled (determinised)
 *   world, and for benches; it copies the seat's own hand and public facts only, never another
 *   seat's cards, so the policy behaves exactly as if it had been given that seat's view.
 */
import { parseCard, suitFromLetter } from "../cards.js";
import { parseAction, type Move } from "../actions.js";
import { akkaValid } from "../akka.js";
import { legalMoves } from "../engine.js";
import { legalCardMask } from "../legal.js";
import { balootAnnounceOk, canDeclare } from "../play.js";
import { beats as beatsFor } from "../tables.js";
import type { BalootView } from "../view.js";
import type { BalootState, BidMode, ContractKind, Phase } from "../state.js";

export interface SeatKnowledge {
  seat: number;
  phase: Phase;
  /** The seat's own cards. */
  hand: number;
  /** Face-up card during the auction (-1 when none). */
  faceUp: number;
  bidMode: BidMode;
  contract: { kind: ContractKind; trump: number; buyer: number } | null;
  /** Closed Hokum: trumps may not be led while holding a side card. */
  closed: boolean;
  /** Every card played this hand, the current trick included. */
  played: number;
  /** Cards of the current trick in play order. */
  trick: number[];
  winSeat: number;
  winCard: number;
  trickNo: number;
  /** Legal moves outside card play (bidding, doubling, QAID window); empty while playing. */
  moves: Move[];
  /** While playing: legal cards, cards playable with Akka / with Baloot, and the extra calls. */
  legalCards: number;
  akkaCards: number;
  balootCards: number;
  declareOk: boolean;
  sawaOk: boolean;
}

function card(name: string): number {
  const c = parseCard(name);
  if (c < 0) throw new Error(`view holds a bad card ${JSON.stringify(name)}`);
  return c;
}

function maskOfNames(names: readonly string[]): number {
  let m = 0;
  for (const n of names) m |= 1 << card(n);
  return m >>> 0;
}

/** The seat's knowledge as shown by its view (`view.seat` must be a seat, not a spectator). */
export function knowledgeFromView(view: BalootView): SeatKnowledge {
  if (view.seat === null || view.myCards === null) throw new Error("a bot needs a seat's view, not a spectator's");
  const k: SeatKnowledge = {
    seat: view.seat,
    phase: view.phase,
    hand: maskOfNames(view.myCards),
    faceUp: view.phase === "BIDDING" && view.faceUp !== null ? card(view.faceUp) : -1,
    bidMode: view.bidding.mode,
    contract: view.contract
      ? { kind: view.contract.kind, trump: view.contract.trump === null ? -1 : suitFromLetter(view.contract.trump), buyer: view.contract.buyer }
      : null,
    closed: view.doubling.closed,
    played: 0,
    trick: [],
    winSeat: -1,
    winCard: -1,
    trickNo: view.trickNo,
    moves: [],
    legalCards: 0,
    akkaCards: 0,
    balootCards: 0,
    declareOk: false,
    sawaOk: false,
  };
  let played = 0;
  for (const t of view.tricks) for (const p of t.cards) played |= 1 << card(p.card);
  if (view.trick) {
    const trump = k.contract ? k.contract.trump : -1;
    for (const p of view.trick.cards) {
      const c = card(p.card);
      played |= 1 << c;
      if (k.trick.length === 0 || beatsFor(c, k.winCard, trump)) {
        k.winSeat = p.seat;
        k.winCard = c;
      }
      k.trick.push(c);
    }
  }
  k.played = played >>> 0;
  for (const a of view.legalActions) {
    const m = parseAction(a);
    if (view.phase !== "PLAYING") k.moves.push(m);
    else if (m.k === "play") {
      const bit = 1 << m.card;
      k.legalCards |= bit;
      if (m.akka) k.akkaCards |= bit;
      if (m.baloot) k.balootCards |= bit;
    } else if (m.k === "declare") k.declareOk = true;
    else if (m.k === "sawa") k.sawaOk = true;
  }
  k.legalCards >>>= 0;
  k.akkaCards >>>= 0;
  k.balootCards >>>= 0;
  return k;
}

/** The seat's knowledge read from a state: its own hand and public facts only. */
export function knowledgeFromState(state: BalootState, seat: number): SeatKnowledge {
  const h = state.hand;
  const c = h.contract;
  const playing = state.phase === "PLAYING" && seat === state.turn;
  let legalCards = 0;
  let akkaCards = 0;
  let balootCards = 0;
  if (playing) {
    legalCards = legalCardMask(state, seat);
    const leading = h.trick.length === 0;
    let m = legalCards;
    while (m !== 0) {
      const x = 31 - Math.clz32((m & -m) >>> 0);
      m = (m & (m - 1)) >>> 0;
      if (akkaValid(x, c!.trump, h.played, leading)) akkaCards |= 1 << x;
      if (balootAnnounceOk(state, seat, x)) balootCards |= 1 << x;
    }
  }
  return {
    seat,
    phase: state.phase,
    hand: h.hands[seat]!,
    faceUp: state.phase === "BIDDING" ? h.faceUp : -1,
    bidMode: h.bidding.mode,
    contract: c ? { kind: c.kind, trump: c.trump, buyer: c.buyer } : null,
    closed: h.closed,
    played: h.played,
    trick: h.trick.slice(),
    winSeat: h.trick.length > 0 ? h.winSeat : -1,
    winCard: h.trick.length > 0 ? h.winCard : -1,
    trickNo: h.trickNo,
    moves: playing ? [] : legalMoves(state, seat),
    legalCards: legalCards >>> 0,
    akkaCards: akkaCards >>> 0,
    balootCards: balootCards >>> 0,
    declareOk: playing && canDeclare(state, seat),
    // A claim is checked in full by apply; the policy only claims what it can prove from its own hand.
    sawaOk: playing && h.trick.length === 0,
  };
}
