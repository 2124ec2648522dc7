import assert from "node:assert/strict";
import { sql } from "kysely";
import { migrateToLatest, openDatabase } from "../../src/db/database.js";
import { toInt } from "../../src/db/normalize.js";
import { TEST_DATABASE_URL } from "../helpers/env.js";

const EXPECTED_TABLES = ["audit_log", "box_scores", "fairness_folded", "fairness_luck", "fairness_profiles", "match_events", "match_players", "matches", "table_members", "tables", "users"];

for (const backend of ["pglite", "postgres"] as const) {
  describe(`migrations on ${backend}`, function () {
    this.timeout(60_000);

    before(function () {
      if (backend === "postgres" && !TEST_DATABASE_URL) {
        console.log("      (skipped: DATABASE_URL is not set; .ci/run sets it)");
        this.skip();
      }
    });

    it("create every core table, are idempotent, and behave the same", async () => {
      const handle = await openDatabase({
        databaseUrl: backend === "postgres" ? TEST_DATABASE_URL : undefined,
        dataDir: "memory",
      });
      try {
        await migrateToLatest(handle.db);
        assert.deepEqual(await migrateToLatest(handle.db), [], "second run applies nothing");
        const tables = await sql<{ table_name: string }>`
          select table_name from information_schema.tables
          where table_schema = current_schema() and table_name not like 'kysely_%'`.execute(handle.db);
        const names = tables.rows.map((r) => r.table_name).sort();
        for (const t of EXPECTED_TABLES) assert.ok(names.includes(t), `missing table ${t}`);

        // Defaults, uuid generation, jsonb and the (match_id, seq) idempotency key.
        const user = await handle.db
          .insertInto("users")
          .values({ display_name: "Migration Test" })
          .returning(["id", "league_points", "role"])
          .executeTakeFirstOrThrow();
        assert.match(user.id, /^[0-9a-f-]{36}$/);
        assert.equal(user.league_points, 1000);
        assert.equal(user.role, "player");
        const match = await handle.db
          .insertInto("matches")
          .values({ game: "baloot", room_id: "r1", options: JSON.stringify({ a: 1 }), seed: "s" })
          .returning(["id", "status"])
          .executeTakeFirstOrThrow();
        assert.equal(match.status, "live");
        const row = { match_id: match.id, seq: 1, at: new Date(), seat: 0, source: "player" as const, action: JSON.stringify({ x: 1 }), events: JSON.stringify([]) };
        await handle.db.insertInto("match_events").values(row).execute();
        await handle.db.insertInto("match_events").values(row).onConflict((oc) => oc.columns(["match_id", "seq"]).doNothing()).execute();
        const count = await handle.db
          .selectFrom("match_events")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("match_id", "=", match.id)
          .executeTakeFirstOrThrow();
        assert.equal(toInt(count.n as string | number), 1);
        await assert.rejects(
          handle.db.updateTable("users").set({ league_points: -1 }).where("id", "=", user.id).execute(),
          /check/i,
        );
        await handle.db.deleteFrom("matches").where("id", "=", match.id).execute();
        await handle.db.deleteFrom("users").where("id", "=", user.id).execute();
      } finally {
        await handle.close();
      }
    });
  });
}
