/**
 * The shipped card set: original fictional teams and players generated once by
 * scripts/baseball/generate-set.ts and committed as cardsets/originals.json.
 */
import { validateCardSet, type CardSet } from "./cards.js";
import originals from "./cardsets/originals.json" with { type: "json" };

let shipped: CardSet | null = null;

/** The shipped set, validated once (deep-frozen: games share it and never change cards). */
export function shippedSet(): CardSet {
  if (!shipped) shipped = deepFreeze(validateCardSet(originals));
  return shipped;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === "object") {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
