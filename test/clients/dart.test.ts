/** The committed Dart schema classes (clients/dart) are what the generator makes of src/schema today. */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/processes.js";

describe("generated Dart schema classes", function () {
  this.timeout(60_000);

  it("clients/dart/lib/schema matches a fresh `npm run clients:dart`", () => {
    const out = mkdtempSync(join(tmpdir(), "diwan-dart-"));
    try {
      const sources = readdirSync(join(REPO_ROOT, "src/schema")).filter((f) => f.endsWith(".ts")).map((f) => join("src/schema", f));
      execFileSync(join(REPO_ROOT, "node_modules/.bin/schema-codegen"), [...sources, "--output", join(out, "schema"), "--dart"], { cwd: REPO_ROOT, stdio: "pipe" });
      const committedDir = join(REPO_ROOT, "clients/dart/lib/schema");
      const fresh = readdirSync(join(out, "schema")).sort();
      assert.deepEqual(readdirSync(committedDir).sort(), fresh, "run `npm run clients:dart` and commit clients/dart");
      assert.ok(fresh.includes("BalootState.dart") && fresh.includes("TableState.dart"));
      for (const f of fresh) {
        assert.equal(readFileSync(join(committedDir, f), "utf8"), readFileSync(join(out, "schema", f), "utf8"), `${f} is stale: run \`npm run clients:dart\``);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
