/**
 * The main-phase moves other than attacks and trainers: attach one energy per turn, evolve,
 * retreat once per turn, pass.
 */
import { IllegalAction } from "../core/IllegalAction.js";
import { refusal, refuse, type Refusal } from "./refusal.js";
import { catalogueFor } from "./catalogue.js";
import type { DuelEvent } from "./events.js";
import { clearStatus, creatureAt, top, type DuelState } from "./state.js";
import { endTurn } from "./turn.js";
import { creatureCard } from "./attack.js";
import { takeFromHand, type ActionRandom } from "./zones.js";

function inHand(state: DuelState, seat: number, card: string): void {
  if (!state.players[seat]!.hand.includes(card)) throw new IllegalAction("CARD_NOT_IN_HAND", `${card} is not in your hand`);
}

function slotOf(state: DuelState, seat: number, slot: number) {
  const c = creatureAt(state.players[seat]!, slot);
  if (!c) throw new IllegalAction("BAD_SLOT", `no creature of yours at slot ${slot}`);
  return c;
}

export function applyAttach(state: DuelState, seat: number, card: string, slot: number, events: DuelEvent[]): void {
  const p = state.players[seat]!;
  inHand(state, seat, card);
  if (catalogueFor(state.set).byId.get(card)?.kind !== "energy") throw new IllegalAction("NOT_AN_ENERGY", `${card} is not an energy card`);
  if (p.attached) throw new IllegalAction("ENERGY_ALREADY_ATTACHED", "one energy attachment per turn");
  const c = slotOf(state, seat, slot);
  takeFromHand(state, seat, card);
  c.energy.push(card);
  p.attached = true;
  events.push({ type: "attached", seat, card, slot });
}

/** Why `card` may not evolve the creature at `slot` now, or null when it may. */
export function evolveRefusal(state: DuelState, seat: number, card: string, slot: number): Refusal | null {
  if (!state.players[seat]!.hand.includes(card)) return refusal("CARD_NOT_IN_HAND", `${card} is not in your hand`);
  const def = catalogueFor(state.set).byId.get(card);
  if (def?.kind !== "creature" || def.stage === 0) return refusal("NOT_AN_EVOLUTION", `${card} is not an evolution card`);
  const c = creatureAt(state.players[seat]!, slot);
  if (!c) return refusal("BAD_SLOT", `no creature of yours at slot ${slot}`);
  if (def.evolvesFrom !== top(c)) return refusal("EVOLUTION_MISMATCH", `${card} evolves from ${def.evolvesFrom}, not ${top(c)}`);
  if (c.sinceTurn === state.turn) return refusal("EVOLVE_TOO_SOON", "a creature cannot evolve on the turn it was played or evolved");
  return null;
}

/** Evolution keeps damage and energy and removes status conditions. */
export function applyEvolve(state: DuelState, seat: number, card: string, slot: number, events: DuelEvent[]): void {
  refuse(evolveRefusal(state, seat, card, slot));
  const c = creatureAt(state.players[seat]!, slot)!;
  const from = top(c);
  takeFromHand(state, seat, card);
  c.stack.push(card);
  c.sinceTurn = state.turn;
  clearStatus(c);
  events.push({ type: "evolved", seat, slot, from, into: card });
}

/** Why the active creature may not retreat to `slot` now, or null when it may. */
export function retreatRefusal(state: DuelState, seat: number, slot: number): Refusal | null {
  const p = state.players[seat]!;
  const c = p.active!;
  if (p.retreated) return refusal("ALREADY_RETREATED", "one retreat per turn");
  if (c.special === "asleep") return refusal("CREATURE_ASLEEP", "an asleep creature cannot retreat");
  if (c.special === "paralysed") return refusal("CREATURE_PARALYSED", "a paralysed creature cannot retreat");
  if (slot < 1 || slot > p.bench.length) return refusal("BAD_SLOT", p.bench.length === 0 ? "your bench is empty" : `retreat to a benched creature: slot 1..${p.bench.length}`);
  const cost = creatureCard(state, c).retreat;
  if (c.energy.length < cost) return refusal("NOT_ENOUGH_ENERGY", `retreating costs ${cost} energy`);
  return null;
}

/** Retreat: discard energy equal to the retreat cost (most recently attached first), swap with the bench. */
export function applyRetreat(state: DuelState, seat: number, slot: number, events: DuelEvent[]): void {
  refuse(retreatRefusal(state, seat, slot));
  const p = state.players[seat]!;
  const old = p.active!;
  const cost = creatureCard(state, old).retreat;
  const discarded = cost > 0 ? old.energy.splice(old.energy.length - cost) : [];
  p.discard.push(...discarded);
  clearStatus(old);
  p.active = p.bench[slot - 1]!;
  p.bench[slot - 1] = old;
  p.retreated = true;
  events.push({ type: "retreated", seat, slot, active: top(p.active), discarded });
}

export function applyPass(state: DuelState, rand: ActionRandom, events: DuelEvent[]): void {
  endTurn(state, rand, events);
}
