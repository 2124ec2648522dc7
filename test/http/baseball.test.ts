/** GET /baseball/players/:cardId/stats, /baseball/leaders, /baseball/managers/:userId/stats (issue 13). */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { Room } from "@colyseus/sdk";
import type { BaseballBoxScore } from "../../src/games/baseball/index.js";
import type { DiwanServer } from "../../src/platform/server.js";
import type { CardStats, ManagerLine } from "../../src/services/baseball/queries.js";
import { sdkClient, until } from "../helpers/tables.js";
import { insertBaseballGame, playBaseballGame } from "../services/baseballFixtures.js";
import { api, signup, startApiServer, type TestSession } from "./helpers.js";

type ManagerBody = { userId: string; displayName: string; career: ManagerLine; seasons: ManagerLine[] };
type LeadersBody = { stat: string; season: string; qualifier: string; min: number; leaders: { rank: number; cardId: string; value: number; PA: number; outs: number }[] };

/** A card's career batting and pitching counts summed straight from every stored final box score. */
async function directCareer(server: DiwanServer, cardId: string): Promise<{ PA: number; H: number; HR: number; outs: number; ER: number }> {
  const rows = await server.database.db
    .selectFrom("matches")
    .innerJoin("box_scores", "box_scores.match_id", "matches.id")
    .select("box_scores.box")
    .where("matches.game", "=", "baseball")
    .where("matches.status", "=", "finished")
    .execute();
  const sum = { PA: 0, H: 0, HR: 0, outs: 0, ER: 0 };
  for (const r of rows) {
    for (const t of (r.box as unknown as BaseballBoxScore).teams) {
      for (const b of t.batting.filter((x) => x.id === cardId)) {
        sum.PA += b.PA;
        sum.H += b.H;
        sum.HR += b.HR;
      }
      for (const p of t.pitching.filter((x) => x.id === cardId)) {
        sum.outs += p.outs;
        sum.ER += p.ER;
      }
    }
  }
  return sum;
}

