import assert from "node:assert/strict";
import { RunStats, ScriptedPlayer } from "../../bench/lib/player.js";
import { startDiwan } from "../../src/platform/assembly.js";
import type { DiwanServer } from "../../src/platform/server.js";
import { testConfig } from "../helpers/env.js";
import { makeUser, sdkClient, until } from "../helpers/tables.js";

describe("bench/lib ScriptedPlayer against a real server", function () {
  this.timeout(15_000);
  let server: DiwanServer;

  before(async () => {
    server = await startDiwan(testConfig({ BOT_DELAY_MS: "0" }));
  });
  after(async () => {
    await server?.shutdown();
  });

  it("plays legal actions on its turn, gets one ack per action, and pauses when asked", async () => {
    const stats = new RunStats();
    stats.recording = true;
    const players: ScriptedPlayer[] = [];
    for (let i = 0; i < 2; i++) {
      const user = await makeUser(`Bench ${i}`);
      const room = await sdkClient(server.url, user).create("baloot", { mode: "bots" });
      players.push(new ScriptedPlayer(room, user.id, stats, { paceMs: 60, jitterMs: 20, minGapMs: 60, ackTimeoutMs: 5000, countApplied: true }));
    }
    await until(() => stats.acked >= 10, 10_000, "ten acknowledged actions");
    assert.equal(stats.ok, stats.acked, `every action was legal: ${JSON.stringify([...stats.rejected])}`);
    assert.equal(stats.ackTimeouts, 0);
    assert.ok(stats.applied >= stats.acked, "state.seq advanced at least once per acknowledged action");
    assert.equal(stats.latencies.count, stats.acked);
    // Frames are counted by kind: one ack frame per answer, patches, and the bots' events messages.
    assert.ok((stats.byKind.get("ack")?.frames ?? 0) >= stats.acked, JSON.stringify([...stats.byKind]));
    assert.ok((stats.byKind.get("patch")?.frames ?? 0) > 0);
    assert.ok((stats.byKind.get("events")?.frames ?? 0) > 0);
    assert.equal([...stats.byKind.values()].reduce((n, c) => n + c.frames, 0), stats.framesIn);

    stats.paused = true;
    await new Promise((r) => setTimeout(r, 300)); // let an action in flight finish
    const sent = stats.sent;
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(stats.sent, sent, "nothing is sent while paused");
    await Promise.all(players.map((p) => p.stop()));
  });
});
