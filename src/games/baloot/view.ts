/**
 * What one seat (or a spectator, seat = null) may know. Built from the state on each call (the
 * views of completed tricks, bids and raises are frozen and shared between calls, see
 * `sharedViews`); never includes another seat's cards, the undealt stock, undeclared or unrevealed
 * project details, or fouls.
 */
import { SUITS, popcount } from "./cards.js";
import type { BalootAction } from "./actions.js";
import { namesOf } from "./deal.js";
import { publicLegalActions } from "./publicActions.js";
import { CARD_NAMES } from "./tables.js";
import type { ProjectKind } from "./projects.js";
import type { RuleProfile } from "./profile.js";
import type { BalootOutcome, BalootState, BidMode, BidRecord, ContractKind, Phase, RaiseRecord, TrickRecord } from "./state.js";

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

type DoneTrickView = TrickView & { winner: number; points: number };
type BidView = BalootView["bidding"]["history"][number];
type RaiseView = BalootView["doubling"]["raises"][number];

function playsOf(leader: number, cards: readonly number[]): { seat: number; card: string }[] {
  const out: { seat: number; card: string }[] = [];
  for (let i = 0; i < cards.length; i++) out.push({ seat: (leader + i) & 3, card: CARD_NAMES[cards[i]!] as string });
  return out;
}

/**
 * Views of the hand's finished records (completed tricks, bids, raises), made once per record and
 * shared, frozen, by every later view: the room builds views after every action, and re-making the
 * completed tricks (up to 8 × 4 plays) was most of a view's allocation. A list's cache is keyed on
 * the state's own array; an entry is re-made when its record is another object or any of its
 * fields changed since (a state is plain data that tests and tools may edit).
 */
type Field = number | string | boolean;

interface Shared<R, V> {
  record: R;
  /** The record's fields when the view was made (compared on every reuse). */
  fields: Field[];
  view: V;
}

function sharedViews<R extends object, V>(
  caches: WeakMap<readonly R[], Shared<R, V>[]>,
  records: readonly R[],
  fields: (record: R) => Field[],
  unchanged: (record: R, fields: readonly Field[]) => boolean,
  make: (record: R) => V,
): V[] {
  let cache = caches.get(records);
  if (cache === undefined) {
    cache = [];
    caches.set(records, cache);
  }
  const out: V[] = [];
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    let entry = cache[i];
    if (entry === undefined || entry.record !== record || !unchanged(record, entry.fields)) {
      entry = { record, fields: fields(record), view: make(record) };
      cache[i] = entry;
    }
    out.push(entry.view);
  }
  if (cache.length > records.length) cache.length = records.length;
  return out;
}

const doneTricks = new WeakMap<readonly TrickRecord[], Shared<TrickRecord, DoneTrickView>[]>();
const bids = new WeakMap<readonly BidRecord[], Shared<BidRecord, BidView>[]>();
const raises = new WeakMap<readonly RaiseRecord[], Shared<RaiseRecord, RaiseView>[]>();

function trickFields(t: TrickRecord): Field[] {
  return [t.leader, t.winner, t.points, ...t.cards];
}

function trickUnchanged(t: TrickRecord, f: readonly Field[]): boolean {
  const cards = t.cards;
  if (t.leader !== f[0] || t.winner !== f[1] || t.points !== f[2] || cards.length !== f.length - 3) return false;
  for (let i = 0; i < cards.length; i++) if (cards[i] !== f[i + 3]) return false;
  return true;
}

function doneTrickView(t: TrickRecord): DoneTrickView {
  const cards = playsOf(t.leader, t.cards);
  for (const c of cards) Object.freeze(c);
  return Object.freeze({ leader: t.leader, cards: Object.freeze(cards) as { seat: number; card: string }[], winner: t.winner, points: t.points });
}

function bidFields(r: BidRecord): Field[] {
  return [r.seat, r.round, r.suit, r.call];
}

function bidUnchanged(r: BidRecord, f: readonly Field[]): boolean {
  return r.seat === f[0] && r.round === f[1] && r.suit === f[2] && r.call === f[3];
}

function bidView(r: BidRecord): BidView {
  return Object.freeze({ seat: r.seat, round: r.round, call: r.call, suit: r.suit >= 0 ? (SUITS[r.suit] as string) : null });
}

function raiseFields(r: RaiseRecord): Field[] {
  return [r.seat, r.level, r.closed];
}

function raiseUnchanged(r: RaiseRecord, f: readonly Field[]): boolean {
  return r.seat === f[0] && r.level === f[1] && r.closed === f[2];
}

function raiseView(r: RaiseRecord): RaiseView {
  return Object.freeze({ ...r });
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
  const tricks = sharedViews(doneTricks, h.tricks, trickFields, trickUnchanged, doneTrickView);
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
      history: sharedViews(bids, b.history, bidFields, bidUnchanged, bidView),
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
      raises: sharedViews(raises, h.raises, raiseFields, raiseUnchanged, raiseView),
      step: state.phase === "DOUBLING" ? h.dbl.step : null,
    },
    trickNo: h.trickNo,
    trick: state.phase === "PLAYING" ? { leader: h.leader, cards: playsOf(h.leader, h.trick), akka: h.akka } : null,
    lastTrick: tricks.length > 0 ? tricks[tricks.length - 1]! : null,
    tricks,
    tricksWon: h.tricksWon.slice(),
    cardPoints: h.points.slice(),
    lastTrickBonus: { points: LAST_TRICK_BONUS, team: h.lastTrickTeam >= 0 ? h.lastTrickTeam : null },
    projects: { declared, revealed, winnerTeam: h.projectTeam >= 0 ? h.projectTeam : null, mine },
    baloot: { announcedBy: h.baloot.announced ? h.baloot.announcedBy : null },
    legalActions: me !== null && me === state.turn ? publicLegalActions(state, me) : [],
    outcome: state.outcome ? { ...state.outcome, scores: state.outcome.scores.slice() } : null,
  };
}
