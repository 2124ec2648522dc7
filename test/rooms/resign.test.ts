import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import type { DiwanServer } from "../../src/platform/server.js";
import { ResignBook } from "../../src/rooms/table/resign.js";
import type { SeatRecord } from "../../src/rooms/table/seats.js";
import { Recorded, makeUser, sdkClient, until, useServer } from "../helpers/tables.js";

interface TableView {
  status: string;
  endReason: string;
  winnerTeam: number;
  matchId: string;
  seats: { userId: string; joinCode?: string }[];
}
const view = (room: Room) => room.state as unknown as TableView | undefined;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The stored log entry of the resignation: a `player` entry without an action, carrying the forfeit. */
async function storedResignation(server: DiwanServer, matchId: string) {
  const db = server.database.db;
  let status = "";
  for (let i = 0; i < 200 && status !== "finished"; i++) {
    status = (await db.selectFrom("matches").select("status").where("id", "=", matchId).executeTakeFirst())?.status ?? "";
    if (status !== "finished") await pause(50);
  }
  assert.equal(status, "finished", "the match is stored as finished");
  const entries = await db.selectFrom("match_events").selectAll().where("match_id", "=", matchId).orderBy("seq").execute();
  return entries[entries.length - 1]!;
}

describe("resign (every game): confirmation, team rule, forfeit with reason resign", function () {
  this.timeout(120_000);
  const serverOf = useServer({ BOT_DELAY_MS: "50", TURN_TIMEOUT_S: "120" });

  it("Baloot, human with bot partners: refused without { confirm: true }; confirmed, his team loses at once", async () => {
    const user = await makeUser("Quitter");
    const room = await sdkClient(serverOf().url, user).create("baloot", { mode: "bots", game: { dealer: 3 } });
    const rec = new Recorded(room);
    await until(() => view(room)?.status === "playing", 10_000, "start");

    room.send("resign", {});
    await until(() => rec.of("error").length > 0, 5_000, "refusal");
    assert.equal(rec.of<{ code: string }>("error")[0]!.code, "CONFIRM_REQUIRED");
    assert.equal(view(room)!.status, "playing", "an unconfirmed resign changes nothing");

    room.send("resign", { confirm: true });
    await until(() => view(room)?.status === "finished", 5_000, "resigned");
    assert.equal(view(room)!.endReason, "resign");
    assert.equal(view(room)!.winnerTeam, 1, "seat 0 is team 0: team 1 wins");
    const ended = rec.of<{ outcome: { winnerTeam: number; reason: string } }>("matchEnded")[0]!;
    assert.equal(ended.outcome.winnerTeam, 1);
    assert.match(ended.outcome.reason, /resign/);

    const entry = await storedResignation(serverOf(), view(room)!.matchId);
    assert.equal(entry.source, "player");
    assert.equal(entry.seat, 0);
    assert.equal(entry.action, null);
    assert.match(JSON.stringify(entry.events), /FORFEIT: resign/);

    // After the end: refused as over.
    room.send("resign", { confirm: true });
    await until(() => rec.of<{ code: string }>("error").some((e) => e.code === "GAME_ENDED"), 5_000, "refused after the end");
    await room.leave();
  });

  it("Baloot, two human partners: the first confirmation waits for the partner; both confirmations end the match", async () => {
    const host = await makeUser("Host");
    const partner = await makeUser("Partner");
    const hostRoom = await sdkClient(serverOf().url, host).create("baloot", { mode: "private" });
    const hostRec = new Recorded(hostRoom);
    await until(() => (view(hostRoom)?.seats?.[0]?.joinCode ?? "").length === 6, 5_000, "join code");
    const partnerRoom = await sdkClient(serverOf().url, partner).joinById(hostRoom.roomId, { joinCode: view(hostRoom)!.seats[0]!.joinCode, seat: 2 });
    const partnerRec = new Recorded(partnerRoom);
    await until(() => view(hostRoom)?.seats?.[2]?.userId === partner.id, 5_000, "partner seated");
    hostRoom.send("fillBots", {});
    await pause(100);
    hostRoom.send("start", {});
    await until(() => view(hostRoom)?.status === "playing", 5_000, "started");

    hostRoom.send("resign", { confirm: true });
    await until(() => partnerRec.of("resignPending").length === 1 && hostRec.of("resignPending").length === 1, 5_000, "both partners told");
    const pending = partnerRec.of<{ team: number; seat: number; waitingFor: number[]; expiresAt: number }>("resignPending")[0]!;
    assert.deepEqual({ team: pending.team, seat: pending.seat, waitingFor: pending.waitingFor }, { team: 0, seat: 0, waitingFor: [2] });
    assert.ok(pending.expiresAt > Date.now());
    await pause(200);
    assert.equal(view(hostRoom)!.status, "playing", "one partner alone does not resign the team");

    partnerRoom.send("resign", { confirm: true });
    await until(() => view(hostRoom)?.status === "finished", 5_000, "team resigned");
    assert.equal(view(hostRoom)!.endReason, "resign");
    assert.equal(view(hostRoom)!.winnerTeam, 1);
    const entry = await storedResignation(serverOf(), view(hostRoom)!.matchId);
    assert.equal(entry.seat, 2, "logged at the seat whose confirmation completed the team");
    assert.equal(entry.action, null);
    await Promise.all([hostRoom.leave(), partnerRoom.leave()]);
  });
});

describe("ResignBook: the team rule", () => {
  const seat = (index: number, team: number, extra: Partial<SeatRecord> = {}): SeatRecord => ({
    index,
    team,
    userId: `u${index}`,
    name: "",
    guest: false,
    isBot: false,
    botControlled: false,
    sessionId: null,
    connected: true,
    reconnection: null,
    consecutiveTimeouts: 0,
    ...extra,
  });

  it("a lone human, or one whose partner is a bot or bot-controlled, resigns at once", () => {
    const book = new ResignBook(60_000);
    assert.equal(book.request(seat(0, 0), [seat(0, 0)], 0).kind, "resign");
    assert.equal(book.request(seat(0, 0), [seat(0, 0), seat(2, 0, { isBot: true, userId: null })], 0).kind, "resign");
    assert.equal(book.request(seat(1, 1), [seat(1, 1), seat(3, 1, { botControlled: true })], 0).kind, "resign");
  });

  it("two humans must both confirm within the window; a lapsed confirmation no longer counts", () => {
    const book = new ResignBook(60_000);
    const team = [seat(0, 0), seat(2, 0)];
    assert.deepEqual(book.request(team[0]!, team, 1_000), { kind: "pending", team: 0, waitingFor: [2], expiresAt: 61_000 });
    // The partner answers too late: the first request lapsed, so his is now the one waiting.
    assert.deepEqual(book.request(team[1]!, team, 62_000), { kind: "pending", team: 0, waitingFor: [0], expiresAt: 122_000 });
    assert.deepEqual(book.request(team[0]!, team, 70_000), { kind: "resign", team: 0 });
    // Resolved requests are forgotten: the next request starts over.
    assert.equal(book.request(team[0]!, team, 71_000).kind, "pending");
  });
});
