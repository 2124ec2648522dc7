import type { ArraySchema, Schema } from "@colyseus/schema";

/**
 * In-place schema updates: a field is written only when its value changed and arrays are patched
 * element by element, so each state patch carries just the change.
 */

export function setIfChanged<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): void {
  if (target[key] !== value) target[key] = value;
}

export function syncPrimitives<T extends string | number>(target: ArraySchema<T>, values: readonly T[]): void {
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
export function syncItems<I extends Schema, V>(
  target: ArraySchema<I>,
  values: readonly V[],
  create: () => I,
  apply: (item: I, value: V) => void,
): void {
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
