/**
 * What one seat (or a spectator, seat = null) may know. Built fresh from the state; never includes
 * another seat's cards, the undealt stock, undeclared or unrevealed project details, or fouls.
 */
import { SUITS, popcount } from "./cards.js";
import type { BalootAction } from "./actions.js";
import { namesOf } from "./deal.js";
import { publicLegalActions } from "./publicActions.js";
import { CARD_NAMES } from "./tables.js";
import type { ProjectKind } from "./projects.js";
import type { RuleProfile } from "./profile.js";
import type { BalootOutcome, BalootState, BidMode, ContractKind, Phase } from "./state.js";

export interface TrickView {
  leader: number;
  cards: { seat: number; card: string }[];
}

export interface BalootView {
  seat: number | null;
  phase: Phase;
  hand: number;
  dealer: number;
  scores: number[];
  targetScore: number;
  profile: string;
  /** The rules in force (public: every player knows them; bots need the play flags to read voids). */
  rules: RuleProfile;
  /** Seat to act, or null. */
  toAct: number | null;
  /** The viewer's own cards (null for spectators). */
  myCards: string[] | null;
  /** Cards in each seat's hand. */
  cardCounts: number[];
  /** Cards not dealt yet (the face-down stock): 11 during the auction, 0 once the completion deal is done. */
  undealt: number;
  faceUp: string | null;
  bidding: {
    round: 1 | 2;
    mode: BidMode;
    history: { seat: number; round: 1 | 2; call: string; suit: string | null }[];
    hokumBidder: number | null;
    hokumSuit: string | null;
    sunBidder: number | null;
  };
  contract: { kind: ContractKind; trump: string | null; buyer: number; ashkal: boolean; faceUpTo: number } | null;
  doubling: {
    level: number;
    gahwa: boolean;
    closed: boolean;
    doubler: number | null;
    lastRaiser: number | null;
    raises: { seat: number; level: number; closed: boolean }[];
    /** What is being asked now during the doubling window. */
    step: string | null;
  };
  /** 0-based trick number (8 = play finished). */
  trickNo: number;
  trick: (TrickView & { akka: boolean }) | null;
  lastTrick: (TrickView & { winner: number; points: number }) | null;
  /** Every completed trick of this hand, in order (public: all cards were shown face up). */
  tricks: (TrickView & { winner: number; points: number })[];
  tricksWon: number[];
  /** Card points of the tricks each team has won, without the last-trick bonus. */
  cardPoints: number[];
  /** الأرض (§4.3): 10 points for the team that wins trick 8; `team` is null until then. */
  lastTrickBonus: { points: number; team: number | null };
  projects: {
    /** Kinds announced in trick 1 (only the kind is public then). */
    declared: { seat: number; kinds: ProjectKind[] }[];
    /** After trick 1: the winning team's projects with their cards. */
    revealed: { seat: number; kind: ProjectKind; cards: string[] }[] | null;
    winnerTeam: number | null;
    /** The viewer's own declared projects with cards. */
    mine: { kind: ProjectKind; cards: string[] }[] | null;
  };
  baloot: { announcedBy: number | null };
  /** Legal actions of the viewer when he must act (empty otherwise). */
  legalActions: BalootAction[];
  outcome: BalootOutcome | null;
}

function trickView(leader: number, cards: readonly number[]): TrickView {
  return { leader, cards: cards.map((c, i) => ({ seat: (leader + i) & 3, card: CARD_NAMES[c] as string })) };
}

/** الأرض: the last trick's bonus (§4.3). */
export const LAST_TRICK_BONUS = 10;

/** 32 minus the cards in hands, on the table (face-up card) and already played. */
function undealtCount(state: BalootState, counts: readonly number[]): number {
  const h = state.hand;
  if (h.faceUp < 0) return 0;
  const inHands = counts[0]! + counts[1]! + counts[2]! + counts[3]!;
  const faceUpWaiting = h.contract === null ? 1 : 0;
  return 32 - inHands - faceUpWaiting - popcount(h.played);
}

/**
 * The part of a seated player's view that only he sees, with the same values as in `buildView`:
 * his cards, his legal actions, his declared projects. A room that syncs the shared part once
 * and each seat's private part separately builds this instead of a whole view per seat.
 */
export interface BalootPrivateView {
  seat: number;
  myCards: string[];
  legalActions: BalootAction[];
  projects: { mine: BalootView["projects"]["mine"] };
}

