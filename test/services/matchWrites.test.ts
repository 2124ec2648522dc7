/** The match log's entry INSERTs, written directly (matchWrites.ts), are the statements Kysely compiles. */
import { strict as assert } from "node:assert";
import { Kysely, PostgresDialect } from "kysely";
import type { Database } from "../../src/db/tables.js";
import { entryInserts, entryRow, type MatchWrite } from "../../src/services/matchWrites.js";
import type { LogEntry } from "../../src/services/matchStore.js";

/** Only compiles: the pool is never asked for a connection. */
const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: {} as never }) });

function kyselyInserts(writes: readonly MatchWrite[]) {
  const rows = writes.flatMap((w) => w.entries.map((e) => entryRow(w.matchId, e)));
  const out = [];
  for (let i = 0; i < rows.length; i += 500) {
    out.push(
      db
        .insertInto("match_events")
        .values(rows.slice(i, i + 500))
        .onConflict((oc) => oc.columns(["match_id", "seq"]).doNothing())
        .compile(),
    );
  }
  return out;
}

function entry(seq: number, variant: number): LogEntry {
  const e: LogEntry = { seq, at: new Date(1_700_000_000_000 + seq), seat: variant % 5 === 0 ? null : variant % 4, source: variant % 3 === 0 ? "bot" : "player", action: variant % 7 === 0 ? null : { type: "play", card: `${seq}H` }, events: [{ type: "play", seat: 1, card: "7S" }, { n: "ش" }] };
  if (variant % 2 === 0) e.hash = `h${seq}`;
  if (variant % 3 === 1) e.actionId = `id-${seq}`;
  return e;
}

describe("match log entry inserts", () => {
  for (const sizes of [[], [1], [3, 0, 2], [500], [499, 2], [1001], [250, 250, 1]]) {
    it(`matches of ${JSON.stringify(sizes)} entries: same SQL text and parameters as Kysely's`, () => {
      let n = 0;
      const writes: MatchWrite[] = sizes.map((count, m) => ({ matchId: `00000000-0000-4000-8000-00000000000${m}`, entries: Array.from({ length: count }, (_, i) => entry(i + 1, n++)) }));
      const ours = entryInserts(writes);
      const theirs = kyselyInserts(writes);
      assert.equal(ours.length, theirs.length);
      for (let i = 0; i < ours.length; i++) {
        assert.equal(ours[i]!.sql, theirs[i]!.sql);
        assert.deepEqual(ours[i]!.parameters, theirs[i]!.parameters);
      }
    });
  }
});
