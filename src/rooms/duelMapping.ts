import type { CreatureView, DuelView } from "../games/duel/index.js";
import { DuelCreature, DuelSide, type DuelSeat, type DuelState } from "../schema/DuelState.js";
import { setIfChanged as set, syncItems, syncPrimitives } from "../schema/sync.js";

/** DuelView → DuelState schema, mutating in place (see src/schema/sync.ts). */

function syncCreature(target: DuelCreature, c: CreatureView): void {
  set(target, "card", c.card);
  syncPrimitives(target.stack, c.stack);
  set(target, "hp", c.hp);
  set(target, "damage", c.damage);
  syncPrimitives(target.energy, c.energy);
  syncPrimitives(target.status, c.status);
  set(target, "sinceTurn", c.sinceTurn);
}

export function syncDuelPublic(state: DuelState, v: DuelView): void {
  set(state, "phase", v.phase);
  set(state, "set", v.set);
  set(state, "turn", v.turn);
  set(state, "current", v.current);
  set(state, "first", v.first);
  set(state, "prizes", v.prizeCount);
  syncPrimitives(state.promote, v.promote);
  const search = v.search ? JSON.stringify({ seat: v.search.seat, card: v.search.card, filter: v.search.filter, left: v.search.left, takenCount: v.search.takenCount }) : "";
  set(state, "search", search);
  syncItems(state.sides, v.players, () => new DuelSide(), (side, p) => {
    set(side, "seat", p.seat);
    set(side, "handCount", p.handCount);
    set(side, "deckCount", p.deckCount);
    set(side, "prizeCount", p.prizeCount);
    syncPrimitives(side.discard, p.discard);
    syncItems(side.active, p.active ? [p.active] : [], () => new DuelCreature(), syncCreature);
    syncItems(side.bench, p.bench, () => new DuelCreature(), syncCreature);
    set(side, "placed", p.placed);
    set(side, "hidden", p.hidden);
    set(side, "mulligans", p.mulligans);
    set(side, "ready", p.ready);
    set(side, "attachedThisTurn", p.attachedThisTurn);
    set(side, "retreatedThisTurn", p.retreatedThisTurn);
  });
}

export function syncDuelPrivate(seat: DuelSeat, v: DuelView | null): void {
  syncPrimitives(seat.hand, v?.hand ?? []);
  syncPrimitives(seat.legalActions, (v?.legal ?? []).map((a) => JSON.stringify(a)));
  const mine = v?.search && v.search.seat === v.viewer;
  syncPrimitives(seat.searchMatches, mine ? (v.search?.matches ?? []) : []);
  syncPrimitives(seat.searchTaken, mine ? (v.search?.taken ?? []) : []);
}
