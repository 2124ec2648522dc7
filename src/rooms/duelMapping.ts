import type { CreatureView, DuelView } from "../games/duel/index.js";
import { DuelCreature, DuelSide, type DuelSeat, type DuelState } from "../schema/DuelState.js";
import { syncItems, syncPrimitives } from "../schema/sync.js";

/** DuelView → DuelState schema, mutating in place (see src/schema/sync.ts). */

function syncCreature(target: DuelCreature, c: CreatureView): void {
  target.card = c.card;
  syncPrimitives(target.stack, c.stack);
  target.hp = c.hp;
  target.damage = c.damage;
  syncPrimitives(target.energy, c.energy);
  syncPrimitives(target.status, c.status);
  target.sinceTurn = c.sinceTurn;
}

export function syncDuelPublic(state: DuelState, v: DuelView): void {
  state.phase = v.phase;
  state.set = v.set;
  state.turn = v.turn;
  state.current = v.current;
  state.first = v.first;
  state.prizes = v.prizeCount;
  syncPrimitives(state.promote, v.promote);
  const search = v.search ? JSON.stringify({ seat: v.search.seat, card: v.search.card, filter: v.search.filter, left: v.search.left, takenCount: v.search.takenCount }) : "";
  state.search = search;
  syncItems(state.sides, v.players, () => new DuelSide(), (side, p) => {
    side.seat = p.seat;
    side.handCount = p.handCount;
    side.deckCount = p.deckCount;
    side.prizeCount = p.prizeCount;
    syncPrimitives(side.discard, p.discard);
    syncItems(side.active, p.active ? [p.active] : [], () => new DuelCreature(), syncCreature);
    syncItems(side.bench, p.bench, () => new DuelCreature(), syncCreature);
    side.placed = p.placed;
    side.hidden = p.hidden;
    side.mulligans = p.mulligans;
    side.ready = p.ready;
    side.attachedThisTurn = p.attachedThisTurn;
    side.retreatedThisTurn = p.retreatedThisTurn;
  });
}

export function syncDuelPrivate(seat: DuelSeat, v: DuelView | null): void {
  syncPrimitives(seat.hand, v?.hand ?? []);
  syncPrimitives(seat.legalActions, (v?.legal ?? []).map((a) => JSON.stringify(a)));
  const mine = v?.search && v.search.seat === v.viewer;
  syncPrimitives(seat.searchMatches, mine ? (v.search?.matches ?? []) : []);
  syncPrimitives(seat.searchTaken, mine ? (v.search?.taken ?? []) : []);
}
