import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Room } from "@colyseus/sdk";
import { openDatabase, type DatabaseHandle } from "../../src/db/database.js";
import { TEST_DATABASE_URL } from "../helpers/env.js";
import { Recorded, act, makeUser, sdkClient, until, type TestUser } from "../helpers/tables.js";
import { startChild, stopChild, type ChildServer } from "./helpers/children.js";
import { PrivateRedis } from "./helpers/privateRedis.js";

/**
 * Issue 12 §2 with real processes: a match in progress survives SIGTERM, kill -9 and a rolling
 * restart of one process of two (Redis), and PGlite (one process): the player comes back with
 * `joinById(roomId)` to the same table (same hands, scores, seq), the log has every acknowledged
 * entry once, the clocks have the time they had left, and the match plays to its end.
 */

interface SeatView {
  userId: string;
  name: string;
  isBot: boolean;
  botControlled: boolean;
  connected: boolean;
  legalActions?: string[];
}
interface TableView {
  status: string;
  matchId: string;
  toAct: number;
  seq: number;
  deadline: number;
  winnerTeam: number;
  seats: SeatView[];
}
const view = (room: Room) => room.state as unknown as TableView | undefined;

/** What must be the same before and after a resume: the whole decoded state but for connection facts and the deadline. */
function comparable(room: Room): unknown {
  const json = (room.state as unknown as { toJSON(): Record<string, unknown> }).toJSON();
  const { deadline: _d, spectators: _s, ...rest } = json;
  const seats = (rest.seats as Record<string, unknown>[]).map(({ connected: _c, ...s }) => s);
  return { ...rest, seats };
}

class Player {
  readonly acked: number[] = [];
  /** The last move sent: its id, the action and its ack's seq. */
  last: { id: string; action: unknown; seq: number } | null = null;
  room!: Room;
  rec!: Recorded;
  constructor(readonly user: TestUser) {}

  async create(url: string): Promise<void> {
    this.attach(await sdkClient(url, this.user).create("baloot", { mode: "bots", turnSeconds: 120, game: { targetScore: 1 } }));
    await until(() => view(this.room)?.status === "playing", 20_000, "match start");
  }

