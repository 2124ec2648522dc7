import type { BalootEvent, BalootView } from "../games/baloot/index.js";
import { groupChanged, setIfChanged as set, syncItems, syncPrimitives } from "../schema/sync.js";
import {
  BidCall,
  CardPlay,
  DeclaredProjects,
  RaiseCall,
  RevealedProject,
  type BalootSeat,
  type BalootState,
  type TrickState,
} from "../schema/BalootState.js";

/** BalootView → BalootState schema, mutating in place (see src/schema/sync.ts). */

type TrickValue = { leader: number; cards: readonly { seat: number; card: string }[]; akka?: boolean; winner?: number; points?: number } | null;

/**
 * What a TrickState was last given, kept flat (this mapping is its only writer, as for the
 * shadows of src/schema/sync.ts). The trick changes on every card played, so it is compared and
 * patched here field by field, without the deep copies and second comparison the generic group
 * and item helpers make (issue 10: the trick was most of the Baloot public sync).
 */
interface TrickShadow {
  leader: number;
  akka: boolean;
  winner: number;
  points: number;
  seats: number[];
  cards: string[];
}

const trickShadows = new WeakMap<TrickState, TrickShadow>();
const NO_CARDS: readonly { seat: number; card: string }[] = [];

function sameTrick(shadow: TrickShadow, leader: number, cards: readonly { seat: number; card: string }[], akka: boolean, winner: number, points: number): boolean {
  if (shadow.leader !== leader || shadow.akka !== akka || shadow.winner !== winner || shadow.points !== points || shadow.seats.length !== cards.length) return false;
  for (let i = 0; i < cards.length; i++) {
    const c = cards[i] as { seat: number; card: string };
    if (shadow.seats[i] !== c.seat || shadow.cards[i] !== c.card) return false;
  }
  return true;
}

function syncTrick(target: TrickState, trick: TrickValue): void {
  const leader = trick ? trick.leader : -1;
  const cards = trick?.cards ?? NO_CARDS;
  const akka = trick?.akka ?? false;
  const winner = trick?.winner ?? -1;
  const points = trick?.points ?? 0;
  let shadow = trickShadows.get(target);
  if (shadow && sameTrick(shadow, leader, cards, akka, winner, points)) return;
  if (!shadow) {
    // First sync: the schema's own values are the reference.
    shadow = { leader: target.leader, akka: target.akka, winner: target.winner, points: target.points, seats: [], cards: [] };
    for (const item of target.cards) {
      shadow.seats.push(item.seat);
      shadow.cards.push(item.card);
    }
    trickShadows.set(target, shadow);
  }
  if (shadow.leader !== leader) target.leader = shadow.leader = leader;
  const seats = shadow.seats;
  const names = shadow.cards;
  for (let i = 0; i < cards.length; i++) {
    const c = cards[i] as { seat: number; card: string };
    if (i < seats.length) {
      if (seats[i] === c.seat && names[i] === c.card) continue;
      const item = target.cards[i] as CardPlay;
      set(item, "seat", c.seat);
      set(item, "card", c.card);
      seats[i] = c.seat;
      names[i] = c.card;
    } else {
      const item = new CardPlay();
      set(item, "seat", c.seat);
      set(item, "card", c.card);
      target.cards.push(item);
      seats.push(c.seat);
      names.push(c.card);
    }
  }
  while (seats.length > cards.length) {
    target.cards.pop();
    seats.pop();
    names.pop();
  }
  if (shadow.akka !== akka) target.akka = shadow.akka = akka;
  if (shadow.winner !== winner) target.winner = shadow.winner = winner;
  if (shadow.points !== points) target.points = shadow.points = points;
}

function syncBidding(state: BalootState, bidding: BalootView["bidding"]): void {
  set(state, "biddingRound", bidding.round);
  set(state, "biddingMode", bidding.mode);
  syncItems(state.bids, bidding.history, () => new BidCall(), (item, b) => {
    set(item, "seat", b.seat);
    set(item, "round", b.round);
    set(item, "call", b.call);
    set(item, "suit", b.suit ?? "");
  });
  set(state, "hokumBidder", bidding.hokumBidder ?? -1);
  set(state, "hokumSuit", bidding.hokumSuit ?? "");
  set(state, "sunBidder", bidding.sunBidder ?? -1);
}

function syncContract(state: BalootState, c: BalootView["contract"]): void {
  set(state, "contract", c ? c.kind : "");
  set(state, "trump", c?.trump ?? "");
  set(state, "buyer", c ? c.buyer : -1);
  set(state, "ashkal", c?.ashkal ?? false);
  set(state, "faceUpTo", c ? c.faceUpTo : -1);
}

