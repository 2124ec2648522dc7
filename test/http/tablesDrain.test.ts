import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import type { DiwanServer } from "../../src/platform/server.js";
import { freePort } from "../helpers/ports.js";
import { spawnTs, stopProcess, waitForOutput, type Spawned } from "../helpers/processes.js";
import { requireRedis, testEnv, TEST_DATABASE_URL } from "../helpers/env.js";
import { Recorded, makeUser, sdkClient, until } from "../helpers/tables.js";
import { api, signup, signupAdmin, startApiServer, type TestSession } from "./helpers.js";

type ErrorBody = { error: { code: string; message: string } };
interface Processes {
  processes: { processId: string; roomCount: number; ccu: number; draining: boolean; self: boolean }[];
}
interface Ready {
  status: string;
  failed?: string[];
  checks: Record<string, { ok: boolean; error?: string }>;
}
const basic = { authorization: `Basic ${Buffer.from("admin:admin-password-for-tests").toString("base64")}` };

describe("draining a process (one process)", function () {
  this.timeout(60_000);
  let server: DiwanServer;
  let owner: TestSession;
  let admin: TestSession;
  before(async () => {
    server = await startApiServer({ BOT_DELAY_MS: "0" });
    owner = await signup(server, { firstName: "Owen" });
    admin = await signupAdmin(server);
  });
  after(async () => {
    await server?.shutdown();
  });

  it("a draining process takes no new tables and is not ready; its tables play on; undrained it takes tables again", async () => {
    const list = await api<Processes>(server, "GET", "/admin/processes", { token: admin.accessToken });
    assert.equal(list.status, 200);
    const self = list.body.processes.find((p) => p.self);
    assert.ok(self, JSON.stringify(list.body));
    assert.equal(self.draining, false);
    assert.equal((await api(server, "GET", "/admin/processes", { token: owner.accessToken })).status, 403);
    assert.equal((await api<ErrorBody>(server, "PUT", "/admin/processes/nosuchprocess/drain", { token: admin.accessToken })).body.error.code, "PROCESS_NOT_FOUND");

    // A table created before the drain.
    const before = await api<{ roomId: string }>(server, "POST", "/tables", { token: owner.accessToken, body: { game: "baloot", mode: "bots" } });
    assert.equal(before.status, 201);

    const drained = await api<{ processId: string; draining: boolean }>(server, "PUT", `/admin/processes/${self.processId}/drain`, { token: admin.accessToken });
    assert.deepEqual(drained.body, { processId: self.processId, draining: true });
    const ready = await api<Ready>(server, "GET", "/ready");
    assert.equal(ready.status, 503);
    assert.deepEqual(ready.body.failed, ["draining"]);
    assert.match(ready.body.checks.draining?.error ?? "", /draining: no new tables; \d+ still open here/);
    assert.equal((await api<Processes>(server, "GET", "/admin/processes", { headers: basic })).body.processes.find((p) => p.self)?.draining, true);

    const refused = await api<ErrorBody>(server, "POST", "/tables", { token: owner.accessToken, body: { game: "baloot", mode: "bots" } });
    assert.equal(refused.status, 503);
    assert.equal(refused.body.error.code, "DRAINING");
    const player = await makeUser("Late");
    await assert.rejects(sdkClient(server.url, player).create("baloot", { mode: "bots" }), /DRAINING/);

    // The table from before the drain still takes its player and plays.
    const room: Room = await sdkClient(server.url, { id: owner.user.id, name: "Owen", token: owner.accessToken }).joinById(before.body.roomId);
    new Recorded(room);
    await until(() => (room.state as unknown as { status: string }).status === "playing", 10_000, "start");
    await room.leave();

    const undrained = await api<{ draining: boolean }>(server, "DELETE", `/admin/processes/${self.processId}/drain`, { token: admin.accessToken });
    assert.equal(undrained.body.draining, false);
    assert.equal((await api(server, "GET", "/ready")).status, 200);
    assert.equal((await api(server, "POST", "/tables", { token: owner.accessToken, body: { game: "baloot", mode: "bots" } })).status, 201);
  });
});

describe("draining a process (two processes, Redis + Postgres)", function () {
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
      processes.push(spawnTs("test/fixtures/serverProcess.ts", { ...testEnv({ PORT: String(port), REDIS_URL: redisUrl, PUBLIC_ADDRESS: `127.0.0.1:${port}` }) }));
    }
    await Promise.all(processes.map((p) => waitForOutput(p, /READY \d+/, 60_000)));
    a = { url: `http://127.0.0.1:${ports[0]}` };
    b = { url: `http://127.0.0.1:${ports[1]}` };
  });
  after(async () => {
    await Promise.all(processes.map((p) => stopProcess(p)));
  });

  it("new tables asked of a draining process go to the other one; with both draining they are refused", async () => {
    const self = async (url: string) => (await api<Processes>({ url }, "GET", "/admin/processes", { headers: basic })).body.processes.find((p) => p.self)!.processId;
    const idA = await self(a.url);
    const idB = await self(b.url);
    assert.notEqual(idA, idB);
    // Drained through B's API: the draining set is shared.
    assert.equal((await api({ url: b.url }, "PUT", `/admin/processes/${idA}/drain`, { headers: basic })).status, 200);
    assert.equal((await api({ url: a.url }, "GET", "/ready")).status, 503);
    assert.equal((await api({ url: b.url }, "GET", "/ready")).status, 200);

    const user = await signup(a, { firstName: "Drainee" });
    const roomOf = async (roomId: string) => (await api<{ processId: string }>({ url: a.url }, "GET", `/rooms/${roomId}`, { headers: basic })).body.processId;
    for (let i = 0; i < 3; i++) {
      const created = await api<{ roomId: string }>(a, "POST", "/tables", { token: user.accessToken, body: { game: "baloot", mode: "private" } });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(await roomOf(created.body.roomId), idB, "created on the process that is not draining");
    }
    const room = await sdkClient(a.url, { id: user.user.id, name: "D", token: user.accessToken }).create("baloot", { mode: "private" });
    new Recorded(room);
    assert.equal(await roomOf(room.roomId), idB);
    await room.leave();

    assert.equal((await api({ url: a.url }, "PUT", `/admin/processes/${idB}/drain`, { headers: basic })).status, 200);
    const refused = await api<ErrorBody>(b, "POST", "/tables", { token: user.accessToken, body: { game: "baloot", mode: "bots" } });
    assert.equal(refused.status, 503);
    assert.equal(refused.body.error.code, "DRAINING");
    for (const id of [idA, idB]) assert.equal((await api({ url: b.url }, "DELETE", `/admin/processes/${id}/drain`, { headers: basic })).status, 200);
    assert.equal((await api({ url: a.url }, "GET", "/ready")).status, 200);
  });
});
