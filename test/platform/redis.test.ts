import assert from "node:assert/strict";
import { Client, type Room } from "@colyseus/sdk";
import { freePort } from "../helpers/ports.js";
import { spawnTs, waitForOutput, type Spawned } from "../helpers/processes.js";
import { requireRedis, testEnv } from "../helpers/env.js";

interface EchoView {
  text: string;
  joins: number;
  processId: string;
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("two processes sharing Redis (presence + driver)", function () {
  this.timeout(90_000);
  const processes: Spawned[] = [];
  let portA = 0;
  let portB = 0;

  before(async function () {
    const redisUrl = requireRedis(this);
    portA = await freePort();
    portB = await freePort();
    for (const port of [portA, portB]) {
      const p = spawnTs("test/fixtures/serverProcess.ts", {
        ...testEnv({ PORT: String(port), REDIS_URL: redisUrl, PUBLIC_ADDRESS: `127.0.0.1:${port}` }),
      });
      processes.push(p);
    }
    await Promise.all(processes.map((p) => waitForOutput(p, /READY \d+/, 60_000)));
  });

  after(async () => {
    for (const p of processes) p.child.kill("SIGTERM");
    await Promise.all(processes.map((p) => p.exited));
  });

  it("a room created on process A is joined through process B, and both see the same state", async () => {
    const clientA = new Client(`http://127.0.0.1:${portA}`);
    const clientB = new Client(`http://127.0.0.1:${portB}`);
    const roomA: Room<unknown, EchoView> = await clientA.create("echo");
    await until(() => roomA.state?.processId !== undefined && roomA.state.processId !== "");
    const hostPid = roomA.state.processId;
    assert.equal(hostPid, String(processes[0]?.child.pid), "room lives on process A");

    // Matchmaking request goes to B; B's driver finds the room in Redis and reserves a seat on A.
    const roomB: Room<unknown, EchoView> = await clientB.joinById(roomA.roomId);
    await until(() => roomB.state?.joins === 2 && roomA.state.joins === 2);
    assert.equal(roomB.state.processId, hostPid);

    roomB.send("set", "hello from B");
    await until(() => roomA.state.text === "hello from B" && roomB.state.text === "hello from B");

    // Quick matchmaking through B also lands on A's open room.
    const roomC: Room<unknown, EchoView> = await clientB.join("echo");
    assert.equal(roomC.roomId, roomA.roomId);
    await until(() => roomC.state?.text === "hello from B");

    await Promise.all([roomA.leave(), roomB.leave(), roomC.leave()]);
  });
});
