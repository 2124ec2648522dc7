/**
 * Keep-alive pings spread over the interval (src/platform/keepAlive.ts): every connection is
 * pinged once per interval, but not all in the same tick; a connection that does not answer is
 * closed when its next ping is due; one that answers stays.
 */
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { WebSocket, WebSocketServer } from "ws";
import { SpreadKeepAlive } from "../../src/platform/keepAlive.js";

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe("keep-alive: pings spread over the interval", function () {
  this.timeout(20_000);
  let wss: WebSocketServer;
  let url: string;
  const clients: WebSocket[] = [];

  beforeEach(async () => {
    wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    await new Promise<void>((r) => wss.once("listening", () => r()));
    url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.terminate();
    await new Promise<void>((r) => wss.close(() => r()));
  });

  async function connect(autoPong = true): Promise<{ ws: WebSocket; pings: number[]; closed: Promise<number> }> {
    const ws = new WebSocket(url, { autoPong });
    clients.push(ws);
    const pings: number[] = [];
    ws.on("ping", () => pings.push(performance.now()));
    const closed = new Promise<number>((r) => ws.once("close", (code) => r(code)));
    await new Promise<void>((r, j) => {
      ws.once("open", () => r());
      ws.once("error", j);
    });
    return { ws, pings, closed };
  }

  it("pings every connection once per interval, a slot per tick, not all at once", async () => {
    const keepAlive = new SpreadKeepAlive(wss, { intervalMs: 1000, maxMissed: 1, slots: 10 });
    const conns = await Promise.all(Array.from({ length: 20 }, () => connect()));
    await sleep(50); // the server saw every connection
    const started = performance.now();
    keepAlive.start();
    try {
      assert.deepEqual(keepAlive.slotSizes(), Array(10).fill(2));
      await sleep(2150);
      for (const c of conns) {
        assert.ok(c.pings.length >= 2, "two intervals: two pings each (a third for the first slots)");
        for (let i = 1; i < c.pings.length; i++) {
          const gap = (c.pings[i] as number) - (c.pings[i - 1] as number);
          assert.ok(gap > 800, `one ping per interval, not ${gap.toFixed(0)} ms apart`);
        }
        assert.equal(c.ws.readyState, WebSocket.OPEN, "a connection that answers stays");
      }
      // The first pings went out over the interval: ten distinct ticks, about 100 ms apart.
      const firsts = conns.map((c) => (c.pings[0] as number) - started).sort((a, b) => a - b);
      assert.ok((firsts[0] as number) < 250 && (firsts[19] as number) > 800, `first pings from ${firsts[0]} to ${firsts[19]} ms`);
      const ticks = new Set(firsts.map((t) => Math.round(t / 100)));
      assert.ok(ticks.size >= 8, `pings in ${ticks.size} ticks`);
    } finally {
      keepAlive.stop();
    }
  });

  it("closes a connection that did not answer the previous ping when the next one is due", async () => {
    const keepAlive = new SpreadKeepAlive(wss, { intervalMs: 600, maxMissed: 1, slots: 6 });
    keepAlive.start();
    try {
      const silent = await connect(false);
      const alive = await connect(true);
      const t0 = performance.now();
      const code = await Promise.race([silent.closed, sleep(3000).then(() => -1)]);
      assert.equal(code, 1006, "terminated without a close frame");
      const took = performance.now() - t0;
      assert.ok(took >= 500 && took < 1500, `closed after ${took.toFixed(0)} ms (one to two intervals)`);
      assert.equal(silent.pings.length, 1);
      assert.equal(alive.ws.readyState, WebSocket.OPEN);
      assert.equal(keepAlive.slotSizes().reduce((a, b) => a + b, 0), 1, "the closed connection left its slot");
    } finally {
      keepAlive.stop();
    }
  });
});
