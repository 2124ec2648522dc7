import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import type { Room } from "@colyseus/sdk";
import { TableRegistry, type StoredTable } from "../../src/services/tableRegistry.js";
import { Recorded, makeUser, sdkClient, until, useServer } from "../helpers/tables.js";
import { cardList } from "../../web/src/games/baloot/fields.js";

interface TableView {
  status: string;
  seq: number;
  seats: { userId: string; /** "7S 10H AC" (private) */ hand?: string; connected: boolean }[];
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

interface LocalTable {
  definition: { maxSeats: number; view(game: unknown, seat: number | null): unknown };
  match: { game: unknown };
}
/** The engine's view for every seat and for a spectator (the server-side room, in this process). */
function engineViews(roomId: string): string[] {
  const room = matchMaker.getLocalRoomById(roomId) as unknown as LocalTable;
  const seats = [null, ...Array.from({ length: room.definition.maxSeats }, (_, i) => i)];
  return seats.map((seat) => JSON.stringify(room.definition.view(room.match.game, seat)));
}

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

  it("the player comes back by roomId: the table is loaded again, the idle pause ends by itself, identical engine state and log, and the match plays on to its end", async () => {
    const { user, room, rec, closed } = await botsTable(0);
    const roomId = room.roomId;
    await until(() => (view(room)?.seats[0]?.hand?.length ?? 0) > 0, 5_000, "my hand");
    const before = { matchId: view(room)!.matchId, seq: view(room)!.seq, hand: cardList(view(room)!.seats[0]!.hand!), toAct: view(room)!.toAct };
    const viewsBefore = engineViews(roomId);
    assert.equal(rec.of("idleWarning").length <= 1, true);
    assert.equal(await closed, 4100);
    await waitFor(registry(), roomId, (x) => x.status === "paused" && x.processId === null && x.roomState !== null, "stored and unloaded");
    assert.equal(matchMaker.getLocalRoomById(roomId), undefined);

    const back = await sdkClient(serverOf().url, user).joinById(roomId);
    const backRec = new Recorded(back);
    assert.equal(back.roomId, roomId, "same room id");
    await until(() => view(back)?.status === "playing" && (view(back)?.seats[0]?.hand?.length ?? 0) > 0, 10_000, "resumed by itself");
    assert.equal(view(back)!.matchId, before.matchId, "same match");
    assert.equal(view(back)!.seq, before.seq, "nothing was added while it was away");
    assert.deepEqual(cardList(view(back)!.seats[0]!.hand!), before.hand, "same hand");
    assert.equal(view(back)!.toAct, before.toAct);
    assert.equal(view(back)!.pauseReason, "");
    assert.deepEqual(engineViews(roomId), viewsBefore, "identical engine state: every seat's view and the spectator's");
    await waitFor(registry(), roomId, (x) => x.status === "playing" && x.processId !== null, "registry: playing, loaded");
    assert.equal(backRec.of("error").length, 0);
    const entries = await serverOf().database.db.selectFrom("match_events").select(["seq"]).where("match_id", "=", before.matchId).orderBy("seq").execute();
    assert.deepEqual(entries.map((e) => Number(e.seq)), Array.from({ length: before.seq }, (_, i) => i + 1), "every entry stored once, none missing");
    // The match plays on to its end from there (here: resigned) and is stored as finished, once.
    back.send("resign", { confirm: true });
    await until(() => view(back)?.status === "finished", 10_000, "finished");
    assert.equal(backRec.of("matchEnded").length, 1);
    await waitFor(registry(), roomId, (x) => x.status === "finished", "registry: finished");
    const stored = async () => (await serverOf().database.db.selectFrom("matches").select(["status"]).where("id", "=", before.matchId).executeTakeFirstOrThrow()).status;
    const deadline = Date.now() + 10_000;
    while ((await stored()) !== "finished" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(await stored(), "finished", "the match is stored as finished (the outcome is written in the background)");
    await back.leave();
  });

  it("a manually paused table unloaded for inactivity comes back paused, and its owner's resume restarts the clock with the time it had left", async () => {
    const { user, room, closed } = await botsTable(3);
    const roomId = room.roomId;
    await until(() => view(room)?.toAct === 0 && view(room)!.deadline > 0, 5_000, "my turn");
    await new Promise((r) => setTimeout(r, 1_000));
    room.send("pause");
    await until(() => view(room)?.status === "paused", 5_000, "paused");
    assert.equal(await closed, 4100);
    await waitFor(registry(), roomId, (x) => x.processId === null, "unloaded");

    const back = await sdkClient(serverOf().url, user).joinById(roomId);
    new Recorded(back);
    await until(() => view(back)?.status === "paused", 10_000, "back, still paused");
    assert.equal(view(back)!.pauseReason, "manual");
    assert.equal(view(back)!.pausedBy, 0);
    assert.equal(view(back)!.deadline, 0);
    const t = await waitFor(registry(), roomId, (x) => x.status === "paused" && x.processId !== null, "registry: paused, loaded");
    assert.equal(t.pausedReason, "manual");
    back.send("resume");
    await until(() => view(back)?.status === "playing" && view(back)!.deadline > 0, 5_000, "resumed");
    const remaining = view(back)!.deadline - Date.now();
    assert.ok(remaining < 599_500 && remaining > 590_000, `the clock kept the time it had left (${remaining} ms), not a fresh turn`);
    await back.leave();
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
