import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { RNG_ALGORITHM, dealingSeed, seedCommitment, sha256Hex } from "../../src/games/core/fairness/commitReveal.js";
import type { DiwanServer } from "../../src/platform/server.js";
import { api } from "../http/helpers.js";
import { spawnTs } from "../helpers/processes.js";
import { Recorded, makeUser, sdkClient, until, useServer, type TestUser } from "../helpers/tables.js";
import { cardList } from "../../web/src/games/baloot/fields.js";

interface SeatView {
  /** The seat's cards, "7S 10H AC" (private). */
  hand: string;
  clientSeed: string;
}
interface TableView {
  status: string;
  matchId: string;
  seedCommitment: string;
  rngAlgorithm: string;
  seats: SeatView[];
}
interface Verify {
  ok: boolean;
  scheme: string;
  commitmentOk: boolean | null;
  derivationOk: boolean | null;
  dealingSeed: string;
  hands: { hand: number; ok: boolean; mismatches: string[] }[];
  chain: { ok: boolean; checked: boolean; brokenAt: number | null; reason: string | null };
}
interface ReplayDoc {
  seed: string;
  serverSeed: string | null;
  seedCommitment: string | null;
  clientSeeds: string[] | null;
  rngAlgorithm: string | null;
  entries: { seq: number; hash: string | null; events: { type: string; to?: number; cards?: string[] }[] }[];
}

const view = (room: { state: unknown }) => room.state as TableView;

