import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { matchMaker } from "@colyseus/core";
import type { Room } from "@colyseus/sdk";
import { TableRegistry, type StoredTable } from "../../src/services/tableRegistry.js";
import { Recorded, act, localRoom, makeUser, sdkClient, until, useServer } from "../helpers/tables.js";

interface SeatView {
  userId: string;
  occupied: boolean;
  joinCode: string;
  consecutiveTimeouts: number;
  legalActions?: string[];
}
interface TableView {
  status: string;
  endReason: string;
  toAct: number;
  deadline: number;
  seq: number;
  hostSeat: number;
  pausedBy: number;
  pauseReason: string;
  pausedAt: number;
  seats: SeatView[];
}
const view = (room: Room) => room.state as unknown as TableView | undefined;

interface LocalTable {
  timers: { advance(ms: number): void; now(): number };
}
const roomTime = (roomId: string) => localRoom<LocalTable>(roomId).timers.now();
const advance = (roomId: string, ms: number) => localRoom<LocalTable>(roomId).timers.advance(ms);
const errors = (rec: Recorded) => rec.of<{ code: string; message: string }>("error");
const legal = (room: Room, seat: number): unknown => JSON.parse((view(room)!.seats[seat]!.legalActions ?? [])[0] ?? "null");

async function waitFor(registry: TableRegistry, roomId: string, check: (t: StoredTable) => boolean, what: string): Promise<StoredTable> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const t = await registry.get(roomId);
    if (t && check(t)) return t;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(t)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A private Baloot table: host at seat 0, a friend at seat 2, bots at 1 and 3, started by the host (seat 0 acts first). */
async function privateTable(url: string) {
  const host = await makeUser("Host");
  const friend = await makeUser("Friend");
  const hostRoom = await sdkClient(url, host).create("baloot", { mode: "private", game: { dealer: 3 } });
  const hostRec = new Recorded(hostRoom);
  await until(() => (view(hostRoom)?.seats?.[0]?.joinCode ?? "").length === 6, 5_000, "join code");
  const friendRoom = await sdkClient(url, friend).joinById(hostRoom.roomId, { joinCode: view(hostRoom)!.seats[0]!.joinCode, seat: 2 });
  const friendRec = new Recorded(friendRoom);
  hostRoom.send("fillBots");
  await until(() => view(hostRoom)!.seats.every((s) => s.occupied), 5_000, "bots seated");
  hostRoom.send("start");
  await until(() => view(hostRoom)?.status === "playing" && view(friendRoom)?.status === "playing", 10_000, "start");
  return { host, friend, hostRoom, hostRec, friendRoom, friendRec };
}

