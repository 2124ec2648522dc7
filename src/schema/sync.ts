import type { ArraySchema, Schema } from "@colyseus/schema";

/**
 * In-place schema updates: arrays are patched element by element, so each state patch carries
 * just the change.
 *
 * Primitive fields are plain assignments in the mappings (`state.phase = v.phase`): a schema
 * setter given the value the field already holds returns without recording a change
 * (@colyseus/schema `makePrimitiveSetter`; test/rooms/balootMapping.test.ts checks that a second
 * sync of the same view leaves nothing to encode). A generic `set(target, key, value)` helper did
 * the same with one keyed access shared by every field of every schema class: megamorphic, so
 * each write went through V8's generic property lookup (issue 10, docs/CAPACITY.md).
 *
 * Reading an ArraySchema goes through its Proxy (costly per element), and most arrays do not
 * change on a given move (a game's lineup, bench, innings…). So each array written here keeps a
 * plain copy of the values it was last given (`shadows`): the next call compares plain values and
 * touches the schema only when they differ (issue 10: the sync was ≈ half of a move's room CPU).
 * This relies on these helpers being the only writers of the arrays they sync, which holds for
 * every mapping (src/rooms/*Mapping.ts) and the table's `activeSeats`.
 */
const shadows = new WeakMap<object, unknown[]>();


export function syncPrimitives<T extends string | number>(target: ArraySchema<T>, values: readonly T[]): void {
  const shadow = shadows.get(target);
  if (shadow && samePrimitives(shadow, values)) return;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as T;
    if (i < target.length) {
      if (target[i] !== v) target[i] = v;
    } else {
      target.push(v);
    }
  }
  while (target.length > values.length) target.pop();
  shadows.set(target, values.slice());
}

/** Patch an ArraySchema of schema items from plain values, reusing existing items. */
export function syncItems<I extends Schema, V>(
  target: ArraySchema<I>,
  values: readonly V[],
  create: () => I,
  apply: (item: I, value: V) => void,
): void {
  const shadow = shadows.get(target);
  if (shadow && samePlain(shadow, values)) return;
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
  shadows.set(target, plainCopy(values) as unknown[]);
}

function samePrimitives(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Deep equality of plain values (primitives, arrays, plain objects: what engine views are made of). */
function samePlain(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!samePlain(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  // for…in rather than Object.keys: no key arrays per comparison (views are plain objects, no inherited keys).
  let count = 0;
  for (const k in a) {
    count += 1;
    if (!samePlain((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  for (const _ in b) count -= 1;
  return count === 0;
}

/** A deep copy of plain values, so a later change to the view objects cannot alter the shadow. */
function plainCopy(v: unknown): unknown {
  if (typeof v !== "object" || v === null) return v;
  if (Array.isArray(v)) return v.map(plainCopy);
  const out: Record<string, unknown> = {};
  for (const k in v) out[k] = plainCopy((v as Record<string, unknown>)[k]);
  return out;
}
