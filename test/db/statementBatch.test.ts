/**
 * The registry's statement batch: a refused write is split out to fail alone, but a database
 * that is gone (closed, unreachable) is not retried half by half — every unit fails at once.
 */
import assert from "node:assert/strict";
import { CompiledQuery } from "kysely";
import { isDatabaseUnavailable } from "../../src/db/errors.js";
import { StatementBatch } from "../../src/db/statementBatch.js";
import { BACKENDS, openMigrated } from "../helpers/database.js";

/** Counts the transactions the batch tries (each asks the executor for one connection). */
function countAttempts(db: { getExecutor(): { provideConnection: (...args: never[]) => unknown } }): { n: number } {
  const executor = db.getExecutor();
  const provide = executor.provideConnection.bind(executor) as (...args: never[]) => unknown;
  const counter = { n: 0 };
  executor.provideConnection = (...args: never[]) => {
    counter.n += 1;
    return provide(...args);
  };
  return counter;
}

const select = (n: number) => CompiledQuery.raw(`select ${n} as n`);

for (const backend of BACKENDS) {
  describe(`StatementBatch (${backend})`, function () {
    this.timeout(60_000);

    it("stores every caller's statements in one transaction", async function () {
      const handle = await openMigrated(this, backend);
      try {
        const attempts = countAttempts(handle.db);
        const batch = new StatementBatch(handle.db);
        // The first unit starts a pass at once; the three asked meanwhile share the next one.
        const results = await Promise.all([1, 2, 3, 4].map((n) => batch.run([select(n)])));
        assert.deepEqual(
          results.map((r) => (r[0]?.rows[0] as { n: number }).n),
          [1, 2, 3, 4],
        );
        assert.equal(attempts.n, 2);
      } finally {
        await handle.close();
      }
    });

    it("splits a refused batch so only the refused unit fails", async function () {
      const handle = await openMigrated(this, backend);
      try {
        const batch = new StatementBatch(handle.db);
        await batch.run([select(0)]); // the next four go in one pass
        const outcomes = await Promise.allSettled([
          batch.run([select(1)]),
          batch.run([CompiledQuery.raw("select * from no_such_table")]),
          batch.run([select(3)]),
          batch.run([select(4)]),
        ]);
        assert.deepEqual(
          outcomes.map((o) => o.status),
          ["fulfilled", "rejected", "fulfilled", "fulfilled"],
        );
      } finally {
        await handle.close();
      }
    });

    it("fails every unit at once when the database was closed (no split, no retry)", async function () {
      const handle = await openMigrated(this, backend);
      await handle.close();
      const attempts = countAttempts(handle.db);
      const batch = new StatementBatch(handle.db);
      const first = batch.run([select(0)]); // a pass of its own; the next eight share one
      const rest = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => batch.run([select(n)]));
      const outcomes = await Promise.allSettled([first, ...rest]);
      for (const o of outcomes) {
        assert.equal(o.status, "rejected");
        assert.ok(isDatabaseUnavailable((o as PromiseRejectedResult).reason), String((o as PromiseRejectedResult).reason));
      }
      // One attempt per pass; split in halves it would be 1 + 15.
      assert.equal(attempts.n, 2);
    });
  });
}

describe("isDatabaseUnavailable", () => {
  it("knows a closed database (Kysely's destroyed driver, pg's ended pool)", () => {
    assert.ok(isDatabaseUnavailable(new Error("driver has already been destroyed")));
    assert.ok(isDatabaseUnavailable(new Error("Cannot use a pool after calling end on the pool")));
  });

  it("is false for a refused statement", () => {
    assert.ok(!isDatabaseUnavailable(Object.assign(new Error('relation "x" does not exist'), { code: "42P01" })));
  });
});
