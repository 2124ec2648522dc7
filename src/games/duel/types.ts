/**
 * Card data types: a card set is plain JSON of these shapes (validated by catalogue.ts on load).
 * Card effects are data over the closed set of effect primitives below; no card has code of its own.
 */

export const ELEMENTS = ["flame", "tide", "grove", "volt", "stone", "shade"] as const;
export type Element = (typeof ELEMENTS)[number];
/** An attack cost symbol: one energy of that element, or `any` for an energy of any element. */
export type CostSymbol = Element | "any";

export const CONDITIONS = ["asleep", "paralysed", "poisoned", "burned"] as const;
export type Condition = (typeof CONDITIONS)[number];

/** Trainer search filters. */
export const SEARCH_FILTERS = ["basic", "evolution", "creature", "energy", "any"] as const;
export type SearchFilter = (typeof SEARCH_FILTERS)[number];

/**
 * The effect primitives. Where each may appear (attack / trainer) is checked on load:
 * - draw        (attack, trainer) the acting player draws `count` cards (fewer if the deck runs short).
 * - heal        (attack, trainer) removes up to `amount` damage: `self` = the own active creature
 *               (the attacker), `chosen` = a creature of the player's choice (trainer only; the action's `slot`).
 * - cure        (trainer) removes every status condition from the own active creature.
 * - status      (attack) puts `condition` on the defending creature; with `onHeads` only when a coin flip is heads.
 * - bonusOnHeads(attack) flips a coin; heads adds `amount` to the attack's base damage.
 * - benchDamage (attack) puts `amount` damage on each benched creature of `side` (no weakness/resistance).
 * - discardEnergy (attack) the attacker discards `count` attached energy cards (most recently attached first).
 * - recoil      (attack) the attacker takes `amount` damage (no weakness/resistance).
 * - search      (trainer) the player looks at the cards of the deck matching `filter`, takes up to `count`, then shuffles.
 * - switch      (trainer) swaps the own active creature with the benched creature in the action's `slot`.
 */
export type Effect =
  | { op: "draw"; count: number }
  | { op: "heal"; amount: number; target: "self" | "chosen" }
  | { op: "cure" }
  | { op: "status"; condition: Condition; onHeads?: boolean }
  | { op: "bonusOnHeads"; amount: number }
  | { op: "benchDamage"; amount: number; side: "opponent" | "own" }
  | { op: "discardEnergy"; count: number }
  | { op: "recoil"; amount: number }
  | { op: "search"; filter: SearchFilter; count: number }
  | { op: "switch" };

export type EffectOp = Effect["op"];

export interface Attack {
  name: string;
  cost: CostSymbol[];
  damage: number;
  effects?: Effect[];
}

export interface CreatureCard {
  id: string;
  name: string;
  kind: "creature";
  element: Element;
  hp: number;
  /** 0 = basic; 1 and 2 evolve from the card named by `evolvesFrom` (one stage lower). */
  stage: 0 | 1 | 2;
  evolvesFrom?: string;
  weakness?: Element;
  resistance?: Element;
  retreat: number;
  attacks: Attack[];
}

export interface EnergyCard {
  id: string;
  name: string;
  kind: "energy";
  element: Element;
}

export interface TrainerCard {
  id: string;
  name: string;
  kind: "trainer";
  text: string;
  effects: Effect[];
}

export type Card = CreatureCard | EnergyCard | TrainerCard;

export interface CardSet {
  set: string;
  cards: Card[];
}
