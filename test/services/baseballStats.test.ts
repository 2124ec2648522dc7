/** Baseball league stats (issue 13): the fold, the materialized views, their refresh and a rebuild from the event log, on PGlite and Postgres. */
import assert from "node:assert/strict";
import type { DatabaseHandle, Db } from "../../src/db/database.js";
import type { BaseballBoxScore } from "../../src/games/baseball/index.js";
import { foldPendingBaseballMatches, rebuildBaseballStats, refreshBaseballStats } from "../../src/services/baseball/fold.js";
import { cardStats, leaders, managerStats } from "../../src/services/baseball/queries.js";
import { BACKENDS, openMigrated } from "../helpers/database.js";
import { insertBaseballGame, playBaseballGame } from "./baseballFixtures.js";

const COUNTS = ["pa", "ab", "r", "h", "doubles", "triples", "hr", "rbi", "bb", "so", "hbp", "sf", "sh", "sb", "cs", "outs", "bf", "p_h", "p_r", "er", "p_bb", "p_so", "p_hr", "pitches", "w", "l", "sv"] as const;
type Totals = Record<(typeof COUNTS)[number] | "games" | "games_batted" | "games_pitched", number>;

const zero = (): Totals => Object.fromEntries([...COUNTS, "games", "games_batted", "games_pitched"].map((k) => [k, 0])) as Totals;

/** Per card and season (and "career"), summed straight from the stored box scores. */
async function directCardTotals(db: Db): Promise<Map<string, Totals>> {
  const rows = await db
    .selectFrom("matches")
    .innerJoin("box_scores", "box_scores.match_id", "matches.id")
    .select(["matches.ended_at", "box_scores.box"])
    .where("matches.game", "=", "baseball")
    .where("matches.status", "=", "finished")
    .execute();
  const out = new Map<string, Totals>();
  for (const r of rows) {
    const box = r.box as unknown as BaseballBoxScore;
    const season = String(new Date(r.ended_at as Date).getUTCFullYear());
    const inGame = new Map<string, { batted: boolean; pitched: boolean; add: Partial<Totals> }>();
    for (const t of box.teams) {
      for (const b of t.batting) {
        const e = inGame.get(b.id) ?? { batted: false, pitched: false, add: {} };
        e.batted = true;
        Object.assign(e.add, { pa: b.PA, ab: b.AB, r: b.R, h: b.H, doubles: b["2B"], triples: b["3B"], hr: b.HR, rbi: b.RBI, bb: b.BB, so: b.SO, hbp: b.HBP, sf: b.SF, sh: b.SH, sb: b.SB, cs: b.CS });
        inGame.set(b.id, e);
      }
      for (const p of t.pitching) {
        const e = inGame.get(p.id) ?? { batted: false, pitched: false, add: {} };
        e.pitched = true;
        Object.assign(e.add, { outs: p.outs, bf: p.BF, p_h: p.H, p_r: p.R, er: p.ER, p_bb: p.BB, p_so: p.SO, p_hr: p.HR, pitches: p.pitches, w: +(p.decision === "W"), l: +(p.decision === "L"), sv: +(p.decision === "S") });
        inGame.set(p.id, e);
      }
    }
    for (const [id, e] of inGame) {
      for (const key of [`${id}|${season}`, `${id}|career`]) {
        const t = out.get(key) ?? zero();
        t.games += 1;
        t.games_batted += +e.batted;
        t.games_pitched += +e.pitched;
        for (const [k, v] of Object.entries(e.add)) t[k as keyof Totals] += v as number;
        out.set(key, t);
      }
    }
  }
  return out;
}

const rateOf = (num: number, den: number): number | null => (den > 0 ? num / den : null);

