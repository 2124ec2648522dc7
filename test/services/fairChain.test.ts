import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { migrateToLatest, openDatabase, type DatabaseHandle } from "../../src/db/database.js";
import { RNG_ALGORITHM, dealingSeed, seedCommitment } from "../../src/games/core/fairness/commitReveal.js";
import { baloot, initialEvents } from "../../src/games/baloot/index.js";
import { MatchLog } from "../../src/rooms/table/log.js";
import { verifyFairness } from "../../src/services/fairDeals.js";
import { FileJournal } from "../../src/services/journal/fileJournal.js";
import { importMatches, readJournalFile } from "../../src/services/journal/importer.js";
import { MatchStore, type MatchStartRecord } from "../../src/services/matchStore.js";
import { loadEntries } from "../../src/services/replay.js";
import { TEST_DATABASE_URL } from "../helpers/env.js";

const logger = pino({ level: "silent" });

describe("hash chain through the journal into the database", () => {
  let handle: DatabaseHandle;
  let dir = "";
  before(async () => {
    handle = await openDatabase({ databaseUrl: TEST_DATABASE_URL, dataDir: "memory" });
    await migrateToLatest(handle.db);
    dir = mkdtempSync(join(tmpdir(), "diwan-fairchain-"));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await handle?.close();
  });

  it("entries hashed by MatchLog.append, journaled and imported, verify from the stored rows", async () => {
    const serverSeed = "journal-server-seed";
    const clientSeeds = ["p0", "", "p2", ""];
    const seed = dealingSeed(serverSeed, clientSeeds);
    const start: MatchStartRecord = {
      matchId: randomUUID(),
      game: "baloot",
      roomId: "room-chain",
      ranked: false,
      options: {},
      seed,
      serverSeed,
      seedCommitment: seedCommitment(serverSeed),
      clientSeeds,
      rngAlgorithm: RNG_ALGORITHM,
      processId: "p-chain",
      startedAt: new Date(),
      players: [0, 1, 2, 3].map((seat) => ({ seat, team: seat & 1, userId: null, displayName: `S${seat}`, isBot: true })),
    };
    const journal = new FileJournal(dir, "p-chain", logger);
    const store = new MatchStore(handle.db, { journal });
    const log = new MatchLog<unknown>();
    // The recorder journals every entry; its database flush never comes (the process "dies").
    log.startRecording(store, start, { logger: () => logger, flushIntervalMs: 3_600_000 });
    // The opening deal as the engine produces it, then a few real moves.
    let state = baloot.setup({ seed, seats: 4, options: {} });
    log.append(null, "room", null, initialEvents(state));
    for (let i = 0; i < 6; i++) {
      const seat = baloot.activeSeats(state)[0]!;
      const action = baloot.legalActions(state, seat)[0]!;
      const r = baloot.apply(state, seat, action);
      state = r.state;
      log.append(seat, "bot", action as Record<string, unknown>, r.events);
    }
    log.attachedRecorder?.close();
    const [file] = journal.files;
    const { matches } = readJournalFile(file as string);
    await importMatches(store, matches.values(), logger, "test");
    await journal.close();

    const row = await handle.db.selectFrom("matches").selectAll().where("id", "=", start.matchId).executeTakeFirstOrThrow();
    const entries = await loadEntries(handle.db, start.matchId);
    assert.equal(entries.length, 7);
    assert.ok(entries.every((e) => /^[0-9a-f]{64}$/.test(e.hash ?? "")), "every stored entry carries its hash");
    const report = verifyFairness({
      game: "baloot",
      options: row.options,
      seed: row.seed,
      serverSeed: row.server_seed,
      seedCommitment: row.seed_commitment,
      clientSeeds: row.client_seeds,
      eventCount: row.event_count,
      entries,
    });
    assert.equal(report.chain.ok, true, JSON.stringify(report.chain));
    assert.equal(report.commitmentOk, true);
    assert.equal(report.derivationOk, true);
  });
});
