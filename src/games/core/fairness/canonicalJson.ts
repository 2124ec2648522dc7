/**
 * Canonical JSON: object keys sorted (UTF-16 code-unit order, as `Array.prototype.sort`) at every
 * level, arrays in order, `undefined` members dropped, `undefined` array items written as null,
 * Dates as their ISO string; everything else as `JSON.stringify` writes it (a `toJSON` other than
 * Date's is not called). The log's hash chain hashes this text (commitReveal.ts), so its output
 * is fixed byte for byte: test/games/core/fairness/canonicalJson.test.ts compares it with the
 * plain recursive definition on random values.
 *
 * Written as one pass that appends to a string, because it runs once per logged action: the
 * earlier `keys.filter().sort().map().join()` per object was ≈ 40 µs and 9 KB of garbage per
 * Baloot action. Keys are quoted once and remembered (a log uses a few dozen distinct keys), and
 * key lists that are already sorted are not sorted again.
 */
export function canonicalJson(value: unknown): string {
  return write(value);
}

/** Quoted keys seen so far; bounded so a stream of distinct keys cannot grow it without end. */
const quotedKeys = new Map<string, string>();
const QUOTED_KEYS_MAX = 4096;

function quoteKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < QUOTED_KEYS_MAX) quotedKeys.set(key, quoted);
  }
  return quoted;
}

function write(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? String(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "object":
      if (value === null) return "null";
      if (Array.isArray(value)) return writeArray(value);
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      return writeObject(value as Record<string, unknown>);
    default:
      // undefined, functions and symbols are "null"; a bigint throws, as JSON.stringify does.
      return JSON.stringify(value) ?? "null";
  }
}

function writeArray(items: readonly unknown[]): string {
  let out = "[";
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ",";
    const item = items[i];
    out += item === undefined ? "null" : write(item);
  }
  return out + "]";
}

function writeObject(obj: Record<string, unknown>): string {
  const keys = Object.keys(obj);
  if (!isSorted(keys)) keys.sort();
  let out = "{";
  let first = true;
  for (const key of keys) {
    const member = obj[key];
    if (member === undefined) continue;
    out += (first ? "" : ",") + quoteKey(key) + ":" + write(member);
    first = false;
  }
  return out + "}";
}

function isSorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return false;
  return true;
}
