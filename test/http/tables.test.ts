import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { Room } from "@colyseus/sdk";
import { sql } from "kysely";
import type { DiwanServer } from "../../src/platform/server.js";
import { TableRegistry, type StoredTable } from "../../src/services/tableRegistry.js";
import { Recorded, sdkClient, until } from "../helpers/tables.js";
import { api, signup, signupAdmin, startApiServer, type TestSession } from "./helpers.js";

type ErrorBody = { error: { code: string; message: string } };
interface Created {
  roomId: string;
  roomName: string;
  game: string;
  mode: string;
  joinCode: string | null;
  ownerId: string;
}
interface Managed {
  roomId: string;
  game: string;
  mode: string;
  status: string;
  ownerId: string | null;
  owner: boolean;
  mySeat: number | null;
  players: { userId: string; seat: number }[];
  matchId: string | null;
  pauseReason: string | null;
  loaded: boolean;
  options: Record<string, unknown>;
}
interface Usage {
  userId: string;
  days: number;
  items: { day: string; tablesCreated: number; minutesPlayed: number; botMinutes: number }[];
  totals: { tablesCreated: number; minutesPlayed: number; botMinutes: number };
}

const asUser = (s: TestSession) => ({ id: s.user.id, name: "P", token: s.accessToken });
const view = (room: Room) => room.state as unknown as { status: string; matchId: string } | undefined;

