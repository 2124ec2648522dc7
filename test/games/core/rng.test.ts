/** Core RNG: determinism, stream independence, unbiased sampling (sanity), shuffle is a permutation. */
import { strict as assert } from "node:assert";
import { createRng, newSeed, seedState, streamFor } from "../../../src/games/core/rng.js";

describe("core rng", () => {
  it("newSeed gives 256 bits of hex, different each time", () => {
    const a = newSeed();
    assert.match(a, /^[0-9a-f]{64}$/);
    assert.notEqual(a, newSeed());
  });
  it("same seed and label → same stream; different labels → different streams", () => {
    const a = streamFor("s", "hand:1");
    const b = streamFor("s", "hand:1");
    const c = streamFor("s", "hand:2");
    const xs = [a.nextU32(), a.nextU32(), a.nextU32()];
    assert.deepEqual(xs, [b.nextU32(), b.nextU32(), b.nextU32()]);
    assert.notDeepEqual(xs, [c.nextU32(), c.nextU32(), c.nextU32()]);
  });
  it("state is plain JSON and resumable", () => {
    const r = createRng(seedState("s"));
    r.nextU32();
    const saved = JSON.parse(JSON.stringify(r.state)) as [number, number, number, number];
    const next = r.nextU32();
    assert.equal(createRng(saved).nextU32(), next);
  });
  it("int(n) stays in range and is roughly uniform (chi-square sanity)", () => {
    const r = streamFor("chi");
    for (const n of [2, 3, 7, 32]) {
      const counts = new Array<number>(n).fill(0);
      const N = 20000;
      for (let i = 0; i < N; i++) {
        const x = r.int(n);
        assert.ok(Number.isInteger(x) && x >= 0 && x < n);
        counts[x]!++;
      }
      const e = N / n;
      const chi = counts.reduce((a, c) => a + ((c - e) * (c - e)) / e, 0);
      // Generous bound: the 99.99th percentile of chi-square with 31 d.o.f. is about 70.
      assert.ok(chi < 80, `chi-square ${chi.toFixed(1)} for n=${n}`);
    }
    assert.throws(() => r.int(0), RangeError);
    assert.throws(() => r.int(1.5), RangeError);
    assert.equal(r.int(1), 0);
  });
  it("shuffle is a permutation and every position sees every card", () => {
    const r = streamFor("shuffle");
    const seen = Array.from({ length: 32 }, () => new Set<number>());
    for (let k = 0; k < 400; k++) {
      const deck = Array.from({ length: 32 }, (_, i) => i);
      r.shuffle(deck);
      assert.deepEqual([...deck].sort((a, b) => a - b), Array.from({ length: 32 }, (_, i) => i));
      deck.forEach((c, i) => seen[i]!.add(c));
    }
    assert.ok(seen.every((s) => s.size === 32));
  });
});
