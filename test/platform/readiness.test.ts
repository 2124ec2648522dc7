import assert from "node:assert/strict";
import { startDiwan } from "../../src/platform/assembly.js";
import type { DiwanServer } from "../../src/platform/server.js";
import { TEST_DATABASE_URL, requireRedis, testConfig } from "../helpers/env.js";
import { TcpProxy, retarget } from "../helpers/tcpProxy.js";

interface ReadyBody {
  status: string;
  failed: string[];
}

async function ready(server: DiwanServer): Promise<{ status: number; body: ReadyBody }> {
  const res = await fetch(`${server.url}/ready`);
  return { status: res.status, body: (await res.json()) as ReadyBody };
}

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("/ready reports a stopped dependency", function () {
  this.timeout(60_000);

  it("embedded database: 503 naming it once it no longer answers", async () => {
    const server = await startDiwan(testConfig({ DATABASE_URL: undefined }));
    try {
      assert.equal((await ready(server)).status, 200);
      // PGlite lives inside the process: closing it is how it stops answering.
      await server.database.close();
      const down = await ready(server);
      assert.equal(down.status, 503);
      assert.deepEqual(down.body.failed, ["database"]);
    } finally {
      await server.shutdown();
    }
  });

  it("database: 503 naming it while unreachable, 200 again after", async function () {
    if (!TEST_DATABASE_URL) {
      console.log("      (skipped: DATABASE_URL is not set; this case cuts a TCP proxy in front of Postgres)");
      this.skip();
    }
    const target = retarget(TEST_DATABASE_URL, 0);
    const proxy = new TcpProxy(target.host, target.port);
    const port = await proxy.start();
    const server = await startDiwan(testConfig({ DATABASE_URL: retarget(TEST_DATABASE_URL, port).url }));
    try {
      assert.equal((await ready(server)).status, 200);
      proxy.disconnect();
      const down = await eventually(() => ready(server), (r) => r.status === 503);
      assert.equal(down.status, 503);
      assert.deepEqual(down.body.failed, ["database"]);
      proxy.restore();
      const up = await eventually(() => ready(server), (r) => r.status === 200);
      assert.equal(up.status, 200);
    } finally {
      proxy.restore();
      await server.shutdown();
      await proxy.stop();
    }
  });

  it("redis: 503 naming it while unreachable, 200 again after", async function () {
    const redisUrl = requireRedis(this);
    const target = retarget(redisUrl, 0);
    const proxy = new TcpProxy(target.host, target.port);
    const port = await proxy.start();
    const server = await startDiwan(testConfig({ REDIS_URL: retarget(redisUrl, port).url, PUBLIC_ADDRESS: "127.0.0.1" }));
    try {
      assert.equal((await ready(server)).status, 200);
      proxy.disconnect();
      const down = await eventually(() => ready(server), (r) => r.status === 503);
      assert.equal(down.status, 503);
      assert.ok(down.body.failed.includes("redis"));
      proxy.restore();
      const up = await eventually(() => ready(server), (r) => r.status === 200, 30_000);
      assert.equal(up.status, 200);
    } finally {
      proxy.restore();
      await server.shutdown();
      await proxy.stop();
    }
  });

  it("reports shutting_down once shutdown has begun", async () => {
    const server = await startDiwan(testConfig());
    const stopping = server.shutdown();
    assert.equal(server.isShuttingDown(), true);
    await stopping;
  });
});
