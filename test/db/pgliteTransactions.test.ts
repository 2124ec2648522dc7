/**
 * The embedded database's worker protocol: a whole transaction is ONE request to the worker
 * (BEGIN, statements, COMMIT), rolled back whole at the first error; statements outside a
 * transaction are pipelined, yet never land inside another caller's open transaction.
 */
import assert from "node:assert/strict";
import type { Worker } from "node:worker_threads";
import { sql, type Kysely } from "kysely";
import { openDatabase, type DatabaseHandle } from "../../src/db/database.js";
import { startPGliteWorker, type PGliteWorkerClient } from "../../src/db/pgliteHost.js";
import { executeInOneTransaction } from "../../src/db/wholeTransaction.js";
import { createMetrics, type Metrics } from "../../src/platform/metrics.js";

/** Counts the requests the main thread posts to the worker. */
function countRequests(client: PGliteWorkerClient): { readonly n: number; ops: string[] } {
  const worker = (client as unknown as { worker: Worker }).worker;
  const post = worker.postMessage.bind(worker);
  const counter = { n: 0, ops: [] as string[] };
  worker.postMessage = (message: { op: string }) => {
    counter.n += 1;
    counter.ops.push(message.op);
    post(message);
  };
  return counter;
}

describe("PGlite worker: whole transactions and pipelined statements", function () {
  this.timeout(60_000);

  describe("the worker client", () => {
    let client: PGliteWorkerClient;
    before(async () => {
      client = await startPGliteWorker(null);
      await client.query("create table t (id int primary key, v text not null)");
    });
    after(async () => {
      await client?.close();
    });

    it("runs a whole transaction in one request, results in statement order", async () => {
      const requests = countRequests(client);
      const results = await client.runTransaction([
        { sql: "insert into t (id, v) values ($1, $2), ($3, $4)", params: [1, "a", 2, "b"] },
        { sql: "update t set v = $1 where id = $2", params: ["B", 2] },
        { sql: "select id, v from t order by id", params: [] },
      ]);
      assert.equal(requests.n, 1);
      assert.deepEqual(requests.ops, ["transaction"]);
      assert.equal(results[0]?.affectedRows, 2);
      assert.equal(results[1]?.affectedRows, 1);
      assert.deepEqual(results[2]?.rows, [
        { id: 1, v: "a" },
        { id: 2, v: "B" },
      ]);
    });

    it("an error rolls the whole transaction back and is the answer; the database goes on outside any transaction", async () => {
      await assert.rejects(
        client.runTransaction([
          { sql: "insert into t (id, v) values ($1, $2)", params: [10, "kept?"] },
          { sql: "insert into t (id, v) values ($1, $2)", params: [1, "duplicate key"] },
        ]),
        (err: Error & { code?: string }) => err.code === "23505",
      );
      assert.deepEqual((await client.query("select id from t where id = 10")).rows, []);
      // Not left inside a transaction: a later statement commits on its own.
      await client.query("insert into t (id, v) values (11, 'x')");
      assert.deepEqual((await client.query("select count(*)::int as n from t where id = 11")).rows, [{ n: 1 }]);
    });
  });

  describe("through Kysely", () => {
    let handle: DatabaseHandle;
    let db: Kysely<{ k: { id: number; v: string } }>;
    let metrics: Metrics;
    before(async () => {
      metrics = createMetrics();
      handle = await openDatabase({ dataDir: "memory", metrics, acquireTimeoutMs: 2000 });
      db = handle.db as unknown as Kysely<{ k: { id: number; v: string } }>;
      await sql`create table k (id int primary key, v text not null)`.execute(db);
    });
    after(async () => {
      await handle?.close();
    });

    const counted = async (operation: string, result = "ok"): Promise<number> =>
      (await metrics.dbQueries.get()).values.filter((v) => v.labels.operation === operation && v.labels.result === result).reduce((n, v) => n + v.value, 0);

    it("executeInOneTransaction commits every statement or none, and still counts each statement", async () => {
      const [beginsBefore, insertsBefore] = [await counted("begin"), await counted("insert")];
      await executeInOneTransaction(handle.db, [
        db.insertInto("k").values({ id: 1, v: "one" }).compile(),
        db.insertInto("k").values({ id: 2, v: "two" }).compile(),
      ]);
      assert.equal((await counted("begin")) - beginsBefore, 1);
      assert.equal((await counted("insert")) - insertsBefore, 2);
      await assert.rejects(
        executeInOneTransaction(handle.db, [db.insertInto("k").values({ id: 3, v: "three" }).compile(), db.insertInto("k").values({ id: 1, v: "again" }).compile()]),
      );
      assert.deepEqual((await db.selectFrom("k").select("id").orderBy("id").execute()).map((r) => r.id), [1, 2]);
      assert.ok((await counted("rollback", "error")) >= 1);
    });

    it("a statement sent while another caller's transaction is open waits for its end and never sees inside it", async () => {
      let release!: () => void;
      const hold = new Promise<void>((r) => (release = r));
      let inserted!: () => void;
      const insertedInTx = new Promise<void>((r) => (inserted = r));
      const tx = db
        .transaction()
        .execute(async (t) => {
          await t.insertInto("k").values({ id: 50, v: "uncommitted" }).execute();
          inserted();
          await hold;
          throw new Error("roll it back");
        })
        .catch((err: Error) => err.message);
      await insertedInTx;
      let outsideDone = false;
      const outside = db
        .selectFrom("k")
        .select("id")
        .where("id", "=", 50)
        .execute()
        .then((rows) => {
          outsideDone = true;
          return rows;
        });
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(outsideDone, false, "the outside statement waits while the transaction is open");
      release();
      assert.equal(await tx, "roll it back");
      assert.deepEqual(await outside, [], "it ran after the rollback, outside the transaction");
    });

    it("pipelines statements outside transactions: many concurrent ones all answer, in order of their writes", async () => {
      await Promise.all(Array.from({ length: 200 }, (_, i) => db.insertInto("k").values({ id: 1000 + i, v: `p${i}` }).execute()));
      const n = await db.selectFrom("k").select((eb) => eb.fn.countAll<number>().as("n")).where("id", ">=", 1000).executeTakeFirstOrThrow();
      assert.equal(Number(n.n), 200);
    });
  });
});
