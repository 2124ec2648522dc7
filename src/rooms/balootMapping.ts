import { ArraySchema, type Schema } from "@colyseus/schema";
import type { BalootView } from "../games/baloot/index.js";
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

/**
 * BalootView → BalootState schema, mutating in place: a field is written only when its value
 * changed and arrays are patched element by element, so each patch carries just the change.
 */

function set<T extends Schema, K extends keyof T>(target: T, key: K, value: T[K]): void {
  if (target[key] !== value) target[key] = value;
}

function syncPrimitives<T extends string | number>(target: ArraySchema<T>, values: readonly T[]): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as T;
    if (i < target.length) {
      if (target[i] !== v) target[i] = v;
    } else {
      target.push(v);
    }
  }
  while (target.length > values.length) target.pop();
}

/** Patch an ArraySchema of schema items from plain values, reusing existing items. */
function syncItems<I extends Schema, V>(target: ArraySchema<I>, values: readonly V[], create: () => I, apply: (item: I, value: V) => void): void {
  for (let i = 0; i < values.length; i++) {
    let item = target[i];
    if (!item) {
      item = create();
      apply(item, values[i] as V);
      target.push(item);
    } else {
      apply(item, values[i] as V);
    }
  }
  while (target.length > values.length) target.pop();
}

function syncTrick(
  target: TrickState,
  trick: { leader: number; cards: { seat: number; card: string }[]; akka?: boolean; winner?: number; points?: number } | null,
): void {
  set(target, "leader", trick ? trick.leader : -1);
  syncItems(target.cards, trick?.cards ?? [], () => new CardPlay(), (item, c) => {
    set(item, "seat", c.seat);
    set(item, "card", c.card);
  });
  set(target, "akka", trick?.akka ?? false);
  set(target, "winner", trick?.winner ?? -1);
  set(target, "points", trick?.points ?? 0);
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

  set(state, "biddingRound", v.bidding.round);
  set(state, "biddingMode", v.bidding.mode);
  syncItems(state.bids, v.bidding.history, () => new BidCall(), (item, b) => {
    set(item, "seat", b.seat);
    set(item, "round", b.round);
    set(item, "call", b.call);
    set(item, "suit", b.suit ?? "");
  });
  set(state, "hokumBidder", v.bidding.hokumBidder ?? -1);
  set(state, "hokumSuit", v.bidding.hokumSuit ?? "");
  set(state, "sunBidder", v.bidding.sunBidder ?? -1);

  const c = v.contract;
  set(state, "contract", c ? c.kind : "");
  set(state, "trump", c?.trump ?? "");
  set(state, "buyer", c ? c.buyer : -1);
  set(state, "ashkal", c?.ashkal ?? false);
  set(state, "faceUpTo", c ? c.faceUpTo : -1);

  const d = v.doubling;
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

  set(state, "trickNo", v.trickNo);
  syncTrick(state.trick, v.trick);
  syncTrick(state.lastTrick, v.lastTrick);
  syncPrimitives(state.tricksWon, v.tricksWon);
  syncPrimitives(state.cardPoints, v.cardPoints);

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

export function syncBalootPrivate(seat: BalootSeat, v: BalootView | null): void {
  syncPrimitives(seat.hand, v?.myCards ?? []);
  syncPrimitives(seat.legalActions, (v?.legalActions ?? []).map((a) => JSON.stringify(a)));
  syncPrimitives(seat.projects, (v?.projects.mine ?? []).map((p) => JSON.stringify(p)));
}
