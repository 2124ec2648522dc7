import assert from "node:assert/strict";
import { join } from "node:path";
import { ConfigError, loadConfig } from "../../src/platform/config.js";

describe("config: durability settings (issue 8 items 14-17)", () => {
  it("defaults: bounded database waits, a journal next to the data, a 60 s lease", () => {
    const c = loadConfig({});
    assert.equal(c.databaseConnectTimeoutMs, 5000);
    assert.equal(c.databaseAcquireTimeoutMs, 5000);
    assert.equal(c.databaseStatementTimeoutMs, 10_000);
    assert.equal(c.journalDir, join("./data", "journal"));
    assert.equal(c.matchLeaseS, 60);
  });

  it("DATA_DIR=memory has no local journal unless JOURNAL_DIR says where", () => {
    assert.equal(loadConfig({ DATA_DIR: "memory" }).journalDir, undefined);
    assert.equal(loadConfig({ DATA_DIR: "memory", JOURNAL_DIR: "/var/lib/diwan/journal" }).journalDir, "/var/lib/diwan/journal");
    assert.equal(loadConfig({ DATA_DIR: "memory", JOURNAL_DIR: "" }).journalDir, undefined);
  });

  it("refuses values that would disable the bounds, naming the variable", () => {
    for (const [variable, value] of [
      ["DATABASE_STATEMENT_TIMEOUT_MS", "0"],
      ["DATABASE_ACQUIRE_TIMEOUT_MS", "-1"],
      ["DATABASE_CONNECT_TIMEOUT_MS", "soon"],
      ["MATCH_LEASE_S", "1"],
    ] as const) {
      assert.throws(
        () => loadConfig({ [variable]: value }),
        (err: unknown) => err instanceof ConfigError && err.issues.some((i) => i.variable === variable),
        variable,
      );
    }
  });
});