describe("tables as managed servers (REST)", function () {
  this.timeout(90_000);
  let server: DiwanServer;
  let alice: TestSession;
  let bob: TestSession;
  let carol: TestSession;
  let admin: TestSession;
  let registry: TableRegistry;

  before(async () => {
    server = await startApiServer({ BOT_DELAY_MS: "0", BOT_FILL_WAIT_S: "600" });
    alice = await signup(server, { firstName: "Alice" });
    bob = await signup(server, { firstName: "Bob" });
    carol = await signup(server, { firstName: "Carol" });
    admin = await signupAdmin(server);
    registry = new TableRegistry(server.database.db);
  });
  after(async () => {
    await server?.shutdown();
  });

  const waitFor = async (roomId: string, check: (t: StoredTable) => boolean, what: string): Promise<StoredTable> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const t = await registry.get(roomId);
      if (t && check(t)) return t;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(t)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  /** A paused (or interrupted) table no process holds (as an idle pause or a restart leaves it), with alice seated in its match. */
  const unloadedPausedTable = async (owner: string, reason: "manual" | "idle" | "interrupted" = "idle") => {
    const roomId = `unl-${randomUUID().slice(0, 8)}`;
    const db = server.database.db;
    const match = await db
      .insertInto("matches")
      .values({ game: "baloot", room_id: roomId, options: JSON.stringify({}), seed: "s", status: "interrupted" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("match_players")
      .values([0, 1, 2, 3].map((seat) => ({ match_id: match.id, seat, team: seat % 2, user_id: seat === 0 ? alice.user.id : null, display_name: `P${seat}`, is_bot: seat !== 0 })))
      .execute();
    await registry.created({ roomId, game: "baloot", mode: "bots", ranked: false, ownerId: owner, options: {}, processId: "gone" });
    await registry.members(roomId, [{ userId: alice.user.id, seat: 0 }]);
    await registry.status(roomId, { status: "playing", matchId: match.id });
    if (reason === "interrupted") await registry.status(roomId, { status: "interrupted", processId: null });
    else await registry.status(roomId, { status: "paused", pausedReason: reason, processId: null });
    return { roomId, matchId: match.id };
  };

  it("POST /tables creates a vs-bots table owned by the caller; it starts when the owner joins; GET /tables/mine and /tables/:id follow it", async () => {
    const created = await api<Created>(server, "POST", "/tables", {
      token: alice.accessToken,
      body: { game: "baloot", mode: "bots", turnSeconds: 40, botLevel: "basic", options: { targetScore: 1 } },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.ownerId, alice.user.id);
    assert.equal(created.body.joinCode, null);
    const { roomId } = created.body;
    await waitFor(roomId, (t) => t.ownerId === alice.user.id, "registry row");

    let mine = await api<{ items: Managed[] }>(server, "GET", "/tables/mine", { token: alice.accessToken });
    let row = mine.body.items.find((t) => t.roomId === roomId);
    assert.ok(row, "listed");
    assert.equal(row.status, "waiting");
    assert.equal(row.owner, true);
    assert.equal(row.mySeat, null);
    assert.equal(row.loaded, true);
    assert.equal(row.options.turnSeconds, 40);

    // The table waits for its owner (nobody connected yet), then starts with bots when he sits.
    await new Promise((r) => setTimeout(r, 300));
    const room = await sdkClient(server.url, asUser(alice)).joinById(roomId);
    new Recorded(room);
    await until(() => view(room)?.status === "playing", 10_000, "start");
    await waitFor(roomId, (t) => t.status === "playing", "playing");
    mine = await api<{ items: Managed[] }>(server, "GET", "/tables/mine?status=playing", { token: alice.accessToken });
    row = mine.body.items.find((t) => t.roomId === roomId);
    assert.ok(row);
    assert.equal(row.mySeat, 0);
    assert.deepEqual(row.players, [{ userId: alice.user.id, seat: 0 }]);
    assert.equal(row.matchId, view(room)?.matchId);
    assert.ok(!(await api<{ items: Managed[] }>(server, "GET", "/tables/mine?status=waiting", { token: alice.accessToken })).body.items.some((t) => t.roomId === roomId));

    const one = await api<Managed>(server, "GET", `/tables/${roomId}`, { token: alice.accessToken });
    assert.equal(one.status, 200);
    assert.equal(one.body.status, "playing");
    assert.equal((await api<ErrorBody>(server, "GET", `/tables/${roomId}`, { token: bob.accessToken })).body.error.code, "NOT_YOUR_TABLE");
    assert.equal((await api(server, "GET", `/tables/${roomId}`, { token: admin.accessToken })).status, 200);
    assert.equal((await api(server, "GET", `/tables/${roomId}`)).status, 401);
    assert.equal((await api<ErrorBody>(server, "GET", "/tables/no-such-table", { token: alice.accessToken })).status, 404);

    // Deleting a started table is for admins only.
    const del = await api<ErrorBody>(server, "DELETE", `/tables/${roomId}`, { token: alice.accessToken });
    assert.equal(del.status, 409);
    assert.equal(del.body.error.code, "ALREADY_STARTED");
    assert.equal((await api<ErrorBody>(server, "DELETE", `/tables/${roomId}`, { token: bob.accessToken })).body.error.code, "NOT_OWNER");
    assert.equal((await api<ErrorBody>(server, "POST", `/tables/${roomId}/pause`, { token: bob.accessToken })).body.error.code, "NOT_OWNER");

    // The match plays to its end (resign): finished in the registry.
    room.send("resign", { confirm: true });
    await until(() => view(room)?.status === "finished", 10_000, "finished");
    await waitFor(roomId, (t) => t.status === "finished", "finished");
    const ended = await api<ErrorBody>(server, "POST", `/tables/${roomId}/pause`, { token: alice.accessToken });
    assert.equal(ended.status, 409);
    assert.equal(ended.body.error.code, "GAME_ENDED");
    await room.leave();
  });

  it("POST /tables private: a join code; others join with it; the owner is the host; literal /tables paths are not table ids", async () => {
    const created = await api<Created>(server, "POST", "/tables", { token: bob.accessToken, body: { game: "baloot", mode: "private" } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.match(created.body.joinCode ?? "", /^[A-Z0-9]{6}$/);
    const hostRoom = await sdkClient(server.url, asUser(bob)).joinById(created.body.roomId);
    new Recorded(hostRoom);
    const guest = await sdkClient(server.url, asUser(carol)).joinById(created.body.roomId, { joinCode: created.body.joinCode, seat: 2 });
    new Recorded(guest);
    await waitFor(created.body.roomId, (t) => t.members.length === 2, "two members");
    const seen = await api<Managed>(server, "GET", `/tables/${created.body.roomId}`, { token: carol.accessToken });
    assert.equal(seen.status, 200, "a seated player may look");
    assert.equal(seen.body.owner, false);
    assert.equal(seen.body.mySeat, 2);
    assert.equal((await api(server, "GET", "/tables/public", { token: carol.accessToken })).status, 200);
    assert.equal((await api(server, "GET", `/tables/code/${created.body.joinCode}`, { token: carol.accessToken })).status, 200);
    await Promise.all([hostRoom.leave(), guest.leave()]);
    await waitFor(created.body.roomId, (t) => t.status === "closed", "closed when everybody left before the start");
  });

  it("a created table is found at once: the 201 waits for its registry row (Postgres: the row's insert is held back)", async function () {
    // Only Postgres can hold the registry's insert back from another connection (PGlite has one).
    if (!process.env.DATABASE_URL) this.skip();
    const dora = await signup(server, { firstName: "Dora" });
    // Another connection blocks inserts into `tables` for 600 ms: the room's background registry
    // write waits behind it, and so must the creation's answer.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = server.database.db.transaction().execute(async (trx) => {
      await sql`lock table tables in share row exclusive mode`.execute(trx);
      locked();
      await released;
    });
    await isLocked;
    const timer = setTimeout(release, 600);
    try {
      const made = await Promise.all(
        [0, 1].map((i) => api<Created>(server, "POST", "/tables", { token: dora.accessToken, body: { game: "baloot", mode: i ? "private" : "bots" } })),
      );
      for (const created of made) assert.equal(created.status, 201, JSON.stringify(created.body));
      const seen = await Promise.all(made.map((c) => api<Managed>(server, "GET", `/tables/${c.body.roomId}`, { token: dora.accessToken })));
      assert.deepEqual(seen.map((r) => r.status), [200, 200]);
      const refused = await Promise.all(made.map((c) => api<ErrorBody>(server, "DELETE", `/tables/${c.body.roomId}`, { token: bob.accessToken })));
      assert.deepEqual(refused.map((r) => r.body.error.code), ["NOT_OWNER", "NOT_OWNER"]);
      for (const c of made) assert.equal((await api(server, "DELETE", `/tables/${c.body.roomId}`, { token: dora.accessToken })).status, 200);
    } finally {
      clearTimeout(timer);
      release();
      await holder;
    }
  });

  it("a loaded table: the owner pauses and an admin resumes it; others may not; the owner deletes a waiting table, only an admin a started one (abandoned)", async () => {
    const created = await api<Created>(server, "POST", "/tables", { token: alice.accessToken, body: { game: "baloot", mode: "bots", turnSeconds: 60 } });
    const { roomId } = created.body;
    const room = await sdkClient(server.url, asUser(alice)).joinById(roomId);
    new Recorded(room);
    await until(() => view(room)?.status === "playing", 10_000, "start");
    await waitFor(roomId, (t) => t.status === "playing", "playing");

    assert.equal((await api<ErrorBody>(server, "POST", `/tables/${roomId}/pause`, { token: bob.accessToken })).body.error.code, "NOT_OWNER");
    const paused = await api<Managed>(server, "POST", `/tables/${roomId}/pause`, { token: alice.accessToken });
    assert.equal(paused.status, 200, JSON.stringify(paused.body));
    assert.equal(paused.body.status, "paused");
    assert.equal(paused.body.pauseReason, "manual");
    assert.equal(paused.body.loaded, true);
    await until(() => view(room)?.status === "paused", 5_000, "players see the pause");
    const again = await api<ErrorBody>(server, "POST", `/tables/${roomId}/pause`, { token: alice.accessToken });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, "ALREADY_PAUSED");
    const active = await api<{ items: { roomId: string; status: string; pauseReason: string | null }[] }>(server, "GET", "/games/me/active", { token: alice.accessToken });
    assert.deepEqual(
      active.body.items.filter((i) => i.roomId === roomId).map((i) => [i.status, i.pauseReason]),
      [["paused", "manual"]],
    );

    assert.equal((await api<ErrorBody>(server, "POST", `/tables/${roomId}/resume`, { token: carol.accessToken })).body.error.code, "NOT_OWNER");
    const resumed = await api<Managed>(server, "POST", `/tables/${roomId}/resume`, { token: admin.accessToken });
    assert.equal(resumed.status, 200, JSON.stringify(resumed.body));
    assert.equal(resumed.body.status, "playing");
    await until(() => view(room)?.status === "playing", 5_000, "players see the resume");
    assert.equal((await api<ErrorBody>(server, "POST", `/tables/${roomId}/resume`, { token: alice.accessToken })).body.error.code, "NOT_PAUSED");

    assert.equal((await api<ErrorBody>(server, "DELETE", `/tables/${roomId}`, { token: alice.accessToken })).body.error.code, "ALREADY_STARTED");
    const del = await api<{ roomId: string; status: string }>(server, "DELETE", `/tables/${roomId}`, { token: admin.accessToken });
    assert.equal(del.status, 200, JSON.stringify(del.body));
    assert.deepEqual(del.body, { roomId, status: "abandoned" });
    const matchId = (await registry.get(roomId))?.matchId as string;
    await waitFor(roomId, (t) => t.status === "abandoned", "abandoned");
    const deadline = Date.now() + 10_000;
    let match = await server.database.db.selectFrom("matches").select(["status", "results_applied_at"]).where("id", "=", matchId).executeTakeFirst();
    while (match?.status !== "abandoned" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      match = await server.database.db.selectFrom("matches").select(["status", "results_applied_at"]).where("id", "=", matchId).executeTakeFirst();
    }
    assert.equal(match?.status, "abandoned");
    assert.equal(match?.results_applied_at, null);
    // The server closed the player's connection when it ended the table.
    await until(() => !room.connection.isOpen, 5_000, "connection closed by the server");

    // Before the start the owner may delete his own table.
    const waiting = await api<Created>(server, "POST", "/tables", { token: alice.accessToken, body: { game: "baloot", mode: "private" } });
    assert.equal((await api<ErrorBody>(server, "DELETE", `/tables/${waiting.body.roomId}`, { token: bob.accessToken })).body.error.code, "NOT_OWNER");
    const gone = await api<{ roomId: string; status: string }>(server, "DELETE", `/tables/${waiting.body.roomId}`, { token: alice.accessToken });
    assert.deepEqual(gone.body, { roomId: waiting.body.roomId, status: "closed" });
    await waitFor(waiting.body.roomId, (t) => t.status === "closed", "closed");
    const pauseWaiting = await api<ErrorBody>(server, "POST", `/tables/${waiting.body.roomId}/pause`, { token: alice.accessToken });
    assert.equal(pauseWaiting.body.error.code, "GAME_ENDED");
  });

  it("POST /tables refuses bad input: unknown game, duel (decks: POST /games), bad options, no token", async () => {
    assert.equal((await api(server, "POST", "/tables", { token: alice.accessToken, body: { game: "chess", mode: "bots" } })).status, 400);
    assert.equal((await api(server, "POST", "/tables", { token: alice.accessToken, body: { game: "duel", mode: "bots" } })).status, 400);
    assert.equal((await api(server, "POST", "/tables", { token: alice.accessToken, body: { game: "baloot", mode: "quick" } })).status, 400);
    const bad = await api<ErrorBody>(server, "POST", "/tables", { token: alice.accessToken, body: { game: "baloot", mode: "bots", options: { nonsense: 1 } } });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.code, "BAD_OPTIONS");
    assert.equal((await api(server, "POST", "/tables", { body: { game: "baloot", mode: "bots" } })).status, 401);
  });

  it("admins list every table by status and game; players may not", async () => {
    const created = await api<Created>(server, "POST", "/tables", { token: carol.accessToken, body: { game: "baseball", mode: "bots" } });
    assert.equal(created.status, 201);
    await waitFor(created.body.roomId, () => true, "row");
    const list = await api<{ items: Managed[] }>(server, "GET", "/tables?status=waiting&game=baseball", { token: admin.accessToken });
    assert.equal(list.status, 200);
    assert.ok(list.body.items.some((t) => t.roomId === created.body.roomId));
    assert.ok(list.body.items.every((t) => t.status === "waiting" && t.game === "baseball"));
    assert.equal((await api(server, "GET", "/tables", { token: carol.accessToken })).status, 403);
    assert.equal((await api(server, "GET", "/tables?status=sleeping", { token: admin.accessToken })).status, 400);
  });

  it("an unloaded paused table: in /games/me/active with its pause reason; pause refused; owners cannot delete it after the start, admins can (abandoned, audited)", async () => {
    const { roomId, matchId } = await unloadedPausedTable(alice.user.id, "idle");
    const active = await api<{ items: { roomId: string; status: string; pauseReason: string | null; matchId: string; seat: number }[] }>(server, "GET", "/games/me/active", {
      token: alice.accessToken,
    });
    const item = active.body.items.find((i) => i.roomId === roomId);
    assert.ok(item, JSON.stringify(active.body));
    assert.equal(item.status, "paused");
    assert.equal(item.pauseReason, "idle");
    assert.equal(item.matchId, matchId);
    assert.equal(item.seat, 0);

    const interrupted = await unloadedPausedTable(alice.user.id, "interrupted");
    const again = await api<{ items: { roomId: string; status: string; pauseReason: string | null }[] }>(server, "GET", "/games/me/active", { token: alice.accessToken });
    assert.deepEqual(
      again.body.items.filter((i) => i.roomId === interrupted.roomId).map((i) => [i.status, i.pauseReason]),
      [["interrupted", null]],
    );
    const notPaused = await api<ErrorBody>(server, "POST", `/tables/${interrupted.roomId}/pause`, { token: alice.accessToken });
    assert.equal(notPaused.status, 409);
    assert.equal(notPaused.body.error.code, "NOT_LOADED");
    assert.equal((await api(server, "DELETE", `/tables/${interrupted.roomId}`, { token: admin.accessToken })).status, 200);

    const mine = await api<{ items: Managed[] }>(server, "GET", "/tables/mine?status=paused", { token: alice.accessToken });
    const row = mine.body.items.find((t) => t.roomId === roomId);
    assert.equal(row?.pauseReason, "idle");
    assert.equal(row?.loaded, false);

    const pause = await api<ErrorBody>(server, "POST", `/tables/${roomId}/pause`, { token: alice.accessToken });
    assert.equal(pause.status, 409);
    assert.equal(pause.body.error.code, "ALREADY_PAUSED");
    assert.equal((await api<ErrorBody>(server, "POST", `/tables/${roomId}/resume`, { token: bob.accessToken })).body.error.code, "NOT_OWNER");
    assert.equal((await api<ErrorBody>(server, "DELETE", `/tables/${roomId}`, { token: alice.accessToken })).body.error.code, "ALREADY_STARTED");

    const del = await api<{ roomId: string; status: string }>(server, "DELETE", `/tables/${roomId}`, { token: admin.accessToken });
    assert.equal(del.status, 200);
    assert.deepEqual(del.body, { roomId, status: "abandoned" });
    const match = await server.database.db.selectFrom("matches").select(["status", "results_applied_at"]).where("id", "=", matchId).executeTakeFirstOrThrow();
    assert.equal(match.status, "abandoned");
    assert.equal(match.results_applied_at, null, "no results, no league points");
    assert.equal((await registry.get(roomId))?.status, "abandoned");
    await until(() => true);
    const deadline = Date.now() + 5_000;
    let audited = false;
    while (!audited && Date.now() < deadline) {
      audited = !!(await server.database.db.selectFrom("audit_log").select("id").where("kind", "=", "table.deleted").where("room_id", "=", roomId).executeTakeFirst());
      if (!audited) await new Promise((r) => setTimeout(r, 25));
    }
    assert.ok(audited, "the deletion is audited");
    assert.ok(!(await api<{ items: { roomId: string }[] }>(server, "GET", "/games/me/active", { token: alice.accessToken })).body.items.some((i) => i.roomId === roomId));
    assert.equal((await api<ErrorBody>(server, "DELETE", `/tables/${roomId}`, { token: admin.accessToken })).body.error.code, "GAME_ENDED");
  });

  it("GET /me/usage and GET /admin/users/:id/usage: tables created, minutes played, bot minutes per day", async () => {
    const dave = await signup(server, { firstName: "Dave" });
    const created = await api<Created>(server, "POST", "/tables", { token: dave.accessToken, body: { game: "baloot", mode: "bots" } });
    const room = await sdkClient(server.url, asUser(dave)).joinById(created.body.roomId);
    new Recorded(room);
    await until(() => view(room)?.status === "playing", 10_000, "start");
    await new Promise((r) => setTimeout(r, 1500));
    room.send("resign", { confirm: true });
    await until(() => view(room)?.status === "finished", 10_000, "finished");
    await waitFor(created.body.roomId, (t) => t.status === "finished", "finished");
    // The stored match (duration) lands in the background too.
    const deadline = Date.now() + 10_000;
    let usage = await api<Usage>(server, "GET", "/me/usage?days=7", { token: dave.accessToken });
    while (usage.body.totals.minutesPlayed === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      usage = await api<Usage>(server, "GET", "/me/usage?days=7", { token: dave.accessToken });
    }
    assert.equal(usage.status, 200);
    assert.equal(usage.body.userId, dave.user.id);
    assert.equal(usage.body.items.length, 1);
    assert.equal(usage.body.items[0]?.day, new Date().toISOString().slice(0, 10));
    assert.equal(usage.body.totals.tablesCreated, 1);
    assert.ok(usage.body.totals.minutesPlayed > 0, JSON.stringify(usage.body));
    // Three bot seats for the whole match.
    assert.ok(Math.abs(usage.body.totals.botMinutes - 3 * usage.body.totals.minutesPlayed) <= 0.2, JSON.stringify(usage.body));
    await room.leave();

    const byAdmin = await api<Usage>(server, "GET", `/admin/users/${dave.user.id}/usage`, { token: admin.accessToken });
    assert.equal(byAdmin.status, 200);
    assert.deepEqual(byAdmin.body.totals, usage.body.totals);
    assert.equal((await api(server, "GET", `/admin/users/${dave.user.id}/usage`, { token: dave.accessToken })).status, 403);
    assert.equal((await api<ErrorBody>(server, "GET", `/admin/users/${randomUUID()}/usage`, { token: admin.accessToken })).body.error.code, "USER_NOT_FOUND");
    assert.equal((await api(server, "GET", "/me/usage?days=0", { token: dave.accessToken })).status, 400);
    const fresh = await api<Usage>(server, "GET", "/me/usage", { token: carol.accessToken });
    assert.equal(fresh.body.days, 30);
  });
});
