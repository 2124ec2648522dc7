/** Stored fairness profiles, the public profile route, the alert and the admin luck report (issue 15 §3). */
import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { dealsFromEvents, firstDealPoints, LUCK_MEAN, LUCK_VARIANCE, symbolsFromLog } from "../../src/games/baloot/fingerprint.js";
import { CARD_NAMES } from "../../src/games/baloot/tables.js";
import type { Logger } from "../../src/platform/logger.js";
import { createMetrics } from "../../src/platform/metrics.js";
import type { DiwanServer } from "../../src/platform/server.js";
import { FairnessProfiler, foldPendingMatches } from "../../src/services/fairness/profiles.js";
import type { StoredEntry } from "../../src/services/replay.js";
import { insertPlayedMatch, playBotMatch } from "./fixtures.js";
import { api, signup, signupAdmin, startApiServer, type TestSession } from "./helpers.js";

type Profile = {
  profiles: { ruleVersion: string; periods: number; observations: number; minPValue: number; alert: boolean; tests: { name: string; n: number; pValue: number; enoughData: boolean }[]; counts: Record<string, number[][]> }[];
};
type Luck = { expectedMean: number; players: { userId: string; hands: number; meanPoints: number; z: number }[] };

/** A UTC day far in the past that no other test uses, so shared databases do not mix in. */
/** A day no other test of this run folds matches into: a random start, then one day further each call. */
let nextDay = randomInt(0, 9000);
const uniqueDay = (): string => new Date(Date.UTC(1990, 0, 1) + nextDay++ * 86_400_000).toISOString().slice(0, 10);

async function endOn(server: DiwanServer, matchId: string, dayIso: string): Promise<void> {
  await server.database.db.updateTable("matches").set({ ended_at: new Date(`${dayIso}T12:00:00Z`) }).where("id", "=", matchId).execute();
}

/** A match log whose every deal is the same deck (a stuck RNG): `deals` hands of opening events. */
function stuckDealMatch(deals: number): ReturnType<typeof playBotMatch> {
  const played = playBotMatch();
  const events: unknown[] = [];
  for (let h = 1; h <= deals; h++) {
    const dealer = h & 3;
    events.push({ type: "handStarted", hand: h, dealer, scores: [0, 0] });
    for (let s = 0; s < 4; s++) {
      const rel = ((s - dealer) & 3) || 4; // D+1 got positions 0-2 and 12-13, …, the dealer 9-11 and 18-19
      const first = [0, 1, 2].map((i) => (rel - 1) * 3 + i);
      const second = [0, 1].map((i) => 12 + (rel - 1) * 2 + i);
      events.push({ type: "dealt", to: s, cards: [...first, ...second].map((c) => CARD_NAMES[c]) });
    }
    events.push({ type: "faceUp", card: CARD_NAMES[20] });
  }
  const entries: StoredEntry[] = [{ seq: 1, at: new Date(), seat: null, source: "room", action: null, events }];
  return { ...played, entries };
}