function syncDoubling(state: BalootState, d: BalootView["doubling"]): void {
  set(state, "doublingLevel", d.level);
  set(state, "gahwa", d.gahwa);
  set(state, "closed", d.closed);
  set(state, "doubler", d.doubler ?? -1);
  set(state, "lastRaiser", d.lastRaiser ?? -1);
  set(state, "doublingStep", d.step ?? "");
  syncItems(state.raises, d.raises, () => new RaiseCall(), (item, r) => {
    set(item, "seat", r.seat);
    set(item, "level", r.level);
    set(item, "closed", r.closed);
  });
}

export function syncBalootPublic(state: BalootState, v: BalootView): void {
  set(state, "phase", v.phase);
  set(state, "handNo", v.hand);
  set(state, "dealer", v.dealer);
  syncPrimitives(state.scores, v.scores);
  set(state, "targetScore", v.targetScore);
  set(state, "profile", v.profile);
  set(state, "toAct", v.toAct ?? -1);
  set(state, "faceUp", v.faceUp ?? "");

  if (groupChanged(state, "bidding", v.bidding)) syncBidding(state, v.bidding);
  if (groupChanged(state, "contract", v.contract)) syncContract(state, v.contract);
  if (groupChanged(state, "doubling", v.doubling)) syncDoubling(state, v.doubling);

  set(state, "trickNo", v.trickNo);
  syncTrick(state.trick, v.trick);
  syncTrick(state.lastTrick, v.lastTrick);
  syncPrimitives(state.tricksWon, v.tricksWon);
  syncPrimitives(state.cardPoints, v.cardPoints);
  set(state, "undealt", v.undealt);
  set(state, "lastTrickBonus", v.lastTrickBonus.points);
  set(state, "lastTrickBonusTeam", v.lastTrickBonus.team ?? -1);

  syncItems(state.declaredProjects, v.projects.declared, () => new DeclaredProjects(), (item, p) => {
    set(item, "seat", p.seat);
    syncPrimitives(item.kinds, p.kinds);
  });
  set(state, "projectsRevealed", v.projects.revealed !== null);
  syncItems(state.revealedProjects, v.projects.revealed ?? [], () => new RevealedProject(), (item, p) => {
    set(item, "seat", p.seat);
    set(item, "kind", p.kind);
    syncPrimitives(item.cards, p.cards);
  });
  set(state, "projectWinnerTeam", v.projects.winnerTeam ?? -1);
  set(state, "balootBy", v.baloot.announcedBy ?? -1);
}

/**
 * A Baloot seat's private view is its hand, its legal actions (only while it is to act) and its
 * own declared projects. Besides the actor and the seats to act before and after (always rebuilt,
 * ViewSync), these events change no other seat's: a bid, a card played, a trick taken, a raise or
 * its refusal, the face-up card, a declined Qaid, a declaration (the declarer's), and a deal to
 * someone else. Any other event (a new hand, a contract, the rest of the deal to this seat,
 * revealed projects, Sawa, Qaid, a score, the end) rebuilds every seat.
 */
export function balootPrivateMayChange(seat: number, events: readonly BalootEvent[]): boolean {
  for (const e of events) {
    switch (e.type) {
      case "bid":
      case "play":
      case "trick":
      case "raise":
      case "closedChosen":
      case "raiseDeclined":
      case "faceUp":
      case "qaidDeclined":
        continue;
      case "projectsDeclared":
        if (e.seat === seat) return true;
        continue;
      case "dealt":
      case "completed":
        if (e.to === seat) return true;
        continue;
      default:
        return true;
    }
  }
  return false;
}

/**
 * Legal actions as the JSON strings the schema carries, memoised by action object shape: most
 * are one of 32 card plays or a few calls, so the same strings come back move after move instead
 * of a JSON.stringify (and its garbage) per action per move.
 */
const actionJson = new Map<string, string>();
const MAX_MEMO = 4096;

function encodeAction(a: BalootView["legalActions"][number]): string {
  const r = a as { type: string; card?: string };
  // Card plays and bare calls are looked up without serialising; anything else is serialised.
  const keys = Object.keys(r);
  if (keys.length === 1 || (keys.length === 2 && typeof r.card === "string")) {
    const key = keys.length === 1 ? r.type : `${r.type}|${r.card as string}`;
    const known = actionJson.get(key);
    if (known !== undefined) return known;
    const json = JSON.stringify(a);
    if (actionJson.size < MAX_MEMO) actionJson.set(key, json);
    return json;
  }
  return JSON.stringify(a);
}

/** What a seat's private fields come from: its whole view, or only its own part (privateView). */
type OwnPart = Pick<BalootView, "myCards" | "legalActions"> & { projects: Pick<BalootView["projects"], "mine"> };

export function syncBalootPrivate(seat: BalootSeat, v: OwnPart | null): void {
  syncPrimitives(seat.hand, v?.myCards ?? []);
  syncPrimitives(seat.legalActions, (v?.legalActions ?? []).map(encodeAction));
  syncPrimitives(seat.projects, (v?.projects.mine ?? []).map((p) => JSON.stringify(p)));
}
