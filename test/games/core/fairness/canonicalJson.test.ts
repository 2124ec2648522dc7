/**
 * The log's hash chain hashes canonicalJson's text, so its output may never change: it is compared
 * with the plain recursive definition it replaced, on random values.
 */
import assert from "node:assert/strict";
import { canonicalJson } from "../../../../src/games/core/fairness/commitReveal.js";
import { canonicalEntryJson } from "../../../../src/games/core/fairness/canonicalJson.js";
import { streamFor } from "../../../../src/games/core/rng.js";

/** The definition as first written (sorted keys via filter/sort/map/join), kept as the reference. */
function reference(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : reference(v))).join(",")}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${reference(obj[k])}`).join(",")}}`;
}

const KEYS = ["a", "b", "type", "seat", "card", "10", "9", "é", "Z", "_x", 'q"uote', "line\nbreak", "", "aa", "ab"];
const STRINGS = ["", "10H", "naïve", 'say "hi"', "tab\tand\\slash", "\u2028", "😀", "\u0001"];
const NUMBERS = [0, -0, 1, -1, 0.5, 1e21, 1e-7, 152, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53];

function randomValue(int: (n: number) => number, depth: number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const kind = int(depth > 3 ? 6 : 9);
  switch (kind) {
    case 0: return pick(STRINGS);
    case 1: return pick(NUMBERS);
    case 2: return int(2) === 0;
    case 3: return null;
    case 4: return undefined;
    case 5: return new Date(int(2 ** 31) * 1000);
    case 6:
    case 7: {
      const obj: Record<string, unknown> = {};
      const n = int(6);
      for (let i = 0; i < n; i++) obj[pick(KEYS)] = randomValue(int, depth + 1);
      return obj;
    }
    default:
      return Array.from({ length: int(5) }, () => randomValue(int, depth + 1));
  }
}

describe("canonicalJson (the text the log's hash chain covers)", () => {
  it("writes exactly what the recursive definition writes, on 20,000 random values", () => {
    const rng = streamFor("canonical-json");
    for (let i = 0; i < 20_000; i++) {
      const value = randomValue((n) => rng.int(n), 0);
      assert.equal(canonicalJson(value), reference(value), JSON.stringify(value));
    }
  });

  it("sorts keys at every level, drops undefined members and writes undefined items as null", () => {
    const value = { b: 1, a: { d: [undefined, { z: 1, y: undefined }], c: "x" }, u: undefined, "10": 0, "9": 0 };
    assert.equal(canonicalJson(value), '{"10":0,"9":0,"a":{"c":"x","d":[null,{"z":1}]},"b":1}');
    assert.equal(canonicalJson(undefined), "null");
    assert.equal(canonicalJson(new Date(0)), '"1970-01-01T00:00:00.000Z"');
    assert.throws(() => canonicalJson({ n: 1n }), TypeError);
  });

  it("writes a log entry without building it: the text of the entry object, on 20,000 random entries", () => {
    const rng = streamFor("canonical-entry");
    const int = (n: number) => rng.int(n);
    for (let i = 0; i < 20_000; i++) {
      // Each member drawn like any value (undefined included: a dropped member), and as the log has them.
      const typed = int(2) === 0;
      const seq = typed ? int(1000) : randomValue(int, 2);
      const seat = typed ? (int(5) === 4 ? null : int(4)) : randomValue(int, 2);
      const source = typed ? ["player", "bot", "timeout", "room"][int(4)] : randomValue(int, 2);
      const action = typed ? (int(3) === 0 ? null : randomValue(int, 1)) : randomValue(int, 1);
      const events = typed ? Array.from({ length: int(4) }, () => randomValue(int, 1)) : randomValue(int, 1);
      const entry = { seq, seat, source, action, events };
      assert.equal(canonicalEntryJson(seq, seat, source, action, events), canonicalJson(entry), JSON.stringify(entry));
      assert.equal(canonicalJson(entry), reference(entry));
    }
  });

  it("an object's keys are sorted the same way when a member is itself an object (nested key lists)", () => {
    const value = { z: { y: { x: 1, w: 2 }, v: 3 }, u: [{ t: 1, s: { r: 1, q: 2 } }], p: 0 };
    assert.equal(canonicalJson(value), reference(value));
    assert.equal(canonicalJson(value), '{"p":0,"u":[{"s":{"q":2,"r":1},"t":1}],"z":{"v":3,"y":{"w":2,"x":1}}}');
    // A value that throws deep inside leaves nothing behind for the next one.
    assert.throws(() => canonicalJson({ b: { c: { d: 1n } }, a: 1 }), TypeError);
    assert.equal(canonicalJson(value), reference(value));
  });
});
