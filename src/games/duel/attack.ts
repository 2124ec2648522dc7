/**
 * Attacks: energy cost, weakness (×2) and resistance (−20), coin flips, the attack's effects in
 * the order the card lists them, then the end of the turn.
 */
import { refusal, refuse, type Refusal } from "./refusal.js";
import { catalogueFor } from "./catalogue.js";
import type { DuelEvent } from "./events.js";
import { opponent, top, type DuelState, type InPlay } from "./state.js";
import { addDamage, endTurn } from "./turn.js";
import type { CostSymbol, CreatureCard, Element, EnergyCard } from "./types.js";
import { draw, type ActionRandom } from "./zones.js";

export const RESISTANCE = 20;
export const WEAKNESS_FACTOR = 2;

export function creatureCard(state: DuelState, c: InPlay): CreatureCard {
  return catalogueFor(state.set).byId.get(top(c)) as CreatureCard;
}

function energyElements(state: DuelState, c: InPlay): Element[] {
  const byId = catalogueFor(state.set).byId;
  return c.energy.map((id) => (byId.get(id) as EnergyCard).element);
}

/** Whether the attached energy pays `cost`: each typed symbol needs its element, `any` takes what is left. */
export function paysCost(state: DuelState, c: InPlay, cost: readonly CostSymbol[]): boolean {
  if (c.energy.length < cost.length) return false;
  const left = new Map<Element, number>();
  for (const e of energyElements(state, c)) left.set(e, (left.get(e) ?? 0) + 1);
  for (const sym of cost) {
    if (sym === "any") continue;
    const n = left.get(sym) ?? 0;
    if (n === 0) return false;
    left.set(sym, n - 1);
  }
  return true;
}

/** Why the active creature of `seat` may not use attack `index` now, or null when it may. */
export function attackRefusal(state: DuelState, seat: number, index: number): Refusal | null {
  const c = state.players[seat]!.active!;
  const card = creatureCard(state, c);
  if (state.turn === 1) return refusal("FIRST_TURN_NO_ATTACK", "the first player may not attack on the first turn");
  if (c.special === "asleep") return refusal("CREATURE_ASLEEP", "an asleep creature cannot attack");
  if (c.special === "paralysed") return refusal("CREATURE_PARALYSED", "a paralysed creature cannot attack");
  const attack = card.attacks[index];
  if (!attack) return refusal("NO_SUCH_ATTACK", `${card.id} has ${card.attacks.length} attack(s)`);
  if (!paysCost(state, c, attack.cost)) return refusal("NOT_ENOUGH_ENERGY", `${attack.name} costs ${attack.cost.join(" + ")}`);
  return null;
}

/** Damage of an attack on `defender` after weakness and resistance (never negative). */
export function damageAfter(base: number, attacker: CreatureCard, defender: CreatureCard): { damage: number; weakness: boolean; resistance: boolean } {
  if (base <= 0) return { damage: 0, weakness: false, resistance: false };
  const weakness = defender.weakness === attacker.element;
  const resistance = defender.resistance === attacker.element;
  let damage = weakness ? base * WEAKNESS_FACTOR : base;
  if (resistance) damage = Math.max(0, damage - RESISTANCE);
  return { damage, weakness, resistance };
}

export function applyAttack(state: DuelState, seat: number, index: number, rand: ActionRandom, events: DuelEvent[]): void {
  refuse(attackRefusal(state, seat, index));
  const me = state.players[seat]!;
  const foeSeat = opponent(seat);
  const foe = state.players[foeSeat]!;
  const attacker = me.active!;
  const defender = foe.active!;
  const attackerCard = creatureCard(state, attacker);
  const attack = attackerCard.attacks[index]!;
  const effects = attack.effects ?? [];

  let base = attack.damage;
  let heads: boolean | null = null;
  for (const e of effects) {
    if (e.op !== "bonusOnHeads") continue;
    heads = rand.coin();
    events.push({ type: "coin", seat, heads, for: attack.name });
    if (heads) base += e.amount;
  }
  const hit = damageAfter(base, attackerCard, creatureCard(state, defender));
  events.push({ type: "attack", seat, card: attackerCard.id, attack: attack.name, target: top(defender), base, heads, ...hit });
  addDamage(state, foeSeat, 0, defender, hit.damage, "attack", events);

  for (const e of effects) {
    switch (e.op) {
      case "status": {
        if (e.onHeads) {
          const h = rand.coin();
          events.push({ type: "coin", seat, heads: h, for: attack.name });
          if (!h) break;
        }
        if (e.condition === "poisoned") defender.poisoned = true;
        else if (e.condition === "burned") defender.burned = true;
        else defender.special = e.condition;
        events.push({ type: "statusAdded", seat: foeSeat, slot: 0, condition: e.condition });
        break;
      }
      case "heal": {
        const amount = Math.min(e.amount, attacker.damage);
        if (amount > 0) {
          attacker.damage -= amount;
          events.push({ type: "healed", seat, slot: 0, amount });
        }
        break;
      }
      case "draw":
        draw(state, seat, e.count, events);
        break;
      case "benchDamage": {
        const side = e.side === "own" ? seat : foeSeat;
        state.players[side]!.bench.forEach((c, i) => addDamage(state, side, i + 1, c, e.amount, "bench", events));
        break;
      }
      case "discardEnergy": {
        const cards = attacker.energy.splice(Math.max(0, attacker.energy.length - e.count));
        if (cards.length > 0) {
          me.discard.push(...cards);
          events.push({ type: "energyDiscarded", seat, slot: 0, cards });
        }
        break;
      }
      case "recoil":
        addDamage(state, seat, 0, attacker, e.amount, "recoil", events);
        break;
      default:
        break; // bonusOnHeads was resolved with the damage; trainer-only primitives are refused on load
    }
  }
  endTurn(state, rand, events);
}
