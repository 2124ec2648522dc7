import assert from "node:assert/strict";
import { Client } from "@colyseus/sdk";
import { freePort } from "../helpers/ports.js";
import { spawnTs, stopProcess, waitForOutput, type Spawned } from "../helpers/processes.js";
import { requireRedis, testEnv, TEST_DATABASE_URL } from "../helpers/env.js";
import { until } from "../helpers/tables.js";
import { api, signup } from "./helpers.js";

/**
 * The API on one process answers about a table running on another: rejoin info from the shared
 * room cache and the live box score through presence (remoteRoomCall), not from the database.
 */
describe("API across processes (Redis + Postgres)", function () {
  this.timeout(120_000);
  const processes: Spawned[] = [];
  let a = { url: "" };
  let b = { url: "" };

  before(async function () {
    const redisUrl = requireRedis(this);
    if (!TEST_DATABASE_URL) {
      console.log("      (skipped: DATABASE_URL is not set; processes must share a database)");
      this.skip();
    }
    const ports = [await freePort(), await freePort()];
    for (const port of ports) {
      processes.push(
        spawnTs("test/fixtures/serverProcess.ts", {
          ...testEnv({ PORT: String(port), REDIS_URL: redisUrl, PUBLIC_ADDRESS: `127.0.0.1:${port}`, TURN_TIMEOUT_S: "60", TURN_WARNING_S: "10" }),
        }),
      );
    }
    await Promise.all(processes.map((p) => waitForOutput(p, /READY \d+/, 60_000)));
    a = { url: `http://127.0.0.1:${ports[0]}` };
    b = { url: `http://127.0.0.1:${ports[1]}` };
  });

  after(async () => {
    await Promise.all(processes.map((p) => stopProcess(p)));
  });

  it("process B lists the live table on A and serves its live box score; replay stays closed", async () => {
    const me = await signup(a);
    const client = new Client(a.url);
    client.auth.token = me.accessToken;
    const room = await client.create("baloot", { mode: "bots" });
    room.onMessage("*", () => {});
    await until(() => (room.state as unknown as { status?: string })?.status === "playing", 15_000, "match start");

    let items: { matchId: string; roomId: string; seat: number }[] = [];
    for (let i = 0; i < 100 && items.length === 0; i++) {
      items = (await api<{ items: typeof items }>(b, "GET", "/games/me/active", { token: me.accessToken })).body.items;
      if (items.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(items.length, 1, "B sees the table hosted by A");
    assert.equal(items[0]!.roomId, room.roomId);
    const matchId = items[0]!.matchId;

    const box = await api<{ source: string; final: boolean }>(b, "GET", `/matches/${matchId}/boxscore`, { token: me.accessToken });
    assert.equal(box.status, 200);
    assert.equal(box.body.source, "live", "answered by the room on A through presence");
    assert.equal(box.body.final, false);
    const rp = await api<{ error: { code: string } }>(b, "GET", `/matches/${matchId}/replay`, { token: me.accessToken });
    assert.equal(rp.status, 409);
    await room.leave().catch(() => {});
  });
});
