/**
 * Stored logs replay exactly: seeded matches through the public API (events, views, legal action
 * lists in order, timeout actions, refusals, outcomes) digest to the values recorded in
 * fixtures/golden-play.json from the engine before its speed work (commit 919388e). Any change in
 * what a client or a replay can observe fails here.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { GOLDEN_FILE, GOLDEN_MATCHES, GOLDEN_OPTIONS, playGolden, type GoldenMatch } from "./goldenPlay.js";

describe("baloot golden replay (behaviour pinned across engine changes)", function () {
  this.timeout(120_000);
  const recorded = JSON.parse(readFileSync(GOLDEN_FILE, "utf8")) as GoldenMatch[];

  it("covers every rule variant", () => {
    assert.equal(recorded.length, GOLDEN_MATCHES);
    assert.deepEqual([...new Set(recorded.map((m) => m.options))].sort(), GOLDEN_OPTIONS.map((_, i) => i));
  });

  it("every seeded match digests as recorded", () => {
    for (const m of recorded) {
      const got = playGolden(m.seed, m.options);
      assert.deepEqual(got, m, `match ${m.seed} (options ${m.options}) differs from the recorded behaviour`);
    }
  });
});