function mineOf(state: BalootState, me: number | null): BalootView["projects"]["mine"] {
  const d = me !== null ? state.hand.declared[me] : null;
  return d ? d.map((p) => ({ kind: p.kind, cards: namesOf(p.cards) })) : null;
}

export function buildPrivateView(state: BalootState, seat: number): BalootPrivateView {
  if (!Number.isInteger(seat) || seat < 0 || seat > 3) throw new RangeError(`no seat ${String(seat)}`);
  return {
    seat,
    myCards: namesOf(state.hand.hands[seat]!),
    legalActions: seat === state.turn ? publicLegalActions(state, seat) : [],
    projects: { mine: mineOf(state, seat) },
  };
}

export function buildView(state: BalootState, seat: number | null): BalootView {
  const h = state.hand;
  const b = h.bidding;
  const c = h.contract;
  const me = seat !== null && seat >= 0 && seat < 4 ? seat : null;
  const last = h.tricks.length > 0 ? h.tricks[h.tricks.length - 1]! : null;
  const declared: { seat: number; kinds: ProjectKind[] }[] = [];
  for (let s = 0; s < 4; s++) {
    const d = h.declared[s];
    if (d) declared.push({ seat: s, kinds: d.map((p) => p.kind) });
  }
  let revealed: BalootView["projects"]["revealed"] = null;
  if (h.projectsRevealed) {
    revealed = [];
    if (h.projectTeam >= 0) {
      for (let s = 0; s < 4; s++) {
        if ((s & 1) !== h.projectTeam) continue;
        for (const p of h.declared[s] ?? []) revealed.push({ seat: s, kind: p.kind, cards: namesOf(p.cards) });
      }
    }
  }
  const mine = mineOf(state, me);
  const counts = [popcount(h.hands[0]!), popcount(h.hands[1]!), popcount(h.hands[2]!), popcount(h.hands[3]!)];
  return {
    seat: me,
    phase: state.phase,
    hand: state.handNo,
    dealer: state.dealer,
    scores: state.scores.slice(),
    targetScore: state.profile.targetScore,
    profile: state.profile.name,
    rules: state.profile,
    toAct: state.turn >= 0 ? state.turn : null,
    myCards: me === null ? null : namesOf(h.hands[me]!),
    cardCounts: counts,
    undealt: undealtCount(state, counts),
    faceUp: h.faceUp >= 0 ? (CARD_NAMES[h.faceUp] as string) : null,
    bidding: {
      round: b.round,
      mode: b.mode,
      history: b.history.map((r) => ({ seat: r.seat, round: r.round, call: r.call, suit: r.suit >= 0 ? (SUITS[r.suit] as string) : null })),
      hokumBidder: b.hokumBidder >= 0 ? b.hokumBidder : null,
      hokumSuit: b.hokumSuit >= 0 ? (SUITS[b.hokumSuit] as string) : null,
      sunBidder: b.mode === "BEFORE_YOU" ? b.sunBidder : null,
    },
    contract: c ? { kind: c.kind, trump: c.trump >= 0 ? (SUITS[c.trump] as string) : null, buyer: c.buyer, ashkal: c.ashkal, faceUpTo: c.faceUpTo } : null,
    doubling: {
      level: h.level,
      gahwa: h.gahwa,
      closed: h.closed,
      doubler: h.doubler >= 0 ? h.doubler : null,
      lastRaiser: h.lastRaiser >= 0 ? h.lastRaiser : null,
      raises: h.raises.map((r) => ({ ...r })),
      step: state.phase === "DOUBLING" ? h.dbl.step : null,
    },
    trickNo: h.trickNo,
    trick: state.phase === "PLAYING" ? { ...trickView(h.leader, h.trick), akka: h.akka } : null,
    lastTrick: last ? { ...trickView(last.leader, last.cards), winner: last.winner, points: last.points } : null,
    tricks: h.tricks.map((t) => ({ ...trickView(t.leader, t.cards), winner: t.winner, points: t.points })),
    tricksWon: h.tricksWon.slice(),
    cardPoints: h.points.slice(),
    lastTrickBonus: { points: LAST_TRICK_BONUS, team: h.lastTrickTeam >= 0 ? h.lastTrickTeam : null },
    projects: { declared, revealed, winnerTeam: h.projectTeam >= 0 ? h.projectTeam : null, mine },
    baloot: { announcedBy: h.baloot.announced ? h.baloot.announcedBy : null },
    legalActions: me !== null && me === state.turn ? publicLegalActions(state, me) : [],
    outcome: state.outcome ? { ...state.outcome, scores: state.outcome.scores.slice() } : null,
  };
}
