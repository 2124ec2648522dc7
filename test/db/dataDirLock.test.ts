import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataDirLockedError, lockDataDir } from "../../src/db/dataDirLock.js";
import { HOST } from "../../src/platform/processInfo.js";
import { spawnTs } from "../helpers/processes.js";
import { testEnv } from "../helpers/env.js";
import { startChild, stopChild, type ChildServer } from "../platform/helpers/children.js";

describe("PGlite data directory lock (issue 8 item 15)", function () {
  this.timeout(180_000);
  let dataDir = "";
  let first: ChildServer | undefined;

  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), "diwan-lock-"));
  });
  after(async () => {
    await stopChild(first, "SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("a second server and create-admin on a held folder exit with a message naming the holder; a dead holder's lock is taken over", async () => {
    const env = { DATA_DIR: dataDir, DATABASE_URL: undefined };
    first = await startChild(env);
    const holderPid = first.proc.child.pid as number;

    const second = spawnTs("test/fixtures/serverProcess.ts", testEnv({ ...env, PORT: "0" }));
    const secondExit = await second.exited;
    assert.notEqual(secondExit.code, 0, "the second server does not start");
    assert.match(second.output(), new RegExp(`in use by process ${holderPid} on ${HOST} \\(started `));
    assert.doesNotMatch(second.output(), /READY/);

    const withArgs = spawnTs("scripts/create-admin.ts", { ...testEnv(env), CREATE_ADMIN_PASSWORD: "long-enough-password" }, ["--email", "boss@example.com"]);
    const adminExit = await withArgs.exited;
    assert.equal(adminExit.code, 1, withArgs.output());
    assert.match(withArgs.output(), new RegExp(`in use by process ${holderPid}`));
    assert.doesNotMatch(withArgs.output(), /created admin|promoted admin/);

    // kill -9 leaves the lock file behind; the next process takes it over.
    await stopChild(first, "SIGKILL");
    const lock = JSON.parse(readFileSync(join(dataDir, "pglite", "diwan.lock"), "utf8")) as { pid: number };
    assert.equal(lock.pid, holderPid, "the dead holder's lock is still there");
    first = await startChild(env);
    const taken = JSON.parse(readFileSync(join(dataDir, "pglite", "diwan.lock"), "utf8")) as { pid: number };
    assert.equal(taken.pid, first.proc.child.pid);
    const last = first;
    await stopChild(last);
    const exit = await last.proc.exited;
    assert.throws(() => readFileSync(join(dataDir, "pglite", "diwan.lock")), /ENOENT/, `a clean shutdown removes the lock (exit ${JSON.stringify(exit)}):\n${last.proc.output().slice(-2000)}`);
  });

  it("in one process: a live holder is refused, a stale or torn lock file is replaced", () => {
    const dir = join(dataDir, "unit");
    mkdirSync(dir, { recursive: true });
    // A torn lock (the writer died mid-write) and a dead pid are both stale.
    writeFileSync(join(dir, "diwan.lock"), '{"pid":');
    const release = lockDataDir(dir);
    assert.throws(() => lockDataDir(dir), (err: unknown) => err instanceof DataDirLockedError && err.holder.pid === process.pid);
    release();
    writeFileSync(join(dir, "diwan.lock"), JSON.stringify({ pid: 2 ** 22 + 17, host: HOST, startedAt: new Date(0).toISOString(), command: "gone" }));
    const again = lockDataDir(dir);
    assert.equal((JSON.parse(readFileSync(join(dir, "diwan.lock"), "utf8")) as { pid: number }).pid, process.pid);
    again();
  });
});

