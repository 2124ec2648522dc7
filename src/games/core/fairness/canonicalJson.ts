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
 * an object's keys are put in order in one shared array (writeObject), not in a new array each.
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

/**
 * The keys of the objects being written, one segment per object on the stack of nested objects
 * (from `top` at its start): collected with for…in into this one array and put in order in
 * place, so writing an object allocates no key array and runs no comparator sort (an event's
 * few keys, in the engine's order, are sorted per entry on the action path: issue 10).
 */
const keyStack: string[] = [];
let top = 0;

function writeObject(obj: Record<string, unknown>): string {
  const base = top;
  for (const key in obj) {
    if (!Object.prototype.hasOwnProperty.call(obj, key)) continue;
    // Insertion into the sorted segment: UTF-16 code-unit order, as Array.prototype.sort's default.
    let i = top++;
    while (i > base && (keyStack[i - 1] as string) > key) {
      keyStack[i] = keyStack[i - 1] as string;
      i--;
    }
    keyStack[i] = key;
  }
  const end = top;
  let out = "{";
  let first = true;
  try {
    for (let i = base; i < end; i++) {
      const key = keyStack[i] as string;
      const member = obj[key];
      if (member === undefined) continue;
      out += (first ? "" : ",") + quoteKey(key) + ":" + write(member);
      first = false;
    }
  } finally {
    top = base;
  }
  return out + "}";
}

/**
 * The canonical JSON of `{ seq, seat, source, action, events }` (a log entry as the hash chain
 * covers it), written straight in sorted key order (action, events, seat, seq, source) without
 * building the object: the same text as `canonicalJson` of that object.
 */
export function canonicalEntryJson(seq: unknown, seat: unknown, source: unknown, action: unknown, events: unknown): string {
  let out = "{";
  if (action !== undefined) out += '"action":' + write(action);
  if (events !== undefined) out += (out.length > 1 ? "," : "") + '"events":' + write(events);
  if (seat !== undefined) out += (out.length > 1 ? "," : "") + '"seat":' + write(seat);
  if (seq !== undefined) out += (out.length > 1 ? "," : "") + '"seq":' + write(seq);
  if (source !== undefined) out += (out.length > 1 ? "," : "") + '"source":' + write(source);
  return out + "}";
}