function closeTo(actual: number | null, expected: number | null, what: string): void {
  if (expected === null) return assert.equal(actual, null, what);
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${what}: ${actual} ≠ ${expected}`);
}

async function viewRows(db: Db) {
  return db.selectFrom("baseball_card_stats").selectAll().orderBy("card_id").orderBy("season").execute();
}

for (const backend of BACKENDS) {
  describe(`baseball league stats on ${backend}`, function () {
    this.timeout(300_000);
    let handle: DatabaseHandle;
    let db: Db;
    const users: string[] = [];
    const games = [playBaseballGame(), playBaseballGame(), playBaseballGame(), playBaseballGame()];
    const ids: string[] = [];

    before(async function () {
      handle = await openMigrated(this, backend);
      db = handle.db;
      for (const name of ["Skipper One", "Skipper Two"]) {
        users.push((await db.insertInto("users").values({ display_name: name }).returning("id").executeTakeFirstOrThrow()).id);
      }
      const [u1, u2] = users as [string, string];
      ids.push(await insertBaseballGame(db, games[0]!, { managers: [u1, null], endedAt: new Date("2025-06-01T12:00:00Z") }));
      ids.push(await insertBaseballGame(db, games[1]!, { managers: [null, u1], endedAt: new Date("2025-07-01T12:00:00Z") }));
      ids.push(await insertBaseballGame(db, games[2]!, { managers: [u1, u2], endedAt: new Date("2026-06-01T12:00:00Z") }));
      ids.push(await insertBaseballGame(db, games[3]!, { managers: [u2, null], endedAt: new Date("2026-07-01T12:00:00Z") }));
      // A game still being played is not folded.
      await insertBaseballGame(db, playBaseballGame(), { managers: [u1, u2], endedAt: new Date(), status: "live" });
    });
    after(async () => {
      if (db) for (const u of users) await db.deleteFrom("users").where("id", "=", u).execute();
      if (db) for (const id of ids) await db.deleteFrom("matches").where("id", "=", id).execute();
      if (db) await refreshBaseballStats(db);
      await handle?.close();
    });

    it("folds each finished game once; the views show it after a concurrent refresh and equal a direct computation from the box scores", async () => {
      const cardId = games[2]!.box.teams[0]!.batting[0]!.id;
      const before = await cardStats(db, cardId);
      const folded = (await foldPendingBaseballMatches(db, { batch: 3 })) + (await foldPendingBaseballMatches(db, { batch: 3 }));
      assert.ok(folded >= 4, `folded ${folded}`);
      assert.equal(await foldPendingBaseballMatches(db), 0, "each match is folded once");
      assert.deepEqual(await cardStats(db, cardId), before, "a materialized view changes only when refreshed");
      await refreshBaseballStats(db);
      const after = await cardStats(db, cardId);
      assert.ok(after && before && after.career.batting.PA > before.career.batting.PA, "the refresh shows the new games");

      const direct = await directCardTotals(db);
      const rows = await viewRows(db);
      assert.deepEqual(rows.map((r) => `${r.card_id}|${r.season}`).sort(), [...direct.keys()].sort(), "one row per card and season, plus career");
      for (const r of rows) {
        const d = direct.get(`${r.card_id}|${r.season}`)!;
        for (const k of Object.keys(d) as (keyof Totals)[]) assert.equal(r[k], d[k], `${r.card_id} ${r.season} ${k}`);
        const what = `${r.card_id} ${r.season}`;
        const obp = rateOf(d.h + d.bb + d.hbp, d.ab + d.bb + d.hbp + d.sf);
        const slg = rateOf(d.h + d.doubles + 2 * d.triples + 3 * d.hr, d.ab);
        closeTo(r.avg, rateOf(d.h, d.ab), `${what} AVG`);
        closeTo(r.obp, obp, `${what} OBP`);
        closeTo(r.slg, slg, `${what} SLG`);
        closeTo(r.ops, obp !== null && slg !== null ? obp + slg : null, `${what} OPS`);
        closeTo(r.era, rateOf(27 * d.er, d.outs), `${what} ERA`);
        closeTo(r.whip, rateOf(3 * (d.p_bb + d.p_h), d.outs), `${what} WHIP`);
        closeTo(r.k9, rateOf(27 * d.p_so, d.outs), `${what} K/9`);
      }
      // The seasons of our games are there, and the box of a game adds up to its outs.
      const seasons = new Set(rows.map((r) => r.season));
      for (const s of ["2025", "2026", "career"]) assert.ok(seasons.has(s), `season ${s}`);
    });

    it("managers' wins and losses per season and career; bots have no line", async () => {
      const [u1, u2] = users as [string, string];
      const result = (g: (typeof games)[number], team: number) => (g.outcome.winnerTeam === team ? "w" : g.outcome.winnerTeam === null ? "t" : "l");
      const expect1 = [result(games[0]!, 0), result(games[1]!, 1), result(games[2]!, 0)];
      const expect2 = [result(games[2]!, 1), result(games[3]!, 0)];
      const m1 = await managerStats(db, u1);
      const m2 = await managerStats(db, u2);
      assert.ok(m1 && m2);
      assert.equal(m1.career.games, 3);
      assert.equal(m1.career.wins, expect1.filter((x) => x === "w").length);
      assert.equal(m1.career.losses, expect1.filter((x) => x === "l").length);
      assert.deepEqual(m1.seasons.map((s) => [s.season, s.games]), [["2025", 2], ["2026", 1]]);
      assert.equal(m1.career.runsFor, games[0]!.box.teams[0]!.R + games[1]!.box.teams[1]!.R + games[2]!.box.teams[0]!.R);
      assert.equal(m2.career.games, 2);
      assert.equal(m2.career.wins, expect2.filter((x) => x === "w").length);
      assert.deepEqual(m2.seasons.map((s) => s.season), ["2026"]);
    });

    it("leaders are ordered, qualified and ranked", async () => {
      const avg = await leaders(db, "avg", "career", 5, 100);
      assert.equal(avg.qualifier, "PA");
      assert.ok(avg.leaders.length > 0);
      for (const l of avg.leaders) assert.ok(l.PA >= 5);
      for (let i = 1; i < avg.leaders.length; i++) assert.ok(avg.leaders[i - 1]!.value >= avg.leaders[i]!.value);
      const era = await leaders(db, "era", "2026", 3, 100);
      assert.equal(era.qualifier, "outs");
      for (const l of era.leaders) assert.ok(l.outs >= 3);
      for (let i = 1; i < era.leaders.length; i++) assert.ok(era.leaders[i - 1]!.value <= era.leaders[i]!.value, "lower ERA first");
      const hr = await leaders(db, "hr", "career", undefined, 100);
      assert.equal(hr.min, 1);
      assert.equal(hr.leaders[0]?.rank, 1);
    });

    it("a rebuild from the event log alone (box scores gone) gives the same numbers", async () => {
      const snapshot = await viewRows(db);
      const managers = await db.selectFrom("baseball_manager_stats").selectAll().orderBy("user_id").orderBy("season").execute();
      await db.deleteFrom("box_scores").where("match_id", "in", ids).execute();
      const folded = await rebuildBaseballStats(db);
      assert.ok(folded >= 4);
      assert.deepEqual(await viewRows(db), snapshot);
      assert.deepEqual(await db.selectFrom("baseball_manager_stats").selectAll().orderBy("user_id").orderBy("season").execute(), managers);
    });
  });
}