  async rejoin(url: string, roomId: string): Promise<void> {
    let lastErr: unknown;
    for (let i = 0; i < 40; i++) {
      try {
        this.attach(await sdkClient(url, this.user).joinById(roomId));
        return;
      } catch (err) {
        // TABLE_BUSY while the old process's lease runs (kill -9): the client retries.
        lastErr = err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    throw lastErr;
  }

  adopt(room: Room): void {
    this.attach(room);
  }

  private attach(room: Room): void {
    room.reconnection.enabled = false;
    this.room = room;
    this.rec = new Recorded(room);
  }

  async myTurn(): Promise<void> {
    await until(() => view(this.room)?.status !== "playing" || (view(this.room)?.toAct === 0 && (view(this.room)?.seats?.[0]?.legalActions?.length ?? 0) > 0), 30_000, "my turn");
  }

  /** Play `n` of seat 0's moves (each acknowledged), or until the match ends. */
  async play(n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      await this.myTurn();
      if (view(this.room)?.status !== "playing") return;
      const legal = view(this.room)!.seats[0]!.legalActions!;
      const action: unknown = JSON.parse(legal[0] as string);
      const id = randomUUID();
      const ack = await act(this.rec, action, id);
      assert.equal(ack.ok, true, JSON.stringify(ack));
      this.acked.push(ack.seq as number);
      this.last = { id, action, seq: ack.seq as number };
    }
  }
}

/** Four clients play: whoever is to act plays his first legal move, `n` moves in all or to the end. */
async function driveAll(players: Player[], n: number): Promise<void> {
  for (let done = 0; done < n; done++) {
    let mover: Player | undefined;
    await until(
      () => {
        if (players.some((p) => view(p.room)?.status !== "playing")) return true;
        mover = players.find((p) => {
          const v = view(p.room)!;
          const seat = v.seats.findIndex((s) => s.userId === p.user.id);
          return seat >= 0 && v.toAct === seat && (v.seats[seat]?.legalActions?.length ?? 0) > 0;
        });
        return mover !== undefined;
      },
      30_000,
      "someone to act",
    );
    if (!mover || view(mover.room)?.status !== "playing") return;
    const v = view(mover.room)!;
    const seat = v.seats.findIndex((s) => s.userId === mover!.user.id);
    const action: unknown = JSON.parse(v.seats[seat]!.legalActions![0] as string);
    const ack = await act(mover.rec, action);
    // A human pace (the room disconnects a client over 20 messages a second).
    await new Promise((r) => setTimeout(r, 60));
    if (ack.ok) mover.acked.push(ack.seq as number);
    else if (ack.error?.code !== "NOT_YOUR_TURN") assert.fail(JSON.stringify(ack));
  }
}

describe("resume: every interrupted match comes back (issue 12 §2)", function () {
  this.timeout(300_000);
  const children: ChildServer[] = [];
  const dirs: string[] = [];
  let db: DatabaseHandle | undefined;
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "diwan-resume-"));
    dirs.push(dir);
    return dir;
  };
  const start = async (env: Record<string, string | undefined>) => {
    const child = await startChild({ BOT_DELAY_MS: "20", RECONNECT_GRACE_S: "60", MATCH_LEASE_S: "5", SHUTDOWN_TIMEOUT_S: "10", ...env });
    children.push(child);
    return child;
  };
  afterEach(async () => {
    await Promise.all(children.splice(0).map((c) => stopChild(c, "SIGKILL")));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  after(async () => {
    await db?.close();
  });

  /** The stored log of the match: each seq once, 1..n, every acknowledged one in it. */
  async function assertLog(matchId: string, acked: number[], on: DatabaseHandle | undefined = db): Promise<number[]> {
    if (!on) return [];
    const rows = await on.db.selectFrom("match_events").select("seq").where("match_id", "=", matchId).orderBy("seq").execute();
    const seqs = rows.map((r) => Number(r.seq));
    assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => i + 1), "every entry once, none missing");
    for (const seq of acked) assert.ok(seqs.includes(seq), `acknowledged seq ${seq} stored`);
    return seqs;
  }

  /** The match is stored finished, its results applied (once: results_applied_at is set by one transaction). */
  async function assertFinished(on: DatabaseHandle, matchId: string, acked: number[]): Promise<void> {
    const row = await on.db.selectFrom("matches").select(["status", "results_applied_at"]).where("id", "=", matchId).executeTakeFirstOrThrow();
    assert.equal(row.status, "finished");
    assert.notEqual(row.results_applied_at, null, "results applied");
    const results = await on.db.selectFrom("match_players").select(["seat", "result"]).where("match_id", "=", matchId).execute();
    assert.equal(results.length, 4);
    assert.ok(results.every((r) => r.result !== null), "a result per seat");
    await assertLog(matchId, acked, on);
  }

  /** Play on to the end; the match is stored finished with its results applied once. */
  async function playToEnd(player: Player, matchId: string): Promise<void> {
    while (view(player.room)?.status === "playing") await player.play(1);
    await until(() => view(player.room)?.status === "finished", 60_000, "match end");
    if (!db) return;
    let row: { status: string; results_applied_at: unknown } | undefined;
    await until(
      () => {
        void db!.db
          .selectFrom("matches")
          .select(["status", "results_applied_at"])
          .where("id", "=", matchId)
          .executeTakeFirst()
          .then((r) => (row = r));
        return row?.status === "finished" && row.results_applied_at !== null;
      },
      30_000,
      "results applied",
    );
    await assertFinished(db, matchId, player.acked);
  }

  /**
   * Play a few moves, stop the process holding the table with `signal` at my turn, come back
   * through `restart()` (a new process) or the other of two, and check the table is the same table.
   */
  async function interruptAndResume(processes: ChildServer[], signal: "SIGTERM" | "SIGKILL", restart?: () => Promise<ChildServer>): Promise<{ matchId: string; acked: number[] }> {
    const player = new Player(await makeUser("Resumer"));
    await player.create((processes[0] as ChildServer).url);
    const roomId = player.room.roomId;
    // The process holding the table (with Redis, matchmaking may create it on either).
    const first = processes.find((p) => p.proc.output().split("\n").some((l) => l.includes(roomId) && l.includes("table created"))) ?? (processes[0] as ChildServer);
    const second = restart ?? (async () => processes.find((p) => p !== first) as ChildServer);
    await player.play(3);
    await player.myTurn();
    // After SIGTERM the clock is frozen: some of my turn goes by first, so the time left differs
    // from a full turn (120 s). After a crash the rule is a full turn anyway: nothing to wait for.
    if (signal === "SIGTERM") await new Promise((r) => setTimeout(r, 3000));
    const before = comparable(player.room);
    const beforeSeq = view(player.room)!.seq;
    const remainingBefore = view(player.room)!.deadline - Date.now();
    const matchId = view(player.room)!.matchId;
    let closed = 0;
    player.room.onLeave((code) => (closed = code));
    first.proc.child.kill(signal);
    await first.proc.exited;
    if (signal === "SIGTERM") assert.equal(closed, 4001, "SERVER_SHUTDOWN close code");
    const stoppedAt = Date.now();
    const target = await second();
    await player.rejoin(target.url, roomId);
    assert.equal(player.room.roomId, roomId, "same room id");
    await until(() => view(player.room)?.seq === beforeSeq && view(player.room)?.seats?.[0]?.connected === true, 20_000, "state synced");
    assert.deepEqual(comparable(player.room), before, "the same table: hands, scores, seats, seq");
    const remainingAfter = view(player.room)!.deadline - Date.now();
    if (signal === "SIGTERM") {
      // Frozen at shutdown: the time the player had left, not a new turn (and not the downtime).
      const downMs = Date.now() - stoppedAt;
      assert.ok(remainingAfter <= remainingBefore + 1000 && remainingAfter >= remainingBefore - 1500, `remaining ${remainingAfter} ms, ${remainingBefore} ms before (down ${downMs} ms)`);
    } else {
      // After a crash: a full turn from the resume (the documented rule).
      assert.ok(remainingAfter > 100_000 && remainingAfter <= 120_000, `full turn after a crash (${remainingAfter} ms)`);
    }
    // A move whose ack the client never saw is re-sent with its id: the first answer, not a second move.
    const last = player.last!;
    const again = await act(player.rec, last.action, last.id);
    assert.deepEqual({ ok: again.ok, seq: again.seq }, { ok: true, seq: last.seq }, "a re-sent id gets its first answer after the resume");
    assert.equal(view(player.room)!.seq, beforeSeq, "nothing applied twice");
    await assertLog(matchId, player.acked);
    await playToEnd(player, matchId);
    return { matchId, acked: player.acked };
  }

  for (const signal of ["SIGTERM", "SIGKILL"] as const) {
    it(`PGlite, one process, ${signal}: the restarted process resumes the match on joinById`, async () => {
      const dataDir = tempDir();
      const saved = db;
      db = undefined;
      try {
        const first = await start({ DATA_DIR: dataDir, DATABASE_URL: undefined });
        let second: ChildServer | undefined;
        const { matchId, acked } = await interruptAndResume([first], signal, async () => (second = await start({ DATA_DIR: dataDir, DATABASE_URL: undefined })));
        await stopChild(second);
        const check = await openDatabase({ dataDir });
        try {
          await assertFinished(check, matchId, acked);
        } finally {
          await check.close();
        }
      } finally {
        db = saved;
      }
    });
  }

  describe("with Postgres", () => {
    before(async function () {
      if (!TEST_DATABASE_URL) this.skip();
      db = await openDatabase({ databaseUrl: TEST_DATABASE_URL, dataDir: "memory" });
    });

    it("SIGTERM: the match is stored with its frozen clocks; joinById on the restarted process resumes it", async () => {
      const journal = tempDir();
      const first = await start({ JOURNAL_DIR: journal });
      await interruptAndResume([first], "SIGTERM", () => start({ JOURNAL_DIR: journal }));
    });

    it("kill -9: the next process imports the journal; joinById resumes from the full log (a full turn on the clock)", async () => {
      const journal = tempDir();
      const first = await start({ JOURNAL_DIR: journal });
      await interruptAndResume([first], "SIGKILL", () => start({ JOURNAL_DIR: journal }));
    });

    it("rolling restart of one process of two with Redis: the player comes back through the other", async () => {
      const redis = new PrivateRedis();
      await redis.start();
      try {
        const a = await start({ REDIS_URL: redis.url, JOURNAL_DIR: tempDir() });
        const b = await start({ REDIS_URL: redis.url, JOURNAL_DIR: tempDir() });
        await interruptAndResume([a, b], "SIGTERM");
      } finally {
        redis.stop();
      }
    });

    it("kill -9 of one process of two with Redis: once its lease lapses the other resumes it from the Redis journal", async () => {
      const redis = new PrivateRedis();
      await redis.start();
      try {
        const a = await start({ REDIS_URL: redis.url, JOURNAL_DIR: tempDir() });
        const b = await start({ REDIS_URL: redis.url, JOURNAL_DIR: tempDir() });
        await interruptAndResume([a, b], "SIGKILL");
      } finally {
        redis.stop();
      }
    });

    it("ranked, four registered players, rolling restart with Redis: every seat sees the same table after, it is listed as interrupted meanwhile, a resignation ends it and league points are applied once", async () => {
      const redis = new PrivateRedis();
      await redis.start();
      try {
        const env = { REDIS_URL: redis.url, TURN_TIMEOUT_S: "120", BOT_FILL_WAIT_S: "600" };
        const a = await start({ ...env, JOURNAL_DIR: tempDir() });
        const b = await start({ ...env, JOURNAL_DIR: tempDir() });
        const users = await Promise.all([0, 1, 2, 3].map((i) => makeUser(`Ranked ${i}`)));
        const initial = await db!.db.insertInto("users").values(users.map((u) => ({ id: u.id, display_name: u.name }))).returning(["id", "league_points"]).execute();
        const players = users.map((u) => new Player(u));
        const rooms = await Promise.all(users.map((u) => sdkClient(a.url, u).joinOrCreate("baloot_ranked")));
        rooms.forEach((room, i) => (players[i] as Player).adopt(room));
        const roomId = rooms[0]!.roomId;
        assert.ok(rooms.every((r) => r.roomId === roomId), "one table");
        await until(() => players.every((p) => view(p.room)?.status === "playing"), 20_000, "match start");
        const matchId = view(players[0]!.room)!.matchId;
        await driveAll(players, 12);
        await until(() => new Set(players.map((p) => view(p.room)!.seq)).size === 1, 10_000, "every client at the same seq");
        const before = players.map((p) => comparable(p.room));
        const seq = view(players[0]!.room)!.seq;
        const owner = [a, b].find((p) => p.proc.output().split("\n").some((l) => l.includes(roomId) && l.includes("table created"))) ?? a;
        const other = owner === a ? b : a;
        owner.proc.child.kill("SIGTERM");
        await owner.proc.exited;

        const active = (await (await fetch(`${other.url}/games/me/active`, { headers: { authorization: `Bearer ${users[0]!.token}` } })).json()) as { items: { roomId: string; status: string }[] };
        assert.deepEqual(
          active.items.filter((i) => i.roomId === roomId).map((i) => i.status),
          ["interrupted"],
          "listed as interrupted with its roomId while nobody is back",
        );

        for (const p of players) await p.rejoin(other.url, roomId);
        await until(() => players.every((p) => view(p.room)?.seq === seq && view(p.room)?.seats?.every((s) => s.connected)), 20_000, "everyone back");
        players.forEach((p, i) => assert.deepEqual(comparable(p.room), before[i], `seat ${i}: the same table (its own hand included)`));

        // Play on, then the team of seats 0 and 2 resigns (both confirm): the match ends (a full
        // ranked match is too long for a test) and its results and points are applied.
        await driveAll(players, 12);
        const team0 = players.filter((p) => [0, 2].includes(view(p.room)!.seats.findIndex((s) => s.userId === p.user.id)));
        for (const p of team0) p.room.send("resign", { confirm: true });
        await until(() => players.every((p) => view(p.room)?.status === "finished"), 60_000, "match end");
        let applied: unknown = null;
        await until(
          () => {
            void db!.db.selectFrom("matches").select("results_applied_at").where("id", "=", matchId).executeTakeFirst().then((r) => (applied = r?.results_applied_at ?? null));
            return applied !== null;
          },
          30_000,
          "results applied",
        );
        const seats = await db!.db.selectFrom("match_players").select(["user_id", "result", "points_delta"]).where("match_id", "=", matchId).execute();
        const points = await db!.db.selectFrom("users").select(["id", "league_points"]).where("id", "in", users.map((u) => u.id)).execute();
        for (const seat of seats) {
          assert.notEqual(seat.points_delta, null, "ranked: points for every seat");
          const account = points.find((p) => p.id === seat.user_id);
          const start = initial.find((p) => p.id === seat.user_id)?.league_points as number;
          assert.equal(account?.league_points, start + (seat.points_delta as number), "applied once");
          assert.notEqual(seat.points_delta, 0, "points moved");
        }
        await assertLog(matchId, players.flatMap((p) => p.acked));
      } finally {
        redis.stop();
      }
    });
  });
});
