import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateToLatest, openDatabase } from "../../src/db/database.js";
import { AccountService } from "../../src/services/accounts.js";
import { spawnTs } from "../helpers/processes.js";

describe("scripts/create-admin.ts", function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), "diwan-admin-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("creates the first admin, then promotes an existing account; refuses bad input", async () => {
    const exec = async (args: string[], env: Record<string, string> = {}) => {
      const script = spawnTs("scripts/create-admin.ts", { DATA_DIR: dir, ...env }, args);
      // "close": the output is read to its end, not only the process gone.
      const [code] = (await once(script.child, "close")) as [number | null];
      return { code, out: script.output() };
    };
    const created = await exec(["--email", "Boss@Example.test", "--first", "Big"], { CREATE_ADMIN_PASSWORD: "admin password 1" });
    assert.equal(created.code, 0, created.out);
    assert.match(created.out, /created admin boss@example\.test/);
    const again = await exec(["--email", "boss@example.test"]);
    assert.equal(again.code, 0, again.out);
    assert.match(again.out, /promoted admin/);
    const bad = await exec(["--email", "nope"]);
    assert.equal(bad.code, 64);

    const handle = await openDatabase({ dataDir: dir });
    try {
      await migrateToLatest(handle.db);
      const user = await new AccountService(handle.db).login("boss@example.test", "admin password 1");
      assert.equal(user.role, "admin");
      assert.equal(user.first_name, "Big");
    } finally {
      await handle.close();
    }
  });
});
