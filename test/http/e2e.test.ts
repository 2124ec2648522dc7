import assert from "node:assert/strict";
import { Client } from "@colyseus/sdk";
import { baloot } from "../../src/games/baloot/index.js";
import type { DiwanServer } from "../../src/platform/server.js";
import { applyMatchResults } from "../../src/services/results.js";
import { replay, type StoredEntry } from "../../src/services/replay.js";
import { Recorded, act, until } from "../helpers/tables.js";
import { api, signup, startApiServer } from "./helpers.js";

interface TableView {
  status: string;
  seq: number;
  toAct: number;
  seats: { legalActions: string[] }[];
}

/**
 * A full match in a real BalootRoom (one signed-up player, three bots) and everything the API
 * says about it afterwards: results and league points once, stats, leaderboard, history, box
 * score, replay and verification.
 */
describe("end to end: a bot match becomes results, stats, history and a replay", function () {
  this.timeout(180_000);
  let server: DiwanServer;

  before(async () => {
    server = await startApiServer({ BOT_DELAY_MS: "0" });
  });
  after(async () => {
    await server?.shutdown();
  });

  it("plays a match and checks every API view of it", async () => {
    const firstName = `E2e${Date.now().toString(36)}`;
    const me = await signup(server, { firstName, lastName: "Player" });
    const client = new Client(server.url);
    client.auth.token = me.accessToken;
    // A short match (first team to 1 point) keeps the test quick; the flow is the same.
    const room = await client.create("baloot", { mode: "bots", game: { targetScore: 1 } });
    const rec = new Recorded(room);
    const state = () => room.state as unknown as TableView;
    await until(() => state()?.status === "playing", 15_000, "match start");

    // The match row is stored in the background right after the start: wait for it (bounded).
    let active = await api<{ items: { roomId: string; seat: number }[] }>(server, "GET", "/games/me/active", { token: me.accessToken });
    for (let i = 0; i < 100 && active.body.items.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      active = await api<{ items: { roomId: string; seat: number }[] }>(server, "GET", "/games/me/active", { token: me.accessToken });
    }
    assert.deepEqual(active.body.items.map((i) => [i.roomId, i.seat]), [[room.roomId, 0]]);

    while (state().status !== "finished") {
      const mine = state().seats[0];
      if (state().toAct === 0 && mine && mine.legalActions.length > 0) {
        const seqBefore = state().seq;
        await new Promise((r) => setTimeout(r, 60));
        const ack = await act(rec, JSON.parse(mine.legalActions[0] as string));
        assert.equal(ack.ok, true, JSON.stringify(ack));
        await until(() => state().seq > seqBefore || state().status === "finished", 10_000, "state update");
      } else {
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    const ended = rec.of<{ matchId: string; outcome: { winnerTeam: number | null } }>("matchEnded")[0];
    assert.ok(ended, "matchEnded message");
    const matchId = ended.matchId;
    const db = server.database.db;
    await until(() => false, 0).catch(() => {});
    let applied = false;
    for (let i = 0; i < 200 && !applied; i++) {
      const m = await db.selectFrom("matches").select("results_applied_at").where("id", "=", matchId).executeTakeFirst();
      applied = Boolean(m?.results_applied_at);
      if (!applied) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(applied, "the room applied the results when the match ended");
    assert.equal((await applyMatchResults(db, matchId)).applied, false, "a retry changes nothing");

    const won = ended.outcome.winnerTeam === 0;
    // A casual vs-bots table counts in the stats but never moves league points (issue 8, item 21).
    const expected = 1000;
    const profile = await api<{ leaguePoints: number }>(server, "GET", "/me", { token: me.accessToken });
    assert.equal(profile.body.leaguePoints, expected);
    const stats = await api<Record<string, unknown>>(server, "GET", `/stats/${encodeURIComponent(me.email)}`, { token: me.accessToken });
    assert.deepEqual(stats.body, {
      email: me.email,
      gamesPlayed: 1,
      wins: won ? 1 : 0,
      losses: ended.outcome.winnerTeam !== null && !won ? 1 : 0,
      winRate: won ? 100 : 0,
      leaguePoints: expected,
      firstName,
      lastName: "Player",
    });

    // On the leaderboard exactly once, with the new points.
    let found: { rank: number; leaguePoints: number }[] = [];
    for (let offset = 0; offset < 5000; offset += 100) {
      const page = await api<{ leaderboard: { rank: number; firstName: string; leaguePoints: number }[] }>(server, "GET", `/leaderboard?offset=${offset}&limit=100`);
      found = found.concat(page.body.leaderboard.filter((e) => e.firstName === firstName));
      if (page.body.leaderboard.length < 100) break;
    }
    assert.deepEqual(found.map((e) => e.leaguePoints), [expected]);

    const history = await api<{ items: { id: string; result: string; pointsDelta: number | null }[] }>(server, "GET", "/matches/me", { token: me.accessToken });
    assert.equal(history.body.items[0]?.id, matchId);
    assert.equal(history.body.items[0]?.pointsDelta, null, "an unrated match has no points delta");

    const box = await api<{ source: string; final: boolean; box: { final: { winnerTeam: number | null } | null } }>(server, "GET", `/matches/${matchId}/boxscore`, { token: me.accessToken });
    assert.equal(box.body.source, "stored");
    assert.equal(box.body.final, true);
    const rp = await api<{ seed: string; seats: number; options: Record<string, unknown>; outcome: unknown; entries: StoredEntry[] }>(server, "GET", `/matches/${matchId}/replay`, { token: me.accessToken });
    const again = replay(baloot, rp.body);
    assert.equal((again.outcome as { winnerTeam: number | null }).winnerTeam, ended.outcome.winnerTeam);
    // The stored box score equals the one rebuilt from the stored events.
    assert.deepEqual(box.body.box, baloot.summarise(rp.body.entries.flatMap((e) => e.events) as never));
    const verify = await api<{ ok: boolean }>(server, "GET", `/matches/${matchId}/verify`, { token: me.accessToken });
    assert.equal(verify.body.ok, true);

    const publicStats = await api<{ baloot: { matches: number; handsPlayed: number } }>(server, "GET", `/players/${me.user.id}/stats`);
    assert.equal(publicStats.body.baloot.matches, 1);
    assert.ok(publicStats.body.baloot.handsPlayed >= 1);
    await room.leave().catch(() => {});
  });
});
