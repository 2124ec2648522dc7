import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import { freePort } from "../helpers/ports.js";
import { spawnTs, stopProcess, waitForOutput, type Spawned } from "../helpers/processes.js";
import { requireRedis, testEnv } from "../helpers/env.js";
import { makeUser, sdkClient } from "../helpers/tables.js";

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
        ...testEnv({ PORT: String(port), REDIS_URL: redisUrl, PUBLIC_ADDRESS: `127.0.0.1:${port}`, BOT_FILL_WAIT_S: "600" }),
      });
      processes.push(p);
    }
    await Promise.all(processes.map((p) => waitForOutput(p, /READY \d+/, 60_000)));
  });

  after(async () => {
    await Promise.all(processes.map((p) => stopProcess(p)));
  });

  it("a room created on process A is joined through process B, and both see the same state", async () => {
    // Matchmaking needs an access token on every room type (the request gate checks it first).
    const user = await makeUser("Echo");
    const clientA = sdkClient(`http://127.0.0.1:${portA}`, user);
    const roomA: Room<unknown, EchoView> = await clientA.create("echo");
    await until(() => roomA.state?.processId !== undefined && roomA.state.processId !== "");
    // The driver may place a new room on either process: join through the one that does not host it.
    const hostPid = roomA.state.processId;
    const hostIndex = processes.findIndex((p) => String(p.child.pid) === hostPid);
    assert.ok(hostIndex >= 0, "room lives on one of the two processes");
    const other = sdkClient(`http://127.0.0.1:${hostIndex === 0 ? portB : portA}`, user);

    // The matchmaking request goes to the other process; its driver finds the room in Redis and reserves a seat on the host.
    const roomB: Room<unknown, EchoView> = await other.joinById(roomA.roomId);
    await until(() => roomB.state?.joins === 2 && roomA.state.joins === 2);
    assert.equal(roomB.state.processId, hostPid);

    roomB.send("set", "hello from B");
    await until(() => roomA.state.text === "hello from B" && roomB.state.text === "hello from B");

    // Quick matchmaking through the other process also lands on the open room.
    const roomC: Room<unknown, EchoView> = await other.join("echo");
    assert.equal(roomC.roomId, roomA.roomId);
    await until(() => roomC.state?.text === "hello from B");

    await Promise.all([roomA.leave(), roomB.leave(), roomC.leave()]);
  });

  it("a Baloot quick-match join through one process lands on the table hosted by the other", async () => {
    const urls = [`http://127.0.0.1:${portA}`, `http://127.0.0.1:${portB}`];
    const first = await makeUser("First");
    const second = await makeUser("Second");
    const roomOne = await sdkClient(urls[0]!, first).joinOrCreate("baloot", { mode: "quick" });
    roomOne.onMessage("*", () => {});
    // Which process hosts the table? Ask either process (admin route, answered from Redis).
    const basic = `Basic ${Buffer.from("admin:admin-password-for-tests").toString("base64")}`;
    const info = (await (await fetch(`${urls[1]}/rooms/${roomOne.roomId}`, { headers: { authorization: basic } })).json()) as {
      processId: string;
      table: { seats: { userId: string | null }[] };
    };
    assert.ok(info.table.seats.some((s) => s.userId === first.id), "table info crosses processes");
    // Join through the process that does NOT host the table.
    const hostPort = await whichPort(urls, info.processId);
    const otherUrl = hostPort === urls[0] ? urls[1]! : urls[0]!;
    const roomTwo = await sdkClient(otherUrl, second).joinOrCreate("baloot", { mode: "quick" });
    roomTwo.onMessage("*", () => {});
    assert.equal(roomTwo.roomId, roomOne.roomId, "same table");
    const seatsOf = (r: Room) => ((r.state as unknown as { seats?: { userId: string }[] }).seats ?? []).map((s) => s.userId);
    await until(() => seatsOf(roomOne).includes(second.id) && seatsOf(roomTwo).includes(first.id));
    await Promise.all([roomOne.leave(), roomTwo.leave()]);
  });
});

/** The URL of the process with this Colyseus processId (from its /health). */
async function whichPort(urls: string[], processId: string): Promise<string> {
  for (const url of urls) {
    const res = await fetch(`${url}/health`);
    const body = (await res.json()) as { processId?: string };
    if (body.processId === processId) return url;
  }
  throw new Error(`no process answers as ${processId}`);
}