describe("baseball league stats over HTTP", function () {
  this.timeout(300_000);
  let server: DiwanServer;
  let skipper: TestSession;
  const games = [playBaseballGame(), playBaseballGame(), playBaseballGame()];

  before(async () => {
    // Only the start-up round and the nudge after a finished game may refresh the views.
    server = await startApiServer({ BASEBALL_STATS_INTERVAL_MS: "86400000", BOT_DELAY_MS: "0" });
    skipper = await signup(server, { firstName: "Casey" });
    await insertBaseballGame(server.database.db, games[0]!, { managers: [skipper.user.id, null], endedAt: new Date("2024-05-01T12:00:00Z") });
    await insertBaseballGame(server.database.db, games[1]!, { managers: [null, skipper.user.id], endedAt: new Date("2024-06-01T12:00:00Z") });
    await insertBaseballGame(server.database.db, games[2]!, { managers: [null, null], endedAt: new Date("2024-07-01T12:00:00Z") });
  });
  after(async () => {
    await server?.shutdown();
  });

  it("a game finished in a real room is folded and refreshed in the background; the routes serve it", async () => {
    // The skipper manages the visitors against the bot, then leaves: the bot plays his team to the end.
    const room: Room = await sdkClient(server.url, { id: skipper.user.id, name: "Casey", token: skipper.accessToken }).create("baseball", { mode: "bots", game: { innings: 7 } });
    await until(() => (room.state as unknown as { status: string }).status === "playing", 10_000, "start");
    await room.leave();
    // The views are refreshed by the job the finished match nudged (its timer waits a day).
    const deadline = Date.now() + 180_000;
    for (;;) {
      const r = await api<ManagerBody>(server, "GET", `/baseball/managers/${skipper.user.id}/stats`);
      if (r.body.career.games >= 3) break;
      assert.ok(Date.now() < deadline, "the room's game never reached the manager's record");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const res = await api<ManagerBody>(server, "GET", `/baseball/managers/${skipper.user.id}/stats`);
    assert.equal(res.status, 200);
    const c = res.body.career;
    assert.equal(c.games, 3);
    assert.equal(c.wins + c.losses + c.ties, 3);
    assert.equal(res.body.seasons.find((s) => s.season === "2024")?.games, 2);
    assert.equal(res.body.seasons.find((s) => s.season === String(new Date().getUTCFullYear()))?.games, 1);
    assert.equal(res.body.displayName.length > 0, true);
  });

  it("GET /baseball/players/:cardId/stats: career equals the box scores; per-season lines; 404 for an unknown card", async () => {
    const cardId = games[0]!.box.teams[0]!.batting[0]!.id;
    const res = await api<CardStats>(server, "GET", `/baseball/players/${cardId}/stats`);
    assert.equal(res.status, 200);
    const direct = await directCareer(server, cardId);
    assert.equal(res.body.career.batting.PA, direct.PA);
    assert.equal(res.body.career.batting.H, direct.H);
    assert.equal(res.body.career.batting.HR, direct.HR);
    const ab = res.body.career.batting.AB;
    assert.equal(res.body.career.batting.AVG, ab > 0 ? Number((direct.H / ab).toFixed(3)) : null);
    assert.ok(res.body.seasons.some((s) => s.season === "2024"));
    assert.equal(res.body.seasons.reduce((n, s) => n + s.batting.PA, 0), direct.PA, "the seasons add up to the career");

    const pitcher = games[0]!.box.teams[1]!.pitching[0]!.id;
    const p = await api<CardStats>(server, "GET", `/baseball/players/${pitcher}/stats`);
    const pd = await directCareer(server, pitcher);
    assert.equal(p.body.career.pitching.outs, pd.outs);
    assert.equal(p.body.career.pitching.ER, pd.ER);
    assert.equal(p.body.career.pitching.ERA, pd.outs > 0 ? Number(((27 * pd.ER) / pd.outs).toFixed(2)) : null);

    const unknown = await api<{ error: { code: string } }>(server, "GET", "/baseball/players/NOPE-99/stats");
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, "UNKNOWN_CARD");
    assert.equal((await api(server, "GET", "/baseball/players/bad%20id/stats")).status, 400);
  });

  it("GET /baseball/leaders: best first among qualified cards; an unknown stat is refused naming the allowed ones", async () => {
    const avg = await api<LeadersBody>(server, "GET", "/baseball/leaders?stat=avg&min=5&limit=50");
    assert.equal(avg.status, 200);
    assert.equal(avg.body.qualifier, "PA");
    assert.equal(avg.body.season, "career");
    assert.ok(avg.body.leaders.length > 0);
    for (const l of avg.body.leaders) assert.ok(l.PA >= 5);
    for (let i = 1; i < avg.body.leaders.length; i++) assert.ok(avg.body.leaders[i - 1]!.value >= avg.body.leaders[i]!.value);
    const era = await api<LeadersBody>(server, "GET", "/baseball/leaders?stat=era&season=2024&min=9");
    assert.equal(era.body.qualifier, "outs");
    for (let i = 1; i < era.body.leaders.length; i++) assert.ok(era.body.leaders[i - 1]!.value <= era.body.leaders[i]!.value, "lower ERA first");
    assert.equal((await api<LeadersBody>(server, "GET", "/baseball/leaders?stat=hr")).body.min, 1, "the default minimum");

    const bad = await api<{ error: { code: string; message: string } }>(server, "GET", "/baseball/leaders?stat=bogus");
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /stat must be one of: avg, obp, slg, ops, .*era, whip, k9/);
    assert.equal((await api(server, "GET", "/baseball/leaders?stat=avg&season=last")).status, 400);
  });

  it("GET /baseball/managers/:userId/stats: 404 for an unknown account, zeros for one that never managed", async () => {
    assert.equal((await api(server, "GET", `/baseball/managers/${randomUUID()}/stats`)).status, 404);
    const rookie = await signup(server, { firstName: "Rookie" });
    const res = await api<ManagerBody>(server, "GET", `/baseball/managers/${rookie.user.id}/stats`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.career, { season: "career", games: 0, wins: 0, losses: 0, ties: 0, winPct: null, runsFor: 0, runsAgainst: 0 });
    assert.deepEqual(res.body.seasons, []);
  });
});
