import assert from "node:assert/strict";
import { createServer, type Server } from "node:net";
import { spawnTs, waitForOutput } from "../helpers/processes.js";
import { freePort } from "../helpers/ports.js";
import { testEnv } from "../helpers/env.js";

/** The real entry point (src/index.ts) in a child process: exit codes and signals. */
describe("server process", function () {
  this.timeout(60_000);

  it("exits non-zero naming the variable when configuration is invalid", async () => {
    const p = spawnTs("src/index.ts", testEnv({ PORT: "not-a-port", LOG_LEVEL: "info" }));
    const { code } = await p.exited;
    assert.notEqual(code, 0);
    assert.match(p.output(), /PORT: /);
  });

  it("exits non-zero within seconds when the port is busy", async () => {
    const port = await freePort();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, "127.0.0.1", resolve));
    try {
      const started = Date.now();
      const p = spawnTs("src/index.ts", testEnv({ PORT: String(port), LOG_LEVEL: "info", LISTEN_TIMEOUT_S: "5" }));
      const { code } = await p.exited;
      assert.notEqual(code, 0);
      assert.match(p.output(), /already in use|did not finish/);
      assert.ok(Date.now() - started < 30_000, "should give up quickly");
    } finally {
      blocker.close();
    }
  });

  it("serves /health and exits 0 on SIGTERM", async () => {
    const port = await freePort();
    const p = spawnTs("src/index.ts", testEnv({ PORT: String(port), LOG_LEVEL: "info" }));
    await waitForOutput(p, /diwan listening/);
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    assert.equal(res.status, 200);
    p.child.kill("SIGTERM");
    const { code } = await p.exited;
    assert.equal(code, 0);
    assert.match(p.output(), /shutdown complete/);
  });
});
