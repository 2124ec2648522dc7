import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { pino } from "pino";
import { startDiwan } from "../../src/platform/assembly.js";
import { loadConfig } from "../../src/platform/config.js";
import { GuestUsers, sdkClient } from "../../bench/lib/clients.js";
import { testEnv } from "../helpers/env.js";
import { startApiServer } from "./helpers.js";

/** Issue 8, item 22: things a newcomer tripped on when following the README. */
describe("README paths for newcomers", function () {
  this.timeout(60_000);

  it("in development without ADMIN_PASSWORD a password is generated, printed at start, and opens /monitor", async () => {
    assert.equal(loadConfig({ NODE_ENV: "production", JWT_SECRET: "x".repeat(32) }).adminPassword, undefined, "never in production");
    assert.equal(loadConfig({ NODE_ENV: "development", ADMIN_PASSWORD: "set-by-the-operator" }).adminPasswordGenerated, false);
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const env = testEnv({ NODE_ENV: "development", LOG_PRETTY: "false", LOG_LEVEL: "warn" });
    delete env.ADMIN_PASSWORD;
    const config = loadConfig(env);
    assert.equal(config.adminPasswordGenerated, true);
    assert.ok((config.adminPassword ?? "").length >= 12);
    const server = await startDiwan(config, pino({ level: "warn" }, sink));
    try {
      const printed = lines.map((l) => (JSON.parse(l) as { msg: string }).msg).find((m) => m.includes("ADMIN_PASSWORD is not set"));
      assert.ok(printed, `no start-up line with the password in ${lines.join("")}`);
      const [, user, password] = /user "([^"]+)" and password "([^"]+)"/.exec(printed) ?? [];
      const res = await fetch(`${server.url}/monitor/`, { headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` } });
      assert.equal(res.status, 200);
    } finally {
      await server.shutdown();
    }
  });

  it("the load tool needs no shared JWT_SECRET: each player is a real guest of the server", async () => {
    const server = await startApiServer({ BOT_DELAY_MS: "0" });
    try {
      const users = new GuestUsers(server.url, "load");
      const [a, b] = await Promise.all([users.next(), users.next()]);
      assert.notEqual(a.id, b.id);
      assert.deepEqual([a.name, b.name].sort(), ["load-1", "load-2"]);
      const row = await server.database.db.selectFrom("users").select(["is_guest", "display_name"]).where("id", "=", a.id).executeTakeFirstOrThrow();
      assert.equal(row.is_guest, true);
      const room = await sdkClient(server.url, a.token).create("baloot", { mode: "bots" });
      room.onMessage("*", () => {});
      await room.leave();
    } finally {
      await server.shutdown();
    }
  });
});
