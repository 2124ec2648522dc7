/**
 * Dice: every roll is an event. Server dice come from the seeded RNG kept in the state; manual
 * dice (physical dice at a private table) come from values a manager entered, validated by range.
 * When a manual resolution runs out of entered dice it throws NeedDice and the engine asks for
 * the next die.
 */
import { createRng, type Rng } from "../core/rng.js";
import type { BaseballEvent } from "./events.js";
import type { BaseballState, DieKind, ManualDie } from "./state.js";

export class NeedDice extends Error {
  constructor(readonly kind: DieKind) {
    super(`need ${kind}`);
  }
}

export interface Dice {
  d6(purpose: string): number;
  /** Returns the total of two d6. */
  twoD6(purpose: string): number;
  d20(purpose: string): number;
}

/** Dice from the state's seeded RNG. */
export function serverDice(state: BaseballState, events: BaseballEvent[]): Dice {
  const rng: Rng = createRng(state.rng);
  const one = (sides: number): number => rng.int(sides) + 1;
  return {
    d6(purpose) {
      const v = one(6);
      events.push({ type: "roll", die: "d6", values: [v], purpose, manual: false });
      return v;
    },
    twoD6(purpose) {
      const a = one(6);
      const b = one(6);
      events.push({ type: "roll", die: "2d6", values: [a, b], purpose, manual: false });
      return a + b;
    },
    d20(purpose) {
      const v = one(20);
      events.push({ type: "roll", die: "d20", values: [v], purpose, manual: false });
      return v;
    },
  };
}

/** Dice from the entered list, in order; NeedDice when the next one has not been entered yet. */
export function manualDice(entered: readonly ManualDie[], events: BaseballEvent[]): Dice {
  let next = 0;
  const take = (kind: DieKind, purpose: string): number[] => {
    const die = entered[next];
    if (!die) throw new NeedDice(kind);
    if (die.kind !== kind) throw new Error(`manual die ${next} is a ${die.kind}, resolution asked for ${kind}`);
    next++;
    events.push({ type: "roll", die: kind, values: die.values.slice(), purpose, manual: !die.server });
    return die.values;
  };
  return {
    d6: (purpose) => take("d6", purpose)[0] as number,
    twoD6: (purpose) => {
      const [a, b] = take("2d6", purpose);
      return (a as number) + (b as number);
    },
    d20: (purpose) => take("d20", purpose)[0] as number,
  };
}

/** Range check for entered values: [1..6] for d6, two of them for 2d6, [1..20] for d20. */
export function validDie(kind: DieKind, values: readonly number[]): boolean {
  const sides = kind === "d20" ? 20 : 6;
  const count = kind === "2d6" ? 2 : 1;
  return values.length === count && values.every((v) => Number.isInteger(v) && v >= 1 && v <= sides);
}

/** Server-rolled values for one die of `kind` (the "roll for me" action and bots at manual tables). */
export function rollValues(kind: DieKind, rng: Rng): number[] {
  if (kind === "d20") return [rng.int(20) + 1];
  if (kind === "d6") return [rng.int(6) + 1];
  return [rng.int(6) + 1, rng.int(6) + 1];
}
