import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { migrateToLatest, openDatabase, type Db, type DatabaseHandle } from "../../src/db/database.js";
import { toInt } from "../../src/db/normalize.js";
import { leaderboard } from "../../src/services/leaderboard.js";
import { allProjections, Projector } from "../../src/services/projections/index.js";
import { runProjectionsCommand } from "../../src/services/projections/cli.js";
import { recordExternalResult } from "../../src/services/results.js";
import { balootAggregates, resultCounts } from "../../src/services/stats.js";
import type { DiwanServer } from "../../src/platform/server.js";
import { TEST_DATABASE_URL } from "../helpers/env.js";
import { Recorded, act, sdkClient, until } from "../helpers/tables.js";
import { signup, startApiServer } from "../http/helpers.js";
import { insertPlayedMatch, playBotMatch } from "../http/fixtures.js";
import { insertBaseballGame, playBaseballGame, type PlayedGame } from "./baseballFixtures.js";

/**
 * The event store's projections (docs/EVENT_STORE.md), each on a database of its own (so the
 * whole of every projection's output can be compared): incremental application equals a rebuild
 * from the log through `npm run projections -- rebuild NAME`'s code, catch-up after downtime, and
 * two projectors on one database never applying a match twice.
 */

/** A fresh Postgres database (dropped after), or in-memory PGlite when DATABASE_URL is unset. */
async function freshDatabase(): Promise<{ open: () => Promise<DatabaseHandle>; drop: () => Promise<void>; shared: boolean; url: string | undefined }> {
  if (!TEST_DATABASE_URL) return { open: () => openDatabase({ dataDir: "memory" }), drop: async () => {}, shared: false, url: undefined };
  const name = `diwan_projections_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    open: () => openDatabase({ databaseUrl: url.toString(), dataDir: "memory" }),
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
    shared: true,
    url: url.toString(),
  };
}

async function newUser(db: Db, name: string, guest = false): Promise<string> {
  return (
    await db
      .insertInto("users")
      .values({ display_name: name, first_name: name, is_guest: guest, email: guest ? null : `${name}-${randomUUID().slice(0, 8)}@example.test` })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
}

/** Baloot matches as the recorder stores them; a few without the final box score (a process died). */
async function storeBaloot(db: Db, seatings: (string | null)[][], ranked: boolean[]): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, users] of seatings.entries()) {
    const id = await insertPlayedMatch(db, playBotMatch(), { users, withBoxScore: i % 3 !== 2 });
    await db.updateTable("matches").set({ ranked: ranked[i] ?? false }).where("id", "=", id).execute();
    ids.push(id);
  }
  return ids;
}

let baseballGames: PlayedGame[] | undefined;
function baseballGame(i: number): PlayedGame {
  baseballGames ??= [0, 1, 2].map((k) => playBaseballGame(`projections-${k}`));
  return baseballGames[i % baseballGames.length]!;
}

/** Everything each projection maintains, plus the API reads built on them (stats, leaderboard). */
async function snapshot(db: Db, name: string): Promise<unknown> {
  switch (name) {
    case "league": {
      const users = await db.selectFrom("users").select(["id", "league_points", "is_guest"]).orderBy("id").execute();
      const seats = await db.selectFrom("match_players").select(["match_id", "seat", "result", "points_delta"]).orderBy("match_id").orderBy("seat").execute();
      const applied = await db.selectFrom("matches").select(["id"]).where("results_applied_at", "is not", null).orderBy("id").execute();
      const stats = [];
      for (const u of users) stats.push({ id: u.id, counts: await resultCounts(db, u.id), baloot: await balootAggregates(db, u.id) });
      return { users, seats, applied, board: await leaderboard(db, 0, 1000), stats };
    }
    case "box-scores":
      return db.selectFrom("box_scores").select(["match_id", "box", "final"]).where("final", "=", true).orderBy("match_id").execute();
    case "baseball":
      return {
        lines: await db.selectFrom("baseball_lines").selectAll().orderBy("match_id").orderBy("card_id").execute(),
        managers: await db.selectFrom("baseball_manager_games").selectAll().orderBy("match_id").orderBy("team").execute(),
        cards: await db.selectFrom("baseball_card_stats").selectAll().orderBy("card_id").orderBy("season").execute(),
        managerStats: await db.selectFrom("baseball_manager_stats").selectAll().orderBy("user_id").orderBy("season").execute(),
        folded: await db.selectFrom("baseball_folded").select("match_id").orderBy("match_id").execute(),
      };
    case "fairness":
      return {
        profiles: await db
          .selectFrom("fairness_profiles")
          .select(["game", "rule_version", "period", "observations", "fingerprint", "min_p_value"])
          .orderBy("game")
          .orderBy("rule_version")
          .orderBy("period")
          .execute(),
        luck: await db.selectFrom("fairness_luck").selectAll().orderBy("user_id").orderBy("game").execute(),
        folded: await db.selectFrom("fairness_folded").select("match_id").orderBy("match_id").execute(),
      };
    default:
      throw new Error(`no snapshot for ${name}`);
  }
}

async function checkpoints(db: Db): Promise<Record<string, number>> {
  const rows = await db.selectFrom("projection_checkpoints").select(["name", "position"]).execute();
  return Object.fromEntries(rows.map((r) => [r.name, toInt(r.position)]));
}

async function logHead(db: Db): Promise<number> {
  const r = await db.selectFrom("matches").select((eb) => eb.fn.max("log_position").as("h")).executeTakeFirstOrThrow();
  return toInt((r.h ?? 0) as string | number);
}

describe("event store projections", function () {
  this.timeout(180_000);

  describe("incremental application equals a rebuild from the log", () => {
    let handle: DatabaseHandle;
    let drop: () => Promise<void>;
    let db: Db;
    const names = allProjections().map((p) => p.name);
    const incremental = new Map<string, unknown>();

    before(async () => {
      const fresh = await freshDatabase();
      drop = fresh.drop;
      handle = await fresh.open();
      db = handle.db;
      await migrateToLatest(db);
      const [a, b, c, d] = [await newUser(db, "Ahmad"), await newUser(db, "Badr"), await newUser(db, "Carim"), await newUser(db, "Dana")];
      const low = await newUser(db, "Low");
      const guest = await newUser(db, "Guest", true);
      const projector = new Projector(db, allProjections(), { batch: 2 });

      // Round 1: ranked four-player matches, a casual
      // table, a ranked table a bot sat at from the start, a guest's table; then catch up.
      await storeBaloot(
        db,
        [
          [a, b, c, d],
          [low, a, b, c],
          [low, d, a, b],
          [a, b, null, d],
          [guest, a, b, c],
          [c, d, a, b],
        ],
        [true, true, true, true, true, false],
      );
      for (const [i, managers] of [[a, null], [b, a], [null, c]].entries()) {
        await insertBaseballGame(db, baseballGame(i), { managers, endedAt: new Date(Date.UTC(2025 + (i % 2), 5, 1 + i)) });
      }
      await projector.catchUp();

      // Round 2: more matches, a result reported from outside (POST /game-result's code), and
      // the guest becomes a full account: his earlier match stays unrated for him.
      await recordExternalResult(db, { userId: low, result: "loss", game: "baloot", externalId: `ext-${randomUUID()}` });
      await db.updateTable("users").set({ is_guest: false, email: `upgraded-${randomUUID().slice(0, 8)}@example.test` }).where("id", "=", guest).execute();
      await storeBaloot(db, [[guest, low, a, d], [low, b, c, d], [a, b, c, d]], [true, true, true]);
      await insertBaseballGame(db, baseballGame(3), { managers: [d, b], endedAt: new Date(Date.UTC(2026, 0, 2)) });
      // An abandoned match and a live one are in the log / not yet in it.
      const abandoned = await storeBaloot(db, [[a, b, c, d]], [true]);
      await db.updateTable("matches").set({ status: "abandoned" }).where("id", "in", abandoned).execute();
      await insertPlayedMatch(db, playBotMatch(), { users: [a, b, c, d], status: "live" });
      await projector.catchUp();
      await recordExternalResult(db, { userId: a, result: "win", game: "baloot" });
      await projector.catchUp();

      for (const n of names) incremental.set(n, await snapshot(db, n));
      assert.equal((await checkpoints(db))["league"], await logHead(db));
    });
    after(async () => {
      await handle?.close();
      await drop?.();
    });

    it("league points moved as the rules say (sanity of the incremental data)", async () => {
      const league = incremental.get("league") as { seats: { result: string | null }[]; users: { league_points: number }[] };
      assert.ok(league.seats.filter((s) => s.result !== null).length >= 40);
      assert.ok(league.users.some((u) => u.league_points !== 1000));
      const boxes = incremental.get("box-scores") as unknown[];
      // 10 Baloot + 4 baseball final box scores: the three the recorder did not store were filled in.
      assert.equal(boxes.length, 14);
      const baseball = incremental.get("baseball") as { folded: unknown[] };
      assert.equal(baseball.folded.length, 4);
    });

    for (const name of ["league", "box-scores", "baseball", "fairness"]) {
      it(`rebuild ${name} (npm run projections -- rebuild ${name}) gives the same data`, async () => {
        const lines: string[] = [];
        assert.equal(await runProjectionsCommand(db, ["rebuild", name], (l) => lines.push(l)), 0, lines.join("\n"));
        assert.match(lines[0] ?? "", new RegExp(`^${name}: rebuilt from \\d+ logged matches`));
        assert.deepEqual(await snapshot(db, name), incremental.get(name));
        assert.equal((await checkpoints(db))[name], await logHead(db), "the rebuilt checkpoint is at the head of the log");
      });
    }

    it("a rebuild of box scores recomputes even what the recorder stored (the log alone suffices)", async () => {
      await db.deleteFrom("box_scores").execute();
      assert.equal(await runProjectionsCommand(db, ["rebuild", "box-scores"], () => {}), 0);
      assert.deepEqual(await snapshot(db, "box-scores"), incremental.get("box-scores"));
    });

    it("list, status and bad usage", async () => {
      const out: string[] = [];
      assert.equal(await runProjectionsCommand(db, ["list"], (l) => out.push(l)), 0);
      assert.deepEqual(out.map((l) => l.split(" ")[0]), names);
      out.length = 0;
      assert.equal(await runProjectionsCommand(db, ["status"], (l) => out.push(l)), 0);
      assert.equal(out.length, names.length);
      for (const l of out) assert.match(l, /position \d+, behind 0/);
      out.length = 0;
      assert.equal(await runProjectionsCommand(db, ["rebuild", "nope"], (l) => out.push(l)), 2);
      assert.match(out[0] ?? "", /unknown projection "nope"/);
      const league = await snapshot(db, "league");
      assert.equal(await runProjectionsCommand(db, ["rebuild"], () => {}), 2);
      assert.equal(await runProjectionsCommand(db, ["frobnicate"], () => {}), 2);
      assert.deepEqual(await snapshot(db, "league"), league, "bad usage changes nothing");
    });
  });

  describe("catch-up and concurrency", () => {
    let fresh: Awaited<ReturnType<typeof freshDatabase>>;
    let handle: DatabaseHandle;
    let db: Db;
    let players: string[];

    before(async () => {
      fresh = await freshDatabase();
      handle = await fresh.open();
      db = handle.db;
      await migrateToLatest(db);
      players = [await newUser(db, "P0"), await newUser(db, "P1"), await newUser(db, "P2"), await newUser(db, "P3")];
    });
    after(async () => {
      await handle?.close();
      await fresh?.drop();
    });

    it("matches that finished while no projector ran are applied when one starts", async () => {
      const first = new Projector(db, allProjections(), { batch: 3 });
      first.start();
      await new Promise((r) => setTimeout(r, 50));
      await first.idle();
      await first.stop();
      // Downtime: matches finish, nobody projects them.
      const ids = await storeBaloot(db, [players, [...players].reverse(), players], [true, true, true]);
      const game = await insertBaseballGame(db, baseballGame(0), { managers: [players[0]!, null], endedAt: new Date() });
      const unapplied = await db.selectFrom("matches").select("id").where("id", "in", ids).where("results_applied_at", "is", null).execute();
      assert.equal(unapplied.length, 3, "nothing applied while stopped");

      const second = new Projector(db, allProjections(), { batch: 3 });
      second.start();
      await new Promise((r) => setTimeout(r, 50));
      await second.idle();
      await second.stop();
      const applied = await db.selectFrom("matches").select("id").where("id", "in", ids).where("results_applied_at", "is not", null).execute();
      assert.equal(applied.length, 3);
      assert.ok(await db.selectFrom("baseball_folded").select("match_id").where("match_id", "=", game).executeTakeFirst(), "baseball folded on start");
      const head = await logHead(db);
      for (const [n, p] of Object.entries(await checkpoints(db))) assert.equal(p, head, `${n} caught up`);
    });

    it("two projectors on one database (two connection pools) never apply a match twice", async function () {
      if (!fresh.shared) {
        console.log("      (skipped: needs Postgres; PGlite is one connection)");
        this.skip();
      }
      const other = await fresh.open();
      try {
        const startPoints = await db.selectFrom("users").select(["id", "league_points"]).where("id", "in", players).execute();
        const seatings = Array.from({ length: 16 }, (_, i) => [0, 1, 2, 3].map((k) => players[(k + i) % 4]!));
        const ids = await storeBaloot(db, seatings, seatings.map(() => true));
        const headBefore = await logHead(db);
        const a = new Projector(db, allProjections(), { batch: 2 });
        const b = new Projector(other.db, allProjections(), { batch: 2 });
        const c = new Projector(db, allProjections(), { batch: 2 });
        // Three projectors catching up at once over two pools: every batch of every projection is applied by one.
        const runs = await Promise.all([a.catchUp(), b.catchUp(), c.catchUp()]);
        assert.equal((await logHead(db)) - headBefore, 16);
        for (const n of ["league", "box-scores", "baseball", "fairness"]) {
          assert.equal(runs.reduce((sum, r) => sum + (r[n] ?? 0), 0), 16, `${n}: ${runs.map((r) => r[n]).join(" + ")}`);
        }
        // Points: each match counted exactly once, in log order (seats 0/2 are team 0).
        const order = await db.selectFrom("matches").select(["id", "winner_team"]).where("id", "in", ids).orderBy("log_position").execute();
        const expected = new Map(startPoints.map((u) => [u.id, u.league_points]));
        for (const m of order) {
          const seats = await db.selectFrom("match_players").select(["user_id", "team"]).where("match_id", "=", m.id).execute();
          for (const s of seats) {
            const delta = m.winner_team === null ? 0 : s.team === m.winner_team ? 25 : -15;
            expected.set(s.user_id!, Math.max(0, expected.get(s.user_id!)! + delta));
          }
        }
        const final = await db.selectFrom("users").select(["id", "league_points"]).where("id", "in", players).execute();
        for (const u of final) assert.equal(u.league_points, expected.get(u.id), `points of ${u.id}`);
        const applied = await db.selectFrom("match_players").select(["match_id"]).where("match_id", "in", ids).where("result", "is not", null).execute();
        assert.equal(applied.length, 64);
        const luckHands = await db.selectFrom("fairness_folded").select("match_id").where("match_id", "in", ids).execute();
        assert.equal(luckHands.length, 16, "each match folded into the fairness profiles once");
        // And what two projectors built is what one rebuild builds.
        for (const n of ["league", "box-scores", "fairness"]) {
          const built = await snapshot(db, n);
          assert.equal(await runProjectionsCommand(db, ["rebuild", n], () => {}), 0);
          assert.deepEqual(await snapshot(db, n), built, n);
        }
      } finally {
        await other.close();
      }
    });
    it("a match whose ending commits late (after later ones were projected) is not skipped", async function () {
      if (!fresh.shared) {
        console.log("      (skipped: needs Postgres; PGlite is one connection)");
        this.skip();
      }
      const other = await fresh.open();
      try {
        const projector = new Projector(db, allProjections(), { batch: 2 });
        const live = await insertPlayedMatch(db, playBotMatch(), { users: players, status: "live" });
        const played = playBotMatch();
        let release!: () => void;
        const held = new Promise<void>((r) => (release = r));
        let finished!: () => void;
        const ending = new Promise<void>((r) => (finished = r));
        // The slow ending: its transaction marks the match finished and stays open.
        const slow = other.db.transaction().execute(async (trx) => {
          await trx
            .updateTable("matches")
            .set({ status: "finished", ended_at: new Date(Date.now() - 60_000), winner_team: played.outcome.winnerTeam })
            .where("id", "=", live)
            .execute();
          finished();
          await held;
        });
        await ending;
        // Meanwhile later matches end and are projected.
        const later = await storeBaloot(db, [players, players], [true, true]);
        await projector.catchUp();
        const beforeCommit = await db.selectFrom("matches").select(["id", "results_applied_at"]).where("id", "in", [live, ...later]).execute();
        assert.equal(beforeCommit.find((m) => m.id === live)?.results_applied_at, null, "not visible yet");
        assert.ok(beforeCommit.filter((m) => m.id !== live).every((m) => m.results_applied_at !== null));
        release();
        await slow;
        await projector.catchUp();
        const m = await db.selectFrom("matches").select(["results_applied_at", "log_position"]).where("id", "=", live).executeTakeFirstOrThrow();
        assert.ok(m.results_applied_at, "applied after its late commit");
        assert.equal(toInt(m.log_position as string | number), await logHead(db), "it got the next position, after the ones already projected");
        const head = await logHead(db);
        for (const [n, p] of Object.entries(await checkpoints(db))) assert.equal(p, head, `${n} caught up`);
      } finally {
        await other.close();
      }
    });
  });

  describe("matches played in real rooms", () => {
    let fresh: Awaited<ReturnType<typeof freshDatabase>>;
    let server: DiwanServer;

    before(async () => {
      fresh = await freshDatabase();
      server = await startApiServer({ BOT_DELAY_MS: "0", ...(fresh.url ? { DATABASE_URL: fresh.url } : {}) });
    });
    after(async () => {
      await server?.shutdown();
      await fresh?.drop();
    });

    it("a Baloot match and a baseball game played through the server are projected; every rebuild equals it", async () => {
      const db = server.database.db;
      const me = await signup(server, { firstName: "Rooms" });
      const user = { id: me.user.id, name: "Rooms", token: me.accessToken };
      // Baseball: the manager leaves at once and the bot plays his team to the end.
      const game = await sdkClient(server.url, user).create("baseball", { mode: "bots", game: { innings: 7 } });
      await until(() => (game.state as unknown as { status: string }).status === "playing", 10_000, "baseball start");
      await game.leave();
      // Baloot: a short match (first team to 1 point) played seat 0's first legal action each turn.
      const room = await sdkClient(server.url, user).create("baloot", { mode: "bots", game: { targetScore: 1 } });
      const rec = new Recorded(room);
      type View = { status: string; seq: number; toAct: number; seats: { legalActions: string[] }[] };
      const state = () => room.state as unknown as View;
      await until(() => state()?.status === "playing", 15_000, "baloot start");
      while (state().status !== "finished") {
        const mine = state().seats[0];
        if (state().toAct === 0 && mine && mine.legalActions.length > 0) {
          const seq = state().seq;
          const ack = await act(rec, JSON.parse(mine.legalActions[0] as string));
          assert.equal(ack.ok, true, JSON.stringify(ack));
          await until(() => state().seq > seq || state().status === "finished", 10_000, "state update");
        } else {
          await new Promise((r) => setTimeout(r, 5));
        }
      }
      await room.leave();
      // Both games end, then the background catches every projection up (nobody asks it to).
      // A match is in the log only once the sequencer gave it a position, a moment after its
      // `finished` commits: wait for both positions, or the checkpoints could be at a head that
      // does not include the last match yet.
      const deadline = Date.now() + 120_000;
      for (;;) {
        const ended = await db.selectFrom("matches").select(["id", "log_position"]).where("status", "=", "finished").execute();
        const logged = ended.filter((m) => m.log_position !== null).length;
        const cps = await checkpoints(db);
        const head = await logHead(db);
        if (ended.length === 2 && logged === 2 && ["league", "box-scores", "baseball", "fairness"].every((n) => cps[n] === head)) break;
        assert.ok(Date.now() < deadline, `not projected: ${ended.length} finished (${logged} logged), head ${head}, ${JSON.stringify(cps)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const incremental = new Map<string, unknown>();
      for (const n of ["league", "box-scores", "baseball", "fairness"]) incremental.set(n, await snapshot(db, n));
      assert.equal((incremental.get("box-scores") as unknown[]).length, 2, "the recorder stored both final box scores");
      assert.equal((incremental.get("baseball") as { folded: unknown[] }).folded.length, 1);
      assert.equal((incremental.get("fairness") as { folded: unknown[] }).folded.length, 1, "the Baloot match's deals");
      // The recorder's box scores (summarised from the room's events) equal the log's.
      // (box scores first: the league snapshot includes the player stats read from them.)
      await db.deleteFrom("box_scores").execute();
      for (const n of ["box-scores", "league", "baseball", "fairness"]) {
        assert.equal(await runProjectionsCommand(db, ["rebuild", n], () => {}), 0);
        assert.deepEqual(await snapshot(db, n), incremental.get(n), n);
      }
    });
  });
});
