import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { defineRoom, matchMaker } from "@colyseus/core";
import { baloot } from "../../src/games/baloot/index.js";
import type { DiwanServer } from "../../src/platform/server.js";
import { applyMatchResults } from "../../src/services/results.js";
import { replay, type StoredEntry } from "../../src/services/replay.js";
import { BoxScoreRoom, insertPlayedMatch, playBotMatch } from "./fixtures.js";
import { api, signup, startApiServer, type TestSession } from "./helpers.js";

type ErrorBody = { error: { code: string } };
type Replay = { seed: string; seats: number; options: Record<string, unknown>; outcome: Record<string, unknown>; entries: StoredEntry[] };

describe("match history, box scores, replays", function () {
  this.timeout(60_000);
  let server: DiwanServer;
  let alice: TestSession;
  let bob: TestSession;
  const played = playBotMatch();
  let matchId: string;

  before(async () => {
    server = await startApiServer({}, { box_fixture: defineRoom(BoxScoreRoom) });
    alice = await signup(server, { firstName: "Alice" });
    bob = await signup(server, { firstName: "Bob" });
    matchId = await insertPlayedMatch(server.database.db, played, { users: [alice.user.id, bob.user.id, null, null] });
    assert.equal((await applyMatchResults(server.database.db, matchId)).applied, true);
  });
  after(async () => {
    await server?.shutdown();
  });

  it("GET /matches/:id: players, teams, result, timings", async () => {
    const res = await api<{ status: string; winnerTeam: number; players: { seat: number; userId: string | null; isBot: boolean; result: string; pointsDelta: number | null }[] }>(
      server, "GET", `/matches/${matchId}`, { token: bob.accessToken });
    assert.equal(res.status, 200);
    assert.equal(res.body.status, "finished");
    assert.equal(res.body.winnerTeam, played.outcome.winnerTeam);
    const aliceRow = res.body.players[0]!;
    assert.equal(aliceRow.userId, alice.user.id);
    assert.equal(aliceRow.result, played.outcome.winnerTeam === 0 ? "win" : "loss");
    // A casual table with bots: results, but no league points (issue 8, item 21).
    assert.equal(aliceRow.pointsDelta, null);
    assert.equal(res.body.players[2]!.isBot, true);
    assert.equal((await api(server, "GET", `/matches/${randomUUID()}`, { token: bob.accessToken })).status, 404);
    assert.equal((await api<ErrorBody>(server, "GET", "/matches/not-a-uuid", { token: bob.accessToken })).status, 400);
    assert.equal((await api(server, "GET", `/matches/${matchId}`)).status, 401);
  });

  it("GET /matches/me pages newest first", async () => {
    const carol = await signup(server, { firstName: "Carol" });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(
        await insertPlayedMatch(server.database.db, played, {
          users: [null, carol.user.id, null, null],
          createdAt: new Date(Date.UTC(2026, 0, 1 + i)),
          withBoxScore: false,
        }),
      );
    }
    const page1 = await api<{ items: { id: string; seat: number }[] }>(server, "GET", "/matches/me?limit=2", { token: carol.accessToken });
    assert.deepEqual(page1.body.items.map((m) => m.id), [ids[2], ids[1]]);
    assert.equal(page1.body.items[0]!.seat, 1);
    const page2 = await api<{ items: { id: string }[] }>(server, "GET", "/matches/me?limit=2&offset=2", { token: carol.accessToken });
    assert.deepEqual(page2.body.items.map((m) => m.id), [ids[0]]);
    assert.equal((await api(server, "GET", "/matches/me?limit=1000", { token: carol.accessToken })).status, 400);
    assert.equal((await api(server, "GET", "/matches/me")).status, 401);
  });

  it("GET /matches/:id/boxscore: stored when finished, rebuilt from events when no row", async () => {
    const stored = await api<{ source: string; final: boolean; box: unknown }>(server, "GET", `/matches/${matchId}/boxscore`, { token: alice.accessToken });
    assert.equal(stored.body.source, "stored");
    assert.equal(stored.body.final, true);
    assert.deepEqual(stored.body.box, played.box);
    const noRow = await insertPlayedMatch(server.database.db, played, { users: [alice.user.id, null, null, null], withBoxScore: false });
    const rebuilt = await api<{ source: string; box: unknown }>(server, "GET", `/matches/${noRow}/boxscore`, { token: alice.accessToken });
    assert.equal(rebuilt.body.source, "rebuilt");
    assert.deepEqual(rebuilt.body.box, stored.body.box, "rebuilt from match_events equals the stored box score");
  });

  it("GET /matches/:id/replay re-runs to the stored outcome", async () => {
    const res = await api<Replay>(server, "GET", `/matches/${matchId}/replay`, { token: bob.accessToken });
    assert.equal(res.status, 200);
    assert.equal(res.body.seed, played.seed);
    assert.equal(res.body.entries.length, played.entries.length);
    // Re-run it with the engine, as a client would.
    const again = replay(baloot, { seed: res.body.seed, seats: res.body.seats, options: res.body.options, entries: res.body.entries });
    assert.deepEqual(again.outcome, res.body.outcome);
    assert.deepEqual(again.outcome, played.outcome);
  });

  it("GET /matches/:id/verify recomputes every deal from the seed; a tampered deal is caught", async () => {
    const res = await api<{ ok: boolean; supported: boolean; hands: { hand: number; ok: boolean }[] }>(server, "GET", `/matches/${matchId}/verify`, { token: alice.accessToken });
    assert.equal(res.status, 200);
    assert.equal(res.body.supported, true);
    assert.equal(res.body.ok, true);
    assert.equal(res.body.hands.length, played.box.hands.length);

    // Swap one dealt card for another in a copy of the match.
    const tampered = structuredClone(played);
    const first = tampered.entries[0]!.events as { type: string; to?: number; cards?: string[] }[];
    const dealt = first.find((e) => e.type === "dealt" && e.to === 0)!;
    const other = first.find((e) => e.type === "dealt" && e.to === 1)!;
    [dealt.cards![0], other.cards![0]] = [other.cards![0]!, dealt.cards![0]!];
    const badId = await insertPlayedMatch(server.database.db, tampered, { users: [alice.user.id, null, null, null] });
    const bad = await api<{ ok: boolean; hands: { hand: number; ok: boolean; mismatches: string[] }[] }>(server, "GET", `/matches/${badId}/verify`, { token: alice.accessToken });
    assert.equal(bad.body.ok, false);
    assert.deepEqual(bad.body.hands[0]!.mismatches, ["seat 0 first deal", "seat 1 first deal"]);
    assert.ok(bad.body.hands.slice(1).every((h) => h.ok));
  });

  it("refuses replay and verify while live (409) or when the seed was never revealed (403)", async () => {
    const live = await insertPlayedMatch(server.database.db, played, { users: [alice.user.id, bob.user.id, null, null], status: "live" });
    for (const what of ["replay", "verify"]) {
      const r = await api<ErrorBody>(server, "GET", `/matches/${live}/${what}`, { token: alice.accessToken });
      assert.equal(r.status, 409);
      assert.equal(r.body.error.code, "MATCH_LIVE");
      assert.equal(JSON.stringify(r.body).includes(played.seed), false, "the seed never leaks");
    }
    const details = await api(server, "GET", `/matches/${live}`, { token: alice.accessToken });
    assert.equal(JSON.stringify(details.body).includes(played.seed), false);
    // A stacked deck (test hook) in the options is withheld while live.
    const stackedLive = await insertPlayedMatch(server.database.db, { ...played, options: { dealer: 0, deck: "AS KS" } }, { users: [alice.user.id, null, null, null], status: "live" });
    const hidden = await api<{ options: Record<string, unknown> }>(server, "GET", `/matches/${stackedLive}`, { token: alice.accessToken });
    assert.deepEqual(hidden.body.options, { dealer: 0 });
    const interrupted = await insertPlayedMatch(server.database.db, played, { users: [alice.user.id, null, null, null], status: "interrupted" });
    const r = await api<ErrorBody>(server, "GET", `/matches/${interrupted}/replay`, { token: alice.accessToken });
    assert.equal(r.status, 403);
    assert.equal(r.body.error.code, "SEED_NOT_REVEALED");
    assert.equal((await api(server, "GET", `/matches/${matchId}/replay`)).status, 401);
  });

  it("live tables: /games/me/active lists rooms I sit in; the box score comes from the room", async () => {
    const room = await matchMaker.createRoom("box_fixture", {});
    const live = await insertPlayedMatch(server.database.db, played, {
      users: [alice.user.id, null, bob.user.id, null],
      status: "live",
      roomId: room.roomId,
    });
    // A live match whose room is gone is not offered for rejoining.
    await insertPlayedMatch(server.database.db, played, { users: [alice.user.id, null, null, null], status: "live", roomId: "gone-room" });

    const active = await api<{ items: { matchId: string; roomId: string; seat: number; game: string }[] }>(server, "GET", "/games/me/active", { token: bob.accessToken });
    assert.deepEqual(active.body.items.map((i) => [i.matchId, i.roomId, i.seat, i.game]), [[live, room.roomId, 2, "baloot"]]);
    const mine = await api<{ items: { roomId: string }[] }>(server, "GET", "/games/me/active", { token: alice.accessToken });
    assert.deepEqual(mine.body.items.map((i) => i.roomId), [room.roomId]);

    const box = await api<{ source: string; final: boolean; box: unknown }>(server, "GET", `/matches/${live}/boxscore`, { token: alice.accessToken });
    assert.equal(box.body.source, "live");
    assert.deepEqual(box.body.box, BoxScoreRoom.box);
    assert.equal((await api(server, "GET", "/games/me/active")).status, 401);
  });
});
