import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { DiwanServer } from "../../src/platform/server.js";
import { applyMatchResults } from "../../src/services/results.js";
import { insertPlayedMatch, playBotMatch } from "./fixtures.js";
import { api, SERVICE_TOKEN, signup, signupAdmin, startApiServer, uniqueEmail, type TestSession } from "./helpers.js";

type ErrorBody = { error: { code: string } };
type Entry = { rank: number; firstName: string; lastName: string; leaguePoints: number; userId: string };
type Board = { leaderboard: Entry[] };

describe("stats, leaderboard, results, admin", function () {
  this.timeout(60_000);
  let server: DiwanServer;
  let admin: TestSession;
  let player: TestSession;
  let other: TestSession;

  before(async () => {
    server = await startApiServer();
    admin = await signupAdmin(server);
    player = await signup(server, { firstName: "Layla", lastName: "Saad" });
    other = await signup(server);
  });
  after(async () => {
    await server?.shutdown();
  });

  it("GET /stats/:email: the player himself or an admin, in the Baloot app's exact shape", async () => {
    const own = await api(server, "GET", `/stats/${encodeURIComponent(player.email.toUpperCase())}`, { token: player.accessToken });
    assert.equal(own.status, 200);
    // The Baloot app reads exactly these fields (winRate 0.0 with no games).
    assert.deepEqual(own.body, { email: player.email, gamesPlayed: 0, wins: 0, losses: 0, winRate: 0, leaguePoints: 1000, firstName: "Layla", lastName: "Saad" });
    assert.deepEqual(Object.keys(own.body).sort(), ["email", "firstName", "gamesPlayed", "lastName", "leaguePoints", "losses", "winRate", "wins"]);
    // The app's backend may ask with the service token.
    assert.equal((await api(server, "GET", `/stats/${encodeURIComponent(player.email)}`, { token: SERVICE_TOKEN })).status, 200);

    const someoneElse = await api<ErrorBody>(server, "GET", `/stats/${encodeURIComponent(player.email)}`, { token: other.accessToken });
    assert.equal(someoneElse.status, 403);
    // A player cannot tell an existing address from a missing one.
    const probe = await api<ErrorBody>(server, "GET", `/stats/${encodeURIComponent(uniqueEmail())}`, { token: other.accessToken });
    assert.equal(probe.status, 403);

    assert.equal((await api(server, "GET", `/stats/${encodeURIComponent(player.email)}`, { token: admin.accessToken })).status, 200);
    const missing = await api(server, "GET", `/stats/${encodeURIComponent(uniqueEmail())}`, { token: admin.accessToken });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { error: "Player not found" });
    assert.equal((await api(server, "GET", `/stats/${encodeURIComponent(player.email)}`)).status, 401);
  });

  it("POST /game-result: admin or service token only, validated, 201 with pointsDelta, once per externalId", async () => {
    const body = { email: player.email, result: "win", externalId: `ext-${randomUUID()}` };
    assert.equal((await api(server, "POST", "/game-result", { body })).status, 401);
    assert.equal((await api(server, "POST", "/game-result", { body, token: player.accessToken })).status, 403);
    assert.equal((await api(server, "POST", "/game-result", { body: { ...body, result: "won" }, token: SERVICE_TOKEN })).status, 400);

    const r = await api<{ message: string; pointsDelta: number; leaguePoints: number }>(server, "POST", "/game-result", { body, token: SERVICE_TOKEN });
    assert.equal(r.status, 201);
    assert.equal(r.body.message, "Game result recorded");
    assert.equal(r.body.pointsDelta, 25);
    assert.equal(r.body.leaguePoints, 1025);
    const again = await api<{ pointsDelta: number; leaguePoints: number }>(server, "POST", "/game-result", { body, token: admin.accessToken });
    assert.equal(again.status, 200);
    assert.equal(again.body.leaguePoints, 1025, "not applied twice");
    const loss = await api<{ pointsDelta: number }>(server, "POST", "/game-result", { body: { email: player.email, result: "loss" }, token: admin.accessToken });
    assert.equal(loss.status, 201);
    assert.equal(loss.body.pointsDelta, -15);
    const unknown = await api(server, "POST", "/game-result", { body: { email: uniqueEmail(), result: "win" }, token: SERVICE_TOKEN });
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.body, { error: "Player not found" });

    const stats = await api(server, "GET", `/stats/${encodeURIComponent(player.email)}`, { token: player.accessToken });
    assert.deepEqual(stats.body, { email: player.email, gamesPlayed: 2, wins: 1, losses: 1, winRate: 50, leaguePoints: 1010, firstName: "Layla", lastName: "Saad" });
  });

  it("the Baloot app's own calls, literally: POST /game-result { email, scoreUs, scoreThem, isWin }, GET /stats/:email, GET /leaderboard", async () => {
    const p = await signup(server, { firstName: "Noura", lastName: "Fahad" });
    const post = (body: unknown) =>
      fetch(`${server.url}/game-result`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${SERVICE_TOKEN}` },
        body: JSON.stringify(body),
      });
    const win = await post({ email: p.email, scoreUs: 152, scoreThem: 87, isWin: true });
    assert.equal(win.status, 201);
    const winBody = (await win.json()) as Record<string, unknown>;
    assert.equal(winBody.message, "Game result recorded");
    assert.equal(winBody.pointsDelta, 25);
    for (const isWin of [false, false]) {
      const loss = await post({ email: p.email, scoreUs: 40, scoreThem: 152, isWin });
      assert.equal(loss.status, 201);
      assert.deepEqual(
        Object.fromEntries(Object.entries((await loss.json()) as Record<string, unknown>).filter(([k]) => k === "message" || k === "pointsDelta")),
        { message: "Game result recorded", pointsDelta: -15 },
      );
    }
    const noEmail = await post({ scoreUs: 152, scoreThem: 87, isWin: true });
    assert.equal(noEmail.status, 400);
    assert.deepEqual(await noEmail.json(), { error: "email is required" });
    const emptyEmail = await post({ email: "", scoreUs: 1, scoreThem: 2, isWin: false });
    assert.deepEqual([emptyEmail.status, await emptyEmail.json()], [400, { error: "email is required" }]);
    const unknown = await post({ email: uniqueEmail(), scoreUs: 1, scoreThem: 2, isWin: false });
    assert.deepEqual([unknown.status, await unknown.json()], [404, { error: "Player not found" }]);

    const stats = await fetch(`${server.url}/stats/${encodeURIComponent(p.email)}`, { headers: { authorization: `Bearer ${p.accessToken}` } });
    assert.equal(stats.status, 200);
    // 1 win of 3: a percentage with one decimal.
    assert.deepEqual(await stats.json(), { email: p.email, firstName: "Noura", lastName: "Fahad", gamesPlayed: 3, wins: 1, losses: 2, winRate: 33.3, leaguePoints: 995 });
    const missing = await fetch(`${server.url}/stats/${encodeURIComponent(uniqueEmail())}`, { headers: { authorization: `Bearer ${SERVICE_TOKEN}` } });
    assert.deepEqual([missing.status, await missing.json()], [404, { error: "Player not found" }]);

    const board = (await (await fetch(`${server.url}/leaderboard`)).json()) as Board;
    assert.deepEqual(Object.keys(board), ["leaderboard"]);
    assert.ok(Array.isArray(board.leaderboard) && board.leaderboard.length <= 50);
    for (const row of board.leaderboard) {
      assert.equal(typeof row.rank, "number");
      assert.equal(typeof row.firstName, "string");
      assert.equal(typeof row.lastName, "string");
      assert.equal(typeof row.leaguePoints, "number");
      assert.match(row.userId, /^[0-9a-f-]{36}$/);
    }
  });

  it("GET /leaderboard: by league points, deterministic ties, paging, no guests", async () => {
    const db = server.database.db;
    // Far above anyone else in a shared database, so these rows are the top of the table.
    const top = 9_000_000 + Math.floor(Math.random() * 100_000);
    const a = await signup(server, { firstName: "Tie", lastName: "First" });
    const b = await signup(server, { firstName: "Tie", lastName: "Second" });
    const c = await signup(server, { firstName: "Best", lastName: "One" });
    const guest = await api<{ user: { id: string } }>(server, "POST", "/auth/guest", { body: {} });
    await db.updateTable("users").set({ league_points: top }).where("id", "in", [a.user.id, b.user.id]).execute();
    await db.updateTable("users").set({ league_points: top + 1 }).where("id", "=", c.user.id).execute();
    await db.updateTable("users").set({ league_points: top + 5 }).where("id", "=", guest.body.user.id).execute();

    const page = await api<Board>(server, "GET", "/leaderboard?limit=3");
    assert.deepEqual(page.body.leaderboard, [
      { rank: 1, firstName: "Best", lastName: "One", leaguePoints: top + 1, userId: c.user.id },
      { rank: 2, firstName: "Tie", lastName: "First", leaguePoints: top, userId: a.user.id },
      { rank: 3, firstName: "Tie", lastName: "Second", leaguePoints: top, userId: b.user.id },
    ]);
    const second = await api<Board>(server, "GET", "/leaderboard?offset=2&limit=1");
    assert.deepEqual(second.body.leaderboard, [page.body.leaderboard[2]]);
    const whole = (await api<Board>(server, "GET", "/leaderboard")).body.leaderboard;
    assert.ok(whole.length <= 50);
    assert.deepEqual(whole.map((e) => e.rank), whole.map((_, i) => i + 1));
    assert.ok(whole.every((e, i) => i === 0 || whole[i - 1]!.leaguePoints >= e.leaguePoints));
    assert.equal((await api(server, "GET", "/leaderboard?limit=0")).status, 400);
    await db.updateTable("users").set({ league_points: 1000 }).where("id", "in", [a.user.id, b.user.id, c.user.id, guest.body.user.id]).execute();
  });

  it("GET /players/:id/stats: public profile with Baloot aggregates from box scores", async () => {
    const p = await signup(server, { firstName: "Omar" });
    const played = playBotMatch();
    const id = await insertPlayedMatch(server.database.db, played, { users: [null, p.user.id, null, null] });
    await applyMatchResults(server.database.db, id);
    // One of the seat's moves was a timeout.
    await server.database.db.updateTable("match_events").set({ source: "timeout" }).where("match_id", "=", id).where("seat", "=", 1).where("seq", "=", played.entries.find((e) => e.seat === 1)!.seq).execute();

    const res = await api<{ gamesPlayed: number; wins: number; baloot: Record<string, number> }>(server, "GET", `/players/${p.user.id}/stats`);
    assert.equal(res.status, 200);
    assert.equal(res.body.gamesPlayed, 1);
    assert.equal(res.body.wins, played.outcome.winnerTeam === 1 ? 1 : 0);
    const totals = played.box.players[1]!;
    assert.equal(res.body.baloot.matches, 1);
    assert.equal(res.body.baloot.handsBought, totals.contracts);
    assert.equal(res.body.baloot.contractsMade, totals.contractsMade);
    assert.equal(res.body.baloot.balootDeclarations, totals.baloots);
    assert.equal(res.body.baloot.projects, totals.projectsDeclared);
    assert.equal(res.body.baloot.tricks, totals.tricks);
    assert.equal(res.body.baloot.handsPlayed, played.box.hands.filter((h) => !h.cancelled).length);
    assert.equal(res.body.baloot.timeouts, 1);
    assert.equal(JSON.stringify(res.body).includes(p.email), false, "the public profile has no e-mail");
    assert.equal((await api(server, "GET", `/players/${randomUUID()}/stats`)).status, 404);
  });

  it("PUT /admin/users/:id/role: admins only (token or Basic)", async () => {
    const target = await signup(server);
    const body = { role: "admin" };
    assert.equal((await api(server, "PUT", `/admin/users/${target.user.id}/role`, { body })).status, 401);
    assert.equal((await api(server, "PUT", `/admin/users/${target.user.id}/role`, { body, token: player.accessToken })).status, 403);
    const ok = await api<{ role: string }>(server, "PUT", `/admin/users/${target.user.id}/role`, { body, token: admin.accessToken });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.role, "admin");
    // Recorded in the audit log (written in the background).
    let audited = 0;
    for (let i = 0; i < 50 && audited === 0; i++) {
      const rows = await server.database.db.selectFrom("audit_log").select("detail").where("kind", "=", "role_changed").where("user_id", "=", admin.user.id).execute();
      audited = rows.filter((r) => (r.detail as { target?: string }).target === target.user.id).length;
      if (audited === 0) await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(audited, 1);
    // The new role is in the next token.
    const refreshed = await api<{ user: { role: string } }>(server, "POST", "/auth/refresh", { body: { refreshToken: target.refreshToken } });
    assert.equal(refreshed.body.user.role, "admin");
    const basic = `Basic ${Buffer.from("admin:admin-password-for-tests").toString("base64")}`;
    const back = await api<{ role: string }>(server, "PUT", `/admin/users/${target.user.id}/role`, { body: { role: "player" }, headers: { authorization: basic } });
    assert.equal(back.body.role, "player");
    assert.equal((await api(server, "PUT", `/admin/users/${randomUUID()}/role`, { body, token: admin.accessToken })).status, 404);
  });
});
