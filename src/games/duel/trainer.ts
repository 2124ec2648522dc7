/**
 * Trainer cards: their effects run in the order the card lists them; a search opens a SEARCH step
 * in which only its player sees the matching deck cards and picks up to `count`, then the deck is
 * shuffled. The trainer card goes to the discard pile when played.
 */
import { IllegalAction } from "../core/IllegalAction.js";
import { refusal, refuse, type Refusal } from "./refusal.js";
import { catalogueFor } from "./catalogue.js";
import type { DuelEvent } from "./events.js";
import { clearStatus, creatureAt, top, type DuelState } from "./state.js";
import type { Card, SearchFilter, TrainerCard } from "./types.js";
import { draw, shuffleDeck, takeFromHand, type ActionRandom } from "./zones.js";

/** Whether a trainer needs a `slot`: a chosen heal (any own creature) or a switch (a benched one). */
export function trainerTarget(card: TrainerCard): "any" | "bench" | null {
  if (card.effects.some((e) => e.op === "switch")) return "bench";
  if (card.effects.some((e) => e.op === "heal" && e.target === "chosen")) return "any";
  return null;
}

export function matchesFilter(card: Card, filter: SearchFilter): boolean {
  switch (filter) {
    case "any":
      return true;
    case "energy":
      return card.kind === "energy";
    case "creature":
      return card.kind === "creature";
    case "basic":
      return card.kind === "creature" && card.stage === 0;
    case "evolution":
      return card.kind === "creature" && card.stage > 0;
  }
}

/** Why `card` may not be played with `slot` now, or null when it may. */
export function trainerRefusal(state: DuelState, seat: number, card: string, slot: number | undefined): Refusal | null {
  const p = state.players[seat]!;
  if (!p.hand.includes(card)) return refusal("CARD_NOT_IN_HAND", `${card} is not in your hand`);
  const def = catalogueFor(state.set).byId.get(card);
  if (def?.kind !== "trainer") return refusal("NOT_A_TRAINER", `${card} is not a trainer card`);
  const target = trainerTarget(def);
  if (target === null) return slot === undefined ? null : refusal("BAD_SLOT", `${card} takes no target`);
  if (slot === undefined) return refusal("TARGET_REQUIRED", `${card} needs a target slot`);
  if (target === "bench" && slot === 0) return refusal("BAD_SLOT", "switch with a benched creature: slot 1..5");
  if (!creatureAt(p, slot)) return refusal("BAD_SLOT", `no creature of yours at slot ${slot}`);
  return null;
}

export function applyTrainer(state: DuelState, seat: number, card: string, slot: number | undefined, rand: ActionRandom, events: DuelEvent[]): void {
  refuse(trainerRefusal(state, seat, card, slot));
  const p = state.players[seat]!;
  const def = catalogueFor(state.set).byId.get(card) as TrainerCard;
  takeFromHand(state, seat, card);
  p.discard.push(card);
  events.push({ type: "trainerPlayed", seat, card, slot: slot ?? null });
  for (const e of def.effects) {
    switch (e.op) {
      case "draw":
        draw(state, seat, e.count, events);
        break;
      case "heal": {
        const at = e.target === "chosen" ? slot! : 0;
        const c = creatureAt(p, at)!;
        const amount = Math.min(e.amount, c.damage);
        if (amount > 0) {
          c.damage -= amount;
          events.push({ type: "healed", seat, slot: at, amount });
        }
        break;
      }
      case "cure": {
        const c = p.active!;
        for (const condition of [c.special, c.poisoned ? "poisoned" : null, c.burned ? "burned" : null] as const) {
          if (condition) events.push({ type: "statusRemoved", seat, slot: 0, condition });
        }
        clearStatus(c);
        break;
      }
      case "switch": {
        const old = p.active!;
        clearStatus(old);
        p.active = p.bench[slot! - 1]!;
        p.bench[slot! - 1] = old;
        events.push({ type: "switched", seat, slot: slot!, active: top(p.active) });
        break;
      }
      case "search":
        state.search = { seat, card, filter: e.filter, left: e.count, taken: [] };
        state.phase = "SEARCH";
        if (searchMatches(state).length === 0) endSearch(state, rand, events);
        break;
      default:
        break; // attack-only primitives are refused on load
    }
  }
}

/** Distinct ids of the deck cards the running search may still take (sorted: order reveals nothing). */
export function searchMatches(state: DuelState): string[] {
  const s = state.search!;
  if (s.left === 0) return [];
  const byId = catalogueFor(state.set).byId;
  const ids = new Set(state.players[s.seat]!.deck.filter((id) => matchesFilter(byId.get(id)!, s.filter)));
  return [...ids].sort();
}

export function applyPick(state: DuelState, card: string, rand: ActionRandom, events: DuelEvent[]): void {
  const s = state.search!;
  if (!searchMatches(state).includes(card)) throw new IllegalAction("CARD_NOT_FOUND", `${card} is not a card this search may take`);
  const p = state.players[s.seat]!;
  // Which copy is taken does not matter: the deck is shuffled when the search ends.
  p.deck.splice(p.deck.lastIndexOf(card), 1);
  p.hand.push(card);
  s.taken.push(card);
  s.left--;
  if (s.left === 0 || searchMatches(state).length === 0) endSearch(state, rand, events);
}

/** Ends the search: what was taken (count public, cards private), then the deck is shuffled. */
export function endSearch(state: DuelState, rand: ActionRandom, events: DuelEvent[]): void {
  const s = state.search!;
  events.push({ type: "searchTook", seat: s.seat, count: s.taken.length });
  if (s.taken.length > 0) events.push({ type: "searchCards", to: s.seat, cards: s.taken.slice() });
  shuffleDeck(state, s.seat, rand.get(), events);
  state.search = null;
  state.phase = "MAIN";
}
