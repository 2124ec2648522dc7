/** The generic die-face fingerprint (for dice games such as the baseball game). */
import { strict as assert } from "node:assert";
import { diceSpec, emptyDiceFingerprint, recordRoll } from "../../../../src/games/core/fairness/dice.js";
import { evaluate, mergeInto } from "../../../../src/games/core/fairness/fingerprint.js";
import { streamFor } from "../../../../src/games/core/rng.js";

function roll(fair: boolean, matches: number, seed: string) {
  const spec = diceSpec("dice", 6);
  const fp = emptyDiceFingerprint(spec);
  const rng = streamFor(seed);
  for (let m = 0; m < matches; m++) {
    let prev: number | undefined;
    for (let i = 0; i < 100; i++) {
      const face = fair ? rng.int(6) + 1 : rng.int(7) === 0 ? 6 : rng.int(6) + 1;
      recordRoll(fp, 6, face, prev);
      prev = face;
    }
  }
  return { spec, fp };
}

describe("dice fingerprint", () => {
  it("fair rolls pass, a die loaded towards 6 fails the face test", () => {
    const fair = roll(true, 300, "fair");
    assert.equal(fair.fp.observations, 30_000);
    assert.equal(fair.fp.pairs.faceSerial!.n, 300 * 99);
    assert.ok(evaluate(fair.spec, fair.fp).every((t) => t.pass));
    const loaded = roll(false, 300, "loaded");
    const face = evaluate(loaded.spec, loaded.fp).find((t) => t.name === "face")!;
    assert.ok(face.pValue < 1e-6);
  });

  it("profiles merge by adding: two halves give the same tests as the whole", () => {
    const a = roll(true, 10, "a");
    const b = roll(true, 10, "b");
    const whole = mergeInto(mergeInto(emptyDiceFingerprint(a.spec), a.fp), b.fp);
    assert.equal(whole.observations, 2000);
    assert.equal(whole.tables.face![0]!.reduce((x, y) => x + y, 0), 2000);
    assert.equal(whole.runs.highRuns!.pairs, 20 * 99);
  });

  it("refuses faces out of range and bad specs", () => {
    const spec = diceSpec("dice", 6);
    assert.throws(() => recordRoll(emptyDiceFingerprint(spec), 6, 7, undefined), RangeError);
    assert.throws(() => recordRoll(emptyDiceFingerprint(spec), 6, 0, undefined), RangeError);
    assert.throws(() => diceSpec("dice", 1), RangeError);
  });
});