describe("fairness profiles and luck", function () {
  this.timeout(120_000);
  let server: DiwanServer;
  let alice: TestSession;
  let admin: TestSession;
  const day = uniqueDay();
  const matches = [playBotMatch(), playBotMatch(), playBotMatch()];

  before(async () => {
    // The tests fold explicitly; the server's own job waits a day after its start-up round.
    server = await startApiServer({ FAIRNESS_FOLD_INTERVAL_MS: "86400000" });
    alice = await signup(server, { firstName: "Alice" });
    admin = await signupAdmin(server);
    for (const m of matches) {
      const id = await insertPlayedMatch(server.database.db, m, { users: [alice.user.id, null, null, null] });
      await endOn(server, id, day);
    }
    // A live match is not folded.
    await insertPlayedMatch(server.database.db, playBotMatch(), { users: [alice.user.id, null, null, null], status: "live" });
  });
  after(async () => {
    await server?.shutdown();
  });

  it("folds finished matches once and serves their profile at GET /fairness/baloot/profile", async () => {
    const profiler = new FairnessProfiler(server.database.db, { intervalMs: 60_000, batch: 2 });
    await profiler.drain();
    const deals = matches.flatMap((m) => dealsFromEvents(m.entries.flatMap((e) => e.events)));
    const res = await api<Profile>(server, "GET", `/fairness/baloot/profile?from=${day}&to=${day}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.profiles.length, 1);
    const p = res.body.profiles[0]!;
    assert.equal(p.ruleVersion, "SAUDI_DEFAULT/3+2");
    assert.equal(p.periods, 1);
    assert.equal(p.observations, deals.length);
    // Every card of every deal is counted once in card → seat; face-up counts sum to the deals.
    assert.equal(p.counts.cardSeat!.flat().reduce((a, b) => a + b, 0), 32 * deals.length);
    assert.equal(p.counts.faceUp![0]!.reduce((a, b) => a + b, 0), deals.length);
    const serial = p.tests.find((t) => t.name === "faceUpCard")!;
    assert.equal(serial.n, deals.length - matches.length, "pairs never straddle two matches");
    assert.ok(p.tests.every((t) => t.pValue >= 0 && t.pValue <= 1));
    // Folding again changes nothing.
    assert.equal((await foldPendingMatches(server.database.db)).alerts.length, 0);
    const again = await api<Profile>(server, "GET", `/fairness/baloot/profile?from=${day}&to=${day}`);
    assert.equal(again.body.profiles[0]!.observations, deals.length);
    const live = await server.database.db
      .selectFrom("matches")
      .leftJoin("fairness_folded", "fairness_folded.match_id", "matches.id")
      .select("fairness_folded.match_id")
      .where("matches.status", "=", "live")
      .execute();
    assert.ok(live.every((r) => r.match_id === null), "live matches are not folded");
  });

  it("refuses bad ranges and unknown games", async () => {
    assert.equal((await api(server, "GET", "/fairness/chess/profile")).status, 404);
    assert.equal((await api(server, "GET", "/fairness/baloot/profile?from=2026-02-02&to=2026-02-01")).status, 400);
    assert.equal((await api(server, "GET", "/fairness/baloot/profile?from=2020-01-01&to=2026-01-01")).status, 400);
    assert.equal((await api(server, "GET", "/fairness/baloot/profile?from=yesterday")).status, 400);
    const empty = await api<Profile>(server, "GET", "/fairness/baloot/profile?from=1980-01-01&to=1980-01-31");
    assert.deepEqual(empty.body.profiles, []);
  });

  it("admin luck report: the account's first-deal points against expectation, with a z-score", async () => {
    let hands = 0;
    let sum = 0;
    for (const m of matches) {
      for (const d of dealsFromEvents(m.entries.flatMap((e) => e.events))) {
        hands++;
        sum += firstDealPoints(symbolsFromLog(d), (0 - d.dealer) & 3);
      }
    }
    const path = `/admin/fairness/luck?userId=${alice.user.id}`;
    assert.equal((await api(server, "GET", path)).status, 401);
    assert.equal((await api(server, "GET", path, { token: alice.accessToken })).status, 403);
    const res = await api<Luck>(server, "GET", path, { token: admin.accessToken });
    assert.equal(res.status, 200);
    assert.equal(res.body.expectedMean, LUCK_MEAN);
    assert.equal(res.body.players.length, 1);
    const row = res.body.players[0]!;
    assert.equal(row.hands, hands);
    assert.ok(Math.abs(row.meanPoints - sum / hands) < 1e-9);
    assert.ok(Math.abs(row.z - (sum - hands * LUCK_MEAN) / Math.sqrt(hands * LUCK_VARIANCE)) < 1e-9);
    assert.equal((await api(server, "GET", "/admin/fairness/luck?game=chess", { token: admin.accessToken })).status, 404);
    assert.equal((await api(server, "GET", "/admin/fairness/luck?userId=nope", { token: admin.accessToken })).status, 400);
  });

  it("a stuck RNG crosses p < 0.001: metric, warn log and the profile's alert flag", async () => {
    const stuckDay = uniqueDay();
    const id = await insertPlayedMatch(server.database.db, stuckDealMatch(300), { users: [null, null, null, null], withBoxScore: false });
    await endOn(server, id, stuckDay);
    const metrics = createMetrics();
    const warnings: unknown[][] = [];
    const logger = { warn: (...args: unknown[]) => warnings.push(args), error: () => {} } as unknown as Logger;
    const report = await foldPendingMatches(server.database.db, { metrics, logger });
    const mine = report.alerts.filter((a) => a.period === stuckDay);
    assert.equal(mine.length, 1, JSON.stringify(report.alerts));
    assert.ok(mine[0]!.pValue < 0.001);
    assert.ok(warnings.some((w) => JSON.stringify(w).includes(stuckDay)));
    const counted = (await metrics.fairnessAlerts.get()).values.reduce((a, v) => a + v.value, 0);
    assert.ok(counted >= 1);
    assert.match(await metrics.registry.metrics(), /diwan_fairness_alerts_total\{[^}]*game="baloot"/);
    const res = await api<Profile>(server, "GET", `/fairness/baloot/profile?from=${stuckDay}&to=${stuckDay}`);
    assert.equal(res.body.profiles[0]!.alert, true);
    assert.equal(res.body.profiles[0]!.observations, 300);
  });

  it("tiny samples are reported but never alert", async () => {
    const smallDay = uniqueDay();
    const id = await insertPlayedMatch(server.database.db, stuckDealMatch(3), { users: [null, null, null, null], withBoxScore: false });
    await endOn(server, id, smallDay);
    const report = await foldPendingMatches(server.database.db);
    assert.equal(report.alerts.filter((a) => a.period === smallDay).length, 0);
    const res = await api<Profile>(server, "GET", `/fairness/baloot/profile?from=${smallDay}&to=${smallDay}`);
    const p = res.body.profiles[0]!;
    assert.equal(p.alert, false);
    assert.ok(p.tests.every((t) => !t.enoughData));
    assert.equal(p.minPValue, 1);
  });
});

describe("fairness profiler in the running server", function () {
  this.timeout(60_000);
  let server: DiwanServer;
  before(async () => {
    server = await startApiServer({ FAIRNESS_FOLD_INTERVAL_MS: "200" });
  });
  after(async () => {
    await server?.shutdown();
  });

  it("folds a finished match in the background, without anyone asking", async () => {
    const id = await insertPlayedMatch(server.database.db, playBotMatch(), { users: [null, null, null, null], withBoxScore: false });
    const folded = async () =>
      (await server.database.db.selectFrom("fairness_folded").select("match_id").where("match_id", "=", id).executeTakeFirst()) !== undefined;
    // Bounded wait for the background job (every 200 ms here); not a speed assertion.
    for (let i = 0; i < 200 && !(await folded()); i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await folded(), true);
    const folds = (await server.metrics.fairnessMatchesFolded.get()).values.reduce((a, v) => a + v.value, 0);
    assert.ok(folds >= 1);
  });
});
