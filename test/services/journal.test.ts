import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type DatabaseHandle } from "../../src/db/database.js";
import { TEST_DATABASE_URL } from "../helpers/env.js";
import { waitForOutput } from "../helpers/processes.js";
import { TcpProxy, retarget } from "../helpers/tcpProxy.js";
import { HumanVsBots, logLines, startChild, stopChild, type ChildServer } from "../platform/helpers/children.js";
import { PrivateRedis } from "../platform/helpers/privateRedis.js";

/** Stored seqs and status of the match played in `roomId`. */
async function storedMatch(db: DatabaseHandle, roomId: string): Promise<{ id: string; status: string; seqs: number[] } | undefined> {
  const match = await db.db.selectFrom("matches").select(["id", "status"]).where("room_id", "=", roomId).executeTakeFirst();
  if (!match) return undefined;
  const rows = await db.db.selectFrom("match_events").select("seq").where("match_id", "=", match.id).orderBy("seq").execute();
  return { id: match.id, status: match.status, seqs: rows.map((r) => r.seq) };
}

/** Every acknowledged entry is stored exactly once: 1..n without gaps, n at least what the client saw. */
function assertComplete(seqs: number[], table: HumanVsBots): void {
  assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => i + 1), "each entry once, none missing");
  assert.ok(seqs.length >= table.lastSeq, `stored up to ${seqs.length}, the client saw ${table.lastSeq}`);
  for (const seq of table.acked) assert.ok(seqs.includes(seq), `acknowledged seq ${seq} stored`);
}

const fastDb = { DATABASE_CONNECT_TIMEOUT_MS: "1000", DATABASE_ACQUIRE_TIMEOUT_MS: "1000", DATABASE_STATEMENT_TIMEOUT_MS: "1000" };

describe("the journal keeps acknowledged actions across process deaths (issue 8 item 16, issue 12 §1)", function () {
  this.timeout(240_000);
  const children: ChildServer[] = [];
  const dirs: string[] = [];
  const tempDir = (name: string) => {
    const dir = mkdtempSync(join(tmpdir(), `diwan-${name}-`));
    dirs.push(dir);
    return dir;
  };
  const start = async (env: Record<string, string | undefined>) => {
    const child = await startChild(env);
    children.push(child);
    return child;
  };
  afterEach(async () => {
    await Promise.all(children.splice(0).map((c) => stopChild(c, "SIGKILL")));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  describe("with Postgres", () => {
    let proxy: TcpProxy | undefined;
    let check: DatabaseHandle | undefined;
    before(async function () {
      if (!TEST_DATABASE_URL) {
        console.log("      (skipped: DATABASE_URL is not set)");
        this.skip();
      }
      check = await openDatabase({ databaseUrl: TEST_DATABASE_URL, dataDir: "memory" });
    });
    beforeEach(async () => {
      const target = retarget(TEST_DATABASE_URL as string, 0);
      proxy = new TcpProxy(target.host, target.port);
      await proxy.start();
    });
    afterEach(async () => {
      await proxy?.stop();
    });
    after(async () => {
      await check?.close();
    });
    const viaProxy = () => retarget(TEST_DATABASE_URL as string, proxy!.port).url;

    it("SIGTERM during a database outage: the journal keeps what the database missed, the log says so, the next start imports it", async () => {
      const journalDir = tempDir("journal");
      const first = await start({ DATABASE_URL: viaProxy(), JOURNAL_DIR: journalDir, SHUTDOWN_TIMEOUT_S: "5", ...fastDb });
      const table = await HumanVsBots.open(first.url);
      await table.play(3);
      proxy!.disconnect();
      await table.play(12);

      first.proc.child.kill("SIGTERM");
      const exit = await first.proc.exited;
      assert.equal(exit.code, 0, first.proc.output());
      const { json } = logLines(first);
      assert.ok(json.some((l) => /kept in the journal/.test(String(l.msg))), "the log says what stays in the journal");
      assert.doesNotMatch(first.proc.output(), /StartupError/);
      assert.ok(readdirSync(journalDir).length > 0, "the journal file is kept");

      proxy!.restore();
      const stored = await storedMatch(check!, table.room.roomId);
      assert.ok(!stored || stored.seqs.length < table.lastSeq, "the database really missed entries");

      const second = await start({ DATABASE_URL: TEST_DATABASE_URL, JOURNAL_DIR: journalDir });
      await waitForOutput(second.proc, /imported a journal/, 10_000);
      const after = await storedMatch(check!, table.room.roomId);
      assert.ok(after, "the match row was created from the journal");
      assertComplete(after.seqs, table);
      assert.equal(after.status, "interrupted");
      const firstPid = String(first.proc.child.pid);
      assert.deepEqual(readdirSync(journalDir).filter((f) => f.startsWith(`journal-${firstPid}-`)), [], "the imported journal is truncated");
      console.log(`      ${table.acked.length} acknowledged actions, ${after.seqs.length} entries: all stored after the restart`);
    });

    it("kill -9 with the Redis journal: a process imports the stream of the dead one", async () => {
      const redis = new PrivateRedis();
      await redis.start();
      try {
        // No local journal: the Redis stream must be enough.
        const first = await start({ DATABASE_URL: viaProxy(), REDIS_URL: redis.url, MATCH_LEASE_S: "5", ...fastDb });
        const table = await HumanVsBots.open(first.url);
        await table.play(3);
        proxy!.disconnect();
        await table.play(12);
        await stopChild(first, "SIGKILL");
        proxy!.restore();

        const second = await start({ DATABASE_URL: TEST_DATABASE_URL, REDIS_URL: redis.url, MATCH_LEASE_S: "5" });
        let after: Awaited<ReturnType<typeof storedMatch>>;
        for (let i = 0; i < 200; i++) {
          after = await storedMatch(check!, table.room.roomId);
          if (after?.status === "interrupted" && after.seqs.length >= table.lastSeq) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        assert.ok(after!, "the match row exists");
        assertComplete(after!.seqs, table);
        assert.equal(after!.status, "interrupted");
        await waitForOutput(second.proc, /imported a journal/, 10_000);
        console.log(`      redis journal: ${table.acked.length} acknowledged actions, ${after!.seqs.length} entries stored after kill -9`);
      } finally {
        redis.stop();
      }
    });
  });

  it("PGlite, one process, kill -9: the restart imports the journal and marks the match interrupted", async () => {
    const dataDir = tempDir("pglite");
    const first = await start({ DATA_DIR: dataDir, DATABASE_URL: undefined });
    const table = await HumanVsBots.open(first.url);
    await table.play(10);
    await stopChild(first, "SIGKILL");

    const second = await start({ DATA_DIR: dataDir, DATABASE_URL: undefined });
    await waitForOutput(second.proc, /imported a journal/, 10_000);
    await stopChild(second);
    const check = await openDatabase({ dataDir });
    try {
      const after = await storedMatch(check, table.room.roomId);
      assert.ok(after);
      assertComplete(after.seqs, table);
      assert.equal(after.status, "interrupted");
    } finally {
      await check.close();
    }
  });
});