describe("pause and resume", function () {
  this.timeout(60_000);
  const serverOf = useServer({ BOT_DELAY_MS: "0", TURN_TIMEOUT_S: "30", TURN_WARNING_S: "10", BOT_FILL_WAIT_S: "600" });
  const registry = () => new TableRegistry(serverOf().database.db);

  it("the owner of a vs-bots table pauses: the clock stops, actions are refused with PAUSED, resume restarts the clock with the time left", async () => {
    const user = await makeUser("Owner");
    const room = await sdkClient(serverOf().url, user).create("baloot", { mode: "bots", game: { dealer: 3 } });
    const rec = new Recorded(room);
    await until(() => view(room)?.status === "playing" && view(room)?.toAct === 0 && view(room)!.deadline > 0, 10_000, "my turn");
    advance(room.roomId, 12_000);
    const leftBefore = view(room)!.deadline - roomTime(room.roomId);
    assert.ok(leftBefore > 17_000 && leftBefore <= 18_000, `≈18 s left (${leftBefore})`);

    room.send("pause");
    await until(() => view(room)?.status === "paused", 5_000, "paused");
    assert.equal(view(room)!.pausedBy, 0);
    assert.equal(view(room)!.pauseReason, "manual");
    assert.ok(Math.abs(view(room)!.pausedAt - Date.now()) < 5_000);
    assert.equal(view(room)!.deadline, 0, "no clock while paused");
    const seq = view(room)!.seq;

    const refused = await act(rec, legal(room, 0));
    assert.equal(refused.ok, false);
    assert.equal(refused.error?.code, "PAUSED");
    room.send("resign", { confirm: true });
    room.send("pause");
    await until(() => errors(rec).length >= 2, 5_000, "errors");
    assert.deepEqual(errors(rec).map((e) => e.code), ["PAUSED", "ALREADY_PAUSED"]);

    // Far past the turn's end: nothing times out, no bot moves.
    advance(room.roomId, 120_000);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(view(room)!.status, "paused");
    assert.equal(view(room)!.seats[0]!.consecutiveTimeouts, 0);
    assert.equal(view(room)!.seq, seq, "nothing happened while paused");
    assert.equal(rec.of("turnWarning").length, 0);
    const t = await waitFor(registry(), room.roomId, (x) => x.status === "paused", "registry paused");
    assert.equal(t.pausedReason, "manual");
    assert.equal(t.pausedBy, user.id);

    room.send("resume");
    await until(() => view(room)?.status === "playing" && view(room)!.deadline > 0, 5_000, "resumed");
    const leftAfter = view(room)!.deadline - roomTime(room.roomId);
    assert.ok(Math.abs(leftAfter - leftBefore) < 1_000, `the clock kept its time: ${leftBefore} → ${leftAfter}`);
    assert.equal(view(room)!.pausedBy, -1);
    assert.equal(view(room)!.pauseReason, "");
    assert.equal(view(room)!.pausedAt, 0);
    room.send("resume");
    await until(() => errors(rec).length === 3, 5_000, "NOT_PAUSED");
    assert.equal(errors(rec)[2]!.code, "NOT_PAUSED");
    await waitFor(registry(), room.roomId, (x) => x.status === "playing" && x.pausedMs >= 0, "registry playing");

    const ok = await act(rec, legal(room, 0));
    assert.equal(ok.ok, true, JSON.stringify(ok));
    // The warning still comes at its time: 18 s left → warned 10 s before.
    await room.leave();
  });

  it("private table: a player asks, the host accepts with pause; only the host (or an admin) resumes", async () => {
    const t = await privateTable(serverOf().url);
    t.friendRoom.send("pause");
    t.friendRoom.send("resume");
    await until(() => errors(t.friendRec).length === 2, 5_000, "refusals");
    assert.deepEqual(errors(t.friendRec).map((e) => e.code), ["NOT_HOST", "NOT_HOST"]);

    t.friendRoom.send("pauseRequest");
    await until(() => t.hostRec.of("pauseRequested").length === 1, 5_000, "host told");
    assert.deepEqual(t.hostRec.of("pauseRequested")[0], { seat: 2, name: "Friend" });
    assert.equal(t.friendRec.of("pauseRequested").length, 0, "only the host is told");
    t.friendRoom.send("pauseRequest");
    await until(() => errors(t.friendRec).length === 3, 5_000, "second request");
    assert.equal(errors(t.friendRec)[2]!.code, "ALREADY_REQUESTED");
    t.hostRoom.send("pauseRequest");
    await until(() => errors(t.hostRec).length === 1, 5_000, "host request");
    assert.equal(errors(t.hostRec)[0]!.code, "NOT_HOST");

    t.hostRoom.send("pause");
    await until(() => view(t.friendRoom)?.status === "paused", 5_000, "paused");
    assert.equal(view(t.friendRoom)!.pausedBy, 0);
    t.friendRoom.send("resume");
    await until(() => errors(t.friendRec).length === 4, 5_000, "friend resume");
    assert.equal(errors(t.friendRec)[3]!.code, "NOT_HOST");
    assert.equal(view(t.friendRoom)!.status, "paused");

    // A spectator cannot ask.
    const watcher = await sdkClient(serverOf().url, await makeUser("Watcher")).joinById(t.hostRoom.roomId, { spectate: true, joinCode: view(t.hostRoom)!.seats[0]!.joinCode });
    const watcherRec = new Recorded(watcher);
    await until(() => view(watcher)?.status === "paused", 5_000, "spectator sees the pause");
    watcher.send("pauseRequest");
    await until(() => errors(watcherRec).length === 1, 5_000, "spectator refused");
    assert.equal(errors(watcherRec)[0]!.code, "NOT_SEATED");

    t.hostRoom.send("resume");
    await until(() => view(t.friendRoom)?.status === "playing", 5_000, "resumed");
    await watcher.leave();
    await t.friendRoom.leave();
    await t.hostRoom.leave();
  });

  it("room methods for REST: pauseTable/resumeTable by the owner or an admin (NOT_OWNER otherwise); deleteTable by an admin abandons the match", async () => {
    const t = await privateTable(serverOf().url);
    const roomId = t.hostRoom.roomId;
    const call = (method: string, by: { userId: string; admin: boolean }) =>
      matchMaker.remoteRoomCall(roomId, method, [by]) as Promise<{ ok: boolean; code?: string }>;
    assert.deepEqual(await call("pauseTable", { userId: t.friend.id, admin: false }), {
      ok: false,
      code: "NOT_OWNER",
      message: "only the host of this table or an admin can pause it",
    });
    assert.deepEqual(await call("resumeTable", { userId: t.host.id, admin: false }), { ok: false, code: "NOT_PAUSED", message: "the table is not paused" });
    const admin = { userId: randomUUID(), admin: true };
    assert.deepEqual(await call("pauseTable", admin), { ok: true });
    await until(() => view(t.hostRoom)?.status === "paused", 5_000, "paused by the admin");
    assert.equal(view(t.hostRoom)!.pausedBy, -1, "an admin who does not play here");
    assert.equal((await call("pauseTable", { userId: t.host.id, admin: false })).code, "ALREADY_PAUSED");
    assert.deepEqual(await call("resumeTable", { userId: t.host.id, admin: false }), { ok: true });
    await until(() => view(t.hostRoom)?.status === "playing", 5_000, "resumed by the host");

    assert.equal((await call("deleteTable", { userId: t.host.id, admin: false })).code, "ALREADY_STARTED");
    assert.equal((await call("deleteTable", { userId: t.friend.id, admin: false })).code, "NOT_OWNER");
    assert.deepEqual(await call("deleteTable", admin), { ok: true });
    await until(() => t.hostRec.of("matchEnded").length === 1, 5_000, "match ended");
    const ended = t.hostRec.of<{ outcome: { reason: string; winnerTeam: number | null } }>("matchEnded")[0]!;
    assert.equal(ended.outcome.reason, "ABANDONED");
    assert.equal(ended.outcome.winnerTeam, null);
    const stored = await waitFor(registry(), roomId, (x) => x.status === "abandoned", "registry abandoned");
    assert.equal(stored.processId, null);
    const match = await serverOf()
      .database.db.selectFrom("matches")
      .select(["status", "winner_team"])
      .where("room_id", "=", roomId)
      .executeTakeFirstOrThrow();
    assert.equal(match.status, "abandoned");
    assert.equal(match.winner_team, null);
    const audited = async () =>
      (await serverOf().database.db.selectFrom("audit_log").select(["kind"]).where("room_id", "=", roomId).execute()).map((a) => a.kind);
    const deadline = Date.now() + 10_000;
    while (!(await audited()).includes("room.table_deleted") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok((await audited()).includes("room.table_deleted"), JSON.stringify(await audited()));
  });

  it("the owner deletes his table before the start; a waiting table cannot be paused", async () => {
    const user = await makeUser("Early");
    const room = await sdkClient(serverOf().url, user).create("baloot", { mode: "private" });
    new Recorded(room);
    await until(() => view(room)?.status === "waiting", 5_000, "waiting");
    const left = new Promise<number>((resolve) => room.onLeave((code) => resolve(code)));
    assert.deepEqual(await matchMaker.remoteRoomCall(room.roomId, "deleteTable", [{ userId: user.id, admin: false }]), { ok: true });
    await left;
    await waitFor(registry(), room.roomId, (x) => x.status === "closed", "closed");

    const quick = await sdkClient(serverOf().url, user).joinOrCreate("baloot", { mode: "quick" });
    const quickRec = new Recorded(quick);
    quick.send("pause");
    await until(() => errors(quickRec).length === 1, 5_000, "refused");
    assert.equal(errors(quickRec)[0]!.code, "NOT_STARTED");
    await quick.leave();
  });
});
