import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { migrateToLatest, openDatabase, type DatabaseHandle } from "../../src/db/database.js";
import { applyMatchResults, recordExternalResult } from "../../src/services/results.js";
import { TEST_DATABASE_URL } from "../helpers/env.js";

/** Inserts a finished 4-seat match as the match recorder would, and returns its id. */
export async function insertFinishedMatch(
  handle: DatabaseHandle,
  seats: { userId: string | null; isBot?: boolean; team: number }[],
  winnerTeam: number | null,
  ranked = true,
): Promise<string> {
  const m = await handle.db
    .insertInto("matches")
    .values({
      game: "baloot",
      room_id: `room-${randomUUID().slice(0, 8)}`,
      options: JSON.stringify({}),
      seed: "ab".repeat(16),
      status: "finished",
      ranked,
      seed_revealed: true,
      winner_team: winnerTeam,
      scores: JSON.stringify([152, 80]),
      ended_at: new Date(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await handle.db
    .insertInto("match_players")
    .values(seats.map((s, seat) => ({ match_id: m.id, seat, team: s.team, user_id: s.userId, display_name: `P${seat}`, is_bot: s.isBot ?? false })))
    .execute();
  return m.id;
}

describe("match results and league points", function () {
  this.timeout(60_000);
  let handle: DatabaseHandle;

  before(async () => {
    handle = await openDatabase({ databaseUrl: TEST_DATABASE_URL, dataDir: "memory" });
    await migrateToLatest(handle.db);
  });
  after(async () => {
    await handle?.close();
  });

  const user = async (points = 1000, guest = false) =>
    (
      await handle.db
        .insertInto("users")
        .values({ display_name: "U", is_guest: guest, league_points: points, email: guest ? null : `r-${randomUUID()}@example.test` })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const points = async (id: string) =>
    (await handle.db.selectFrom("users").select("league_points").where("id", "=", id).executeTakeFirstOrThrow()).league_points;

  it("applies +25/-15 once, even when called again or concurrently", async () => {
    const [w1, l1, w2, l2, guest, g2] = [await user(), await user(), await user(), await user(10), await user(1000, true), await user()];
    const matchId = await insertFinishedMatch(
      handle,
      [
        { userId: w1, team: 0 },
        { userId: l1, team: 1 },
        { userId: w2, team: 0 },
        { userId: l2, team: 1 },
      ],
      0,
    );
    const guestMatch = await insertFinishedMatch(handle, [{ userId: guest, team: 0 }, { userId: g2, team: 1 }], 0);

    const runs = await Promise.all([1, 2, 3, 4].map(() => applyMatchResults(handle.db, matchId)));
    assert.equal(runs.filter((r) => r.applied).length, 1, "exactly one call applies");
    assert.equal((await applyMatchResults(handle.db, matchId)).applied, false);

    assert.equal(await points(w1), 1025);
    assert.equal(await points(l1), 985);
    assert.equal(await points(l2), 0, "never below 0");
    const rows = await handle.db.selectFrom("match_players").select(["seat", "result", "points_delta"]).where("match_id", "=", matchId).orderBy("seat").execute();
    assert.deepEqual(rows, [
      { seat: 0, result: "win", points_delta: 25 },
      { seat: 1, result: "loss", points_delta: -15 },
      { seat: 2, result: "win", points_delta: 25 },
      { seat: 3, result: "loss", points_delta: -10 },
    ]);

    await applyMatchResults(handle.db, guestMatch);
    assert.equal(await points(guest), 1000, "guests earn no league points");
    const g = await handle.db.selectFrom("match_players").select(["result", "points_delta"]).where("match_id", "=", guestMatch).where("seat", "=", 0).executeTakeFirstOrThrow();
    assert.deepEqual(g, { result: "win", points_delta: null });
  });

  it("moves league points only in ranked matches whose seats all started with registered players (no farming bots)", async () => {
    const [a, b, c, d] = [await user(), await user(), await user(), await user()];
    const seats = (bot: boolean) => [
      { userId: a, team: 0 },
      { userId: b, team: 1 },
      bot ? { userId: null, isBot: true, team: 0 } : { userId: c, team: 0 },
      { userId: d, team: 1 },
    ];
    // A casual table (quick, vs-bots, private): results for the stats, no points either way.
    const casual = await insertFinishedMatch(handle, seats(false), 1, false);
    const casualRun = await applyMatchResults(handle.db, casual);
    assert.deepEqual(casualRun.players?.map((p) => [p.result, p.pointsDelta]), [["loss", null], ["win", null], ["loss", null], ["win", null]]);
    // Ranked, but a bot held a seat from the start: unrated for everybody.
    const withBot = await insertFinishedMatch(handle, seats(true), 0, true);
    await applyMatchResults(handle.db, withBot);
    for (const u of [a, b, c, d]) assert.equal(await points(u), 1000);
    // Ranked with four players (a bot that took a departed player's seat leaves the seat his):
    // everyone, the one who left included, gets his team's result.
    const rated = await insertFinishedMatch(handle, seats(false), 0, true);
    await applyMatchResults(handle.db, rated);
    assert.deepEqual([await points(a), await points(b), await points(c), await points(d)], [1025, 985, 1025, 985]);
  });

  it("applies many matches sharing players concurrently without deadlocks or lost updates", async () => {
    const [a, b, c, d] = [await user(), await user(), await user(), await user()];
    // Same four accounts in different seat orders: a naive lock order would deadlock on Postgres.
    const orders = [[a, b, c, d], [d, c, b, a], [b, a, d, c], [c, d, a, b]];
    const ids = [];
    for (const o of orders) ids.push(await insertFinishedMatch(handle, o.map((u, seat) => ({ userId: u!, team: seat & 1 })), 0));
    const runs = await Promise.all(ids.map((id) => applyMatchResults(handle.db, id)));
    assert.ok(runs.every((r) => r.applied));
    // Team 0 (seats 0 and 2) won every match.
    for (const u of [a, b, c, d]) {
      const wins = orders.filter((o) => o.indexOf(u!) % 2 === 0).length;
      assert.equal(await points(u!), 1000 + 25 * wins - 15 * (orders.length - wins));
    }
  });

  it("does nothing for a live match, and draws score 0", async () => {
    const a = await user();
    const live = await insertFinishedMatch(handle, [{ userId: a, team: 0 }], 0);
    await handle.db.updateTable("matches").set({ status: "live" }).where("id", "=", live).execute();
    assert.equal((await applyMatchResults(handle.db, live)).applied, false);
    assert.equal((await applyMatchResults(handle.db, randomUUID())).applied, false);
    const draw = await insertFinishedMatch(handle, [{ userId: a, team: 0 }], null);
    const r = await applyMatchResults(handle.db, draw);
    assert.equal(r.players?.[0]?.result, "draw");
    assert.equal(await points(a), 1000);
  });

  it("records external results once per externalId", async () => {
    const a = await user();
    const key = `offline-${randomUUID()}`;
    const [r1, r2] = await Promise.all([
      recordExternalResult(handle.db, { userId: a, result: "win", game: "baloot", externalId: key }),
      recordExternalResult(handle.db, { userId: a, result: "win", game: "baloot", externalId: key }),
    ]);
    assert.equal(r1.matchId, r2.matchId);
    assert.deepEqual([r1.duplicate, r2.duplicate].sort(), [false, true]);
    assert.equal(await points(a), 1025);
    const loss = await recordExternalResult(handle.db, { userId: a, result: "loss", game: "baloot" });
    assert.equal(loss.pointsDelta, -15);
    assert.equal(loss.leaguePoints, 1010);
  });
});
