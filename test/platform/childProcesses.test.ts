/**
 * Child processes die with their test (test/helpers/processes.ts): a test that times out
 * without stopping the server it started does not leave it (or what it started) running, and
 * neither does a test process killed with -9. Each case runs in a mocha process of its own
 * (test/fixtures/strayChildren.fixture.ts) with the suite's setup.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isRunning, spawnTs, stopProcess } from "../helpers/processes.js";

const MOCHA = "node_modules/mocha/lib/cli/cli.js";
const FIXTURE = "test/fixtures/strayChildren.fixture.ts";

describe("child processes die with their test", function () {
  this.timeout(120_000);
  let dir = "";
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "diwan-strays-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const mocha = (scenario: string, pidsFile: string) =>
    spawnTs(MOCHA, { STRAY_SCENARIO: scenario, STRAY_PIDS_FILE: pidsFile }, [FIXTURE, "--require", "test/setup.ts", "--exit", "--no-config", "--reporter", "dot"]);

  it("a test that times out: the child it started and the child's own child are killed after it", async () => {
    const run = mocha("timeout", join(dir, "timeout.pids"));
    const { code } = await run.exited;
    const out = run.output();
    assert.equal(code, 1, out);
    assert.match(out, /1 passing/, out);
    assert.match(out, /1 failing[\s\S]*Timeout of 100ms exceeded/, out);
    // Killed right after its test (the root afterEach hook), not only when that mocha ended.
    assert.match(out, /killed 1 child process\(es\) "starts a child and never stops it" left running: test\/fixtures\/childWithGrandchild\.ts/, out);
  });

  it("a test process killed with -9: its child and the child's own child end themselves", async () => {
    const pidsFile = join(dir, "hang.pids");
    const run = mocha("hang", pidsFile);
    const deadline = Date.now() + 60_000;
    let pids: number[] = [];
    while (pids.length === 0) {
      try {
        pids = readFileSync(pidsFile, "utf8").split(" ").map(Number);
      } catch {
        if (Date.now() > deadline) throw new Error(`the fixture never started its child:\n${run.output()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    assert.deepEqual(pids.filter(isRunning), pids, "both run while their test does");
    await stopProcess(run, "SIGKILL");
    const gone = Date.now() + 20_000;
    while (pids.some(isRunning) && Date.now() < gone) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(pids.filter(isRunning), [], "still running after their test process was killed");
  });
});
