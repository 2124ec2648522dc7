import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import type { Room } from "@colyseus/sdk";
import { TableRegistry, type StoredTable } from "../../src/services/tableRegistry.js";
import { Recorded, makeUser, sdkClient, until, useServer } from "../helpers/tables.js";

interface TableView {
  status: string;
  toAct: number;
  deadline: number;
  matchId: string;
  pausedBy: number;
  pauseReason: string;
}
const view = (room: Room) => room.state as unknown as TableView | undefined;

async function waitFor(registry: TableRegistry, roomId: string, check: (t: StoredTable) => boolean, what: string): Promise<StoredTable> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const t = await registry.get(roomId);
    if (t && check(t)) return t;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(t)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const IDLE_S = 2;

/**
 * IDLE_PAUSE_S = 2 (warning at half of it, 1 s before); bots think for a minute, so a player
 * who is not to act is not on the clock and nothing a human does keeps the table alive.
 */
describe("idle tables: warned, paused and unloaded", function () {
  this.timeout(60_000);
  const serverOf = useServer({ IDLE_PAUSE_S: String(IDLE_S), BOT_DELAY_MS: "60000", TURN_TIMEOUT_S: "600", TURN_WARNING_S: "10", BOT_FILL_WAIT_S: "600" });
  const registry = () => new TableRegistry(serverOf().database.db);

  async function botsTable(dealer: number) {
    const user = await makeUser("Idler");
    const room = await sdkClient(serverOf().url, user).create("baloot", { mode: "bots", game: { dealer } });
    const rec = new Recorded(room);
    const closed = new Promise<number>((resolve) => room.onLeave((code) => resolve(code)));
    await until(() => view(room)?.status === "playing", 10_000, "playing");
    return { user, room, rec, closed, startedAt: Date.now() };
  }

  it("a connected player who is not to act gets idleWarning, then the table is paused (idle), stored and unloaded (close 4100)", async () => {
    const { room, rec, closed, startedAt } = await botsTable(0);
    const roomId = room.roomId;
    assert.notEqual(view(room)!.toAct, 0, "a bot is to act");
    await until(() => rec.of("idleWarning").length === 1, 5_000, "warning");
    const { deadline } = rec.of<{ deadline: number }>("idleWarning")[0]!;
    assert.ok(Math.abs(deadline - (startedAt + IDLE_S * 1000)) < 1_000, `deadline ≈ start + IDLE_PAUSE_S (${deadline - startedAt})`);
    assert.equal(await closed, 4100);
    assert.ok(Date.now() >= deadline - 50, "not before the deadline");
    assert.equal(view(room)!.status, "paused", "the last state the client saw");
    assert.equal(view(room)!.pauseReason, "idle");
    assert.equal(view(room)!.pausedBy, -1);
    assert.equal(matchMaker.getLocalRoomById(roomId), undefined, "unloaded from memory");
    const t = await waitFor(registry(), roomId, (x) => x.status === "paused" && x.processId === null, "registry: paused, unloaded");
    assert.equal(t.pausedReason, "idle");
    assert.equal(t.pausedBy, null);
    const match = await serverOf().database.db.selectFrom("matches").select(["status"]).where("id", "=", t.matchId!).executeTakeFirstOrThrow();
    assert.equal(match.status, "interrupted", "the match is stored, resumable");
  });

  it("any message of the player withdraws the warning (deadline 0) and starts the period again", async () => {
    const { room, rec, closed } = await botsTable(0);
    await until(() => rec.of("idleWarning").length === 1, 5_000, "warning");
    const first = rec.of<{ deadline: number }>("idleWarning")[0]!.deadline;
    room.send("boxScore");
    await until(() => rec.of("idleWarning").length === 2, 5_000, "withdrawn");
    assert.equal(rec.of<{ deadline: number }>("idleWarning")[1]!.deadline, 0);
    await until(() => rec.of("idleWarning").length === 3, 5_000, "warned again");
    const second = rec.of<{ deadline: number }>("idleWarning")[2]!.deadline;
    assert.ok(second > first, "a later deadline");
    assert.equal(await closed, 4100);
  });

  it("a manually paused table with its player connected but silent goes idle too and keeps its manual pause", async () => {
    const { user, room, rec, closed } = await botsTable(3);
    room.send("pause");
    await until(() => view(room)?.status === "paused", 5_000, "paused");
    await until(() => rec.of("idleWarning").length === 1, 5_000, "warning");
    assert.equal(await closed, 4100);
    const t = await waitFor(registry(), room.roomId, (x) => x.processId === null, "unloaded");
    assert.equal(t.status, "paused");
    assert.equal(t.pausedReason, "manual");
    assert.equal(t.pausedBy, user.id);
  });

  it("a connected player on the clock keeps the table loaded (his turn clock deals with him)", async () => {
    const { room, rec } = await botsTable(3);
    await until(() => view(room)?.toAct === 0 && view(room)!.deadline > 0, 5_000, "my turn");
    await new Promise((r) => setTimeout(r, IDLE_S * 1000 * 2));
    assert.equal(rec.of("idleWarning").length, 0);
    assert.equal(view(room)!.status, "playing");
    assert.ok(matchMaker.getLocalRoomById(room.roomId));
    await room.leave();
  });
});
