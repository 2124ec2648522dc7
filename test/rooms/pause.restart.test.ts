import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { matchMaker } from "@colyseus/core";
import type { Room } from "@colyseus/sdk";
import { startDiwan } from "../../src/platform/assembly.js";
import type { DiwanServer } from "../../src/platform/server.js";
import { TableRegistry } from "../../src/services/tableRegistry.js";
import { testConfig } from "../helpers/env.js";
import { Recorded, makeUser, sdkClient, until } from "../helpers/tables.js";

interface TableView {
  status: string;
  toAct: number;
  deadline: number;
  matchId: string;
  seq: number;
  pausedBy: number;
  pauseReason: string;
  pausedAt: number;
}
const view = (room: Room) => room.state as unknown as TableView | undefined;

interface LocalTable {
  definition: { maxSeats: number; view(game: unknown, seat: number | null): unknown };
  match: { game: unknown };
}
function engineViews(roomId: string): string[] {
  const room = matchMaker.getLocalRoomById(roomId) as unknown as LocalTable;
  const seats = [null, ...Array.from({ length: room.definition.maxSeats }, (_, i) => i)];
  return seats.map((seat) => JSON.stringify(room.definition.view(room.match.game, seat)));
}

/** A manually paused table survives a graceful restart of its server: it comes back paused, its clock's time kept. */
describe("a paused table across a server restart", function () {
  this.timeout(60_000);
  // A file-backed PGlite (or the test Postgres) so the second server reads what the first stored:
  // the tests' default in-memory PGlite starts empty with every server.
  const dataDir = mkdtempSync(join(tmpdir(), "diwan-pause-restart-"));
  const env = { BOT_DELAY_MS: "0", TURN_TIMEOUT_S: "600", TURN_WARNING_S: "10", DATA_DIR: dataDir };
  let server: DiwanServer | undefined;
  after(async () => {
    await server?.shutdown();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("shutdown stores the pause and the frozen clock; after the restart the table comes back paused and resumes with the time left", async () => {
    server = await startDiwan(testConfig(env));
    const user = await makeUser("Restarted");
    const room = await sdkClient(server.url, user).create("baloot", { mode: "bots", game: { dealer: 3 } });
    new Recorded(room);
    const roomId = room.roomId;
    await until(() => view(room)?.toAct === 0 && view(room)!.deadline > 0, 10_000, "my turn");
    await new Promise((r) => setTimeout(r, 1_500));
    room.send("pause");
    await until(() => view(room)?.status === "paused", 5_000, "paused");
    const pausedAt = view(room)!.pausedAt;
    const seq = view(room)!.seq;
    const views = engineViews(roomId);

    await server.shutdown();
    server = undefined;
    const registryAfter = async (s: DiwanServer) => new TableRegistry(s.database.db).get(roomId);
    server = await startDiwan(testConfig(env));
    const stored = await registryAfter(server);
    assert.equal(stored?.status, "paused", "still paused in the registry (not interrupted)");
    assert.equal(stored?.pausedReason, "manual");
    assert.equal(stored?.processId, null);

    const back = await sdkClient(server.url, user).joinById(roomId);
    const rec = new Recorded(back);
    await until(() => view(back)?.status === "paused", 10_000, "back, paused");
    assert.equal(view(back)!.pausedBy, 0);
    assert.equal(view(back)!.pauseReason, "manual");
    assert.equal(view(back)!.pausedAt, pausedAt, "the same pause");
    assert.equal(view(back)!.seq, seq);
    assert.deepEqual(engineViews(roomId), views, "identical engine state for every seat");
    back.send("resume");
    await until(() => view(back)?.status === "playing" && view(back)!.deadline > 0, 5_000, "resumed");
    const remaining = view(back)!.deadline - Date.now();
    assert.ok(remaining < 599_000 && remaining > 590_000, `the clock kept its time (${remaining} ms left of 600 s)`);
    assert.equal(rec.of("error").length, 0);
    await back.leave();
  });
});