/** The standalone verifier on a replay document: its exit status and output. */
async function standalone(dir: string, doc: unknown): Promise<{ code: number; out: string }> {
  const file = join(dir, `replay-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(doc));
  const verifier = spawnTs("scripts/verify.ts", {}, [file]);
  // "close": the output is read to its end, not only the process gone.
  const [code] = (await once(verifier.child, "close")) as [number | null];
  return { code: code ?? -1, out: verifier.output() };
}

/** A bots table dealt from `serverSeed` (test hook) and the human's `clientSeed`. */
async function botTable(server: DiwanServer, user: TestUser, serverSeed: string, clientSeed: string) {
  const room = await sdkClient(server.url, user).create("baloot", { mode: "bots", seed: serverSeed, clientSeed, game: { dealer: 3 } });
  new Recorded(room);
  await until(() => view(room)?.status === "playing" && (view(room).seats[0]?.hand.length ?? 0) > 0, 10_000, "first deal");
  return room;
}

describe("provably fair deals: commit–reveal with client seeds, hash-chained log, verify", function () {
  this.timeout(120_000);
  const serverOf = useServer({ BOT_DELAY_MS: "50", TURN_TIMEOUT_S: "120" });
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "diwan-verify-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("publishes the commitment and algorithm at creation, before any deal; a bad clientSeed is refused", async () => {
    const user = await makeUser("Host");
    const room = await sdkClient(serverOf().url, user).create("baloot", { mode: "private", clientSeed: "host-seed-1" });
    await until(() => view(room)?.seats?.[0]?.clientSeed === "host-seed-1", 5_000, "seated");
    assert.equal(view(room).status, "waiting");
    assert.equal(view(room).matchId, "", "no match, so no deal yet");
    assert.match(view(room).seedCommitment, /^[0-9a-f]{64}$/);
    assert.equal(view(room).rngAlgorithm, RNG_ALGORITHM);
    assert.equal(view(room).seats[0]!.hand, "");
    await room.leave();
    for (const clientSeed of ["", "x".repeat(65), "a|b", "tab\there"]) {
      await assert.rejects(sdkClient(serverOf().url, await makeUser()).create("baloot", { mode: "bots", clientSeed }), /clientSeed/);
    }
  });

  it("the client seed changes the deal: same server seed, different client seeds, different cards", async () => {
    const user = await makeUser("Dealer");
    const a = await botTable(serverOf(), user, "same-server-seed", "client-A");
    const handA = cardList(view(a).seats[0]!.hand);
    assert.equal(view(a).seedCommitment, seedCommitment("same-server-seed"));
    await a.leave();
    const b = await botTable(serverOf(), await makeUser("Other"), "same-server-seed", "client-B");
    assert.equal(view(b).seedCommitment, view(a).seedCommitment, "same commitment");
    assert.notDeepEqual(cardList(view(b).seats[0]!.hand).sort(), handA.sort(), "different cards");
    await b.leave();
  });

  it("a finished match verifies; an edited or deleted entry, a wrong commitment and a swapped deal are each detected (endpoint and standalone verifier)", async () => {
    const user = await makeUser("Checker");
    const room = await botTable(serverOf(), user, "server-seed-for-verify", "player-entropy");
    const matchId = view(room).matchId;
    room.send("resign", { confirm: true });
    await until(() => view(room)?.status === "finished", 10_000, "resigned");
    const db = serverOf().database.db;
    for (let i = 0; i < 100; i++) {
      const m = await db.selectFrom("matches").select("seed_revealed").where("id", "=", matchId).executeTakeFirst();
      if (m?.seed_revealed) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const row = await db.selectFrom("matches").selectAll().where("id", "=", matchId).executeTakeFirstOrThrow();
    assert.equal(row.server_seed, "server-seed-for-verify");
    assert.deepEqual(row.client_seeds, ["player-entropy", "", "", ""]);
    assert.equal(row.seed, dealingSeed("server-seed-for-verify", ["player-entropy", "", "", ""]), "the engine dealt from the derived seed");
    assert.equal(row.seed_commitment, sha256Hex("server-seed-for-verify"));

    const verify = async () => (await api<Verify>(serverOf(), "GET", `/matches/${matchId}/verify`, { token: user.token })).body;
    const good = await verify();
    assert.equal(good.ok, true, JSON.stringify(good));
    assert.equal(good.scheme, "commit-reveal");
    assert.equal(good.commitmentOk, true);
    assert.equal(good.derivationOk, true);
    assert.equal(good.chain.checked, true);
    assert.equal(good.chain.ok, true);
    assert.ok(good.hands.length >= 1 && good.hands.every((h) => h.ok));

    const replay = (await api<ReplayDoc>(serverOf(), "GET", `/matches/${matchId}/replay`, { token: user.token })).body;
    assert.equal(replay.serverSeed, "server-seed-for-verify");
    assert.equal(replay.seedCommitment, row.seed_commitment);
    assert.deepEqual(replay.clientSeeds, ["player-entropy", "", "", ""]);
    assert.equal(replay.rngAlgorithm, RNG_ALGORITHM);
    assert.ok(replay.entries.length >= 2 && replay.entries.every((e) => /^[0-9a-f]{64}$/.test(e.hash ?? "")));
    const offline = await standalone(dir, replay);
    assert.equal(offline.code, 0, offline.out);
    assert.match(offline.out, /VERIFIED/);

    // Edited entry: the endpoint (database edited) and the verifier (document edited) both see it.
    const first = await db.selectFrom("match_events").select(["events"]).where("match_id", "=", matchId).where("seq", "=", 1).executeTakeFirstOrThrow();
    const last = replay.entries[replay.entries.length - 1]!;
    await sql`update match_events set source = 'bot' where match_id = ${matchId} and seq = ${last.seq}`.execute(db);
    const edited = await verify();
    assert.equal(edited.ok, false);
    assert.equal(edited.chain.brokenAt, last.seq);
    await sql`update match_events set source = 'player' where match_id = ${matchId} and seq = ${last.seq}`.execute(db);
    assert.equal((await verify()).ok, true, "restored");
    const editedDoc = structuredClone(replay) as ReplayDoc & { entries: { source: string }[] };
    editedDoc.entries[editedDoc.entries.length - 1]!.source = "bot";
    assert.equal((await standalone(dir, editedDoc)).code, 1);

    // Deleted entry (the first one, then the last one).
    await sql`delete from match_events where match_id = ${matchId} and seq = ${last.seq}`.execute(db);
    const deletedLast = await verify();
    assert.equal(deletedLast.ok, false);
    assert.match(deletedLast.chain.reason ?? "", /deleted/);
    const noFirst = structuredClone(replay);
    noFirst.entries.shift();
    assert.equal((await standalone(dir, noFirst)).code, 1);
    const noLast = structuredClone(replay);
    noLast.entries.pop();
    assert.equal((await standalone(dir, noLast)).code, 1);
    await db
      .insertInto("match_events")
      .values({ match_id: matchId, seq: last.seq, at: new Date(), seat: 0, source: "player", action: null, events: JSON.stringify(last.events), hash: last.hash })
      .execute();
    assert.equal((await verify()).ok, true, "restored");

    // Wrong commitment.
    await sql`update matches set seed_commitment = ${sha256Hex("another seed")} where id = ${matchId}`.execute(db);
    const wrong = await verify();
    assert.equal(wrong.ok, false);
    assert.equal(wrong.commitmentOk, false);
    await sql`update matches set seed_commitment = ${row.seed_commitment} where id = ${matchId}`.execute(db);
    const wrongDoc = { ...replay, seedCommitment: sha256Hex("another seed") };
    const wrongOut = await standalone(dir, wrongDoc);
    assert.equal(wrongOut.code, 1);
    assert.match(wrongOut.out, /FAIL commitment/);

    // Swapped deal: two seats' first cards exchanged in the opening entry.
    const swapped = structuredClone(first.events) as { type: string; to?: number; cards?: string[] }[];
    const d0 = swapped.find((e) => e.type === "dealt" && e.to === 0)!;
    const d1 = swapped.find((e) => e.type === "dealt" && e.to === 1)!;
    [d0.cards![0], d1.cards![0]] = [d1.cards![0]!, d0.cards![0]!];
    await sql`update match_events set events = ${JSON.stringify(swapped)}::jsonb where match_id = ${matchId} and seq = 1`.execute(db);
    const bad = await verify();
    assert.equal(bad.ok, false);
    assert.deepEqual(bad.hands[0]!.mismatches, ["seat 0 first deal", "seat 1 first deal"]);
    await sql`update match_events set events = ${JSON.stringify(first.events)}::jsonb where match_id = ${matchId} and seq = 1`.execute(db);
    assert.equal((await verify()).ok, true, "restored");
    const swappedDoc = structuredClone(replay);
    swappedDoc.entries[0]!.events = swapped;
    const swappedOut = await standalone(dir, swappedDoc);
    assert.equal(swappedOut.code, 1);
    assert.match(swappedOut.out, /FAIL deal \d+ .*seat 0 first deal/);
  });
});
