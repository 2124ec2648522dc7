import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { FileJournal } from "../../src/services/journal/fileJournal.js";
import { readJournalFile } from "../../src/services/journal/importer.js";
import type { LogEntry, MatchStartRecord } from "../../src/services/matchStore.js";

const logger = pino({ level: "silent" });
const start = (matchId: string): MatchStartRecord => ({
  matchId,
  game: "baloot",
  roomId: `room-${matchId}`,
  ranked: false,
  options: { mode: "bots" },
  seed: "seed",
  // Commit–reveal facts (docs/FAIRNESS.md) travel with the start record.
  serverSeed: "server-seed",
  seedCommitment: "c".repeat(64),
  clientSeeds: ["client", "", "", ""],
  rngAlgorithm: "diwan-deal-v1",
  processId: "p1",
  startedAt: new Date("2026-01-01T00:00:00Z"),
  players: [{ seat: 0, team: 0, userId: null, displayName: "A", isBot: false }],
});
const entry = (seq: number): LogEntry => ({ seq, at: new Date(1_700_000_000_000 + seq), seat: seq % 4, source: "player", action: { k: "pass" }, events: [{ type: "passed", seq }], hash: `${seq}`.padStart(64, "0") });

describe("local file journal", () => {
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "diwan-filejournal-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes one line per entry that reads back exactly (start record included)", async () => {
    const journal = new FileJournal(dir, "p1", logger);
    journal.begin(start("m1"));
    for (let seq = 1; seq <= 5; seq++) assert.equal(journal.append("m1", entry(seq)), undefined, "durable at once");
    const [file] = journal.files;
    const { header, matches } = readJournalFile(file as string);
    assert.equal(header?.pid, process.pid);
    assert.deepEqual(matches.get("m1")?.start, start("m1"));
    assert.deepEqual(matches.get("m1")?.entries, [1, 2, 3, 4, 5].map(entry));
    assert.deepEqual((await journal.close()).map((s) => [s.matchId, s.storedSeq, s.journalSeq]), [["m1", -1, 5]], "nothing stored: kept");
    assert.equal(readdirSync(dir).length, 1);
  });

  it("rolls over, deletes a closed segment once the database has all of it, and truncates on a clean close", async () => {
    const journal = new FileJournal(dir, "p1", logger, 2000);
    journal.begin(start("m1"));
    journal.begin(start("m2"));
    for (let seq = 1; seq <= 40; seq++) {
      journal.append("m1", entry(seq));
      journal.append("m2", entry(seq));
    }
    const segments = readdirSync(dir).length;
    assert.ok(segments > 3, `rolled over (${segments} segments)`);
    journal.stored("m1", 40);
    assert.equal(readdirSync(dir).length, segments, "m2 is not stored yet: every segment is kept");
    journal.stored("m2", 20);
    const left = readdirSync(dir).length;
    assert.ok(left < segments && left > 1, `segments holding only stored entries are gone (${left} of ${segments} left)`);
    journal.end("m2");
    assert.deepEqual(await journal.close(), []);
    assert.deepEqual(readdirSync(dir), [], "clean close: nothing left");
  });

  it("a torn last line (the process died mid-write) is ignored on import", async () => {
    const journal = new FileJournal(dir, "p1", logger);
    journal.begin(start("m1"));
    journal.append("m1", entry(1));
    const { appendFileSync } = await import("node:fs");
    appendFileSync(journal.files[0] as string, '{"k":"e","m":"m1","e":{"seq":2,');
    assert.deepEqual(readJournalFile(journal.files[0] as string).matches.get("m1")?.entries, [entry(1)]);
    await journal.close();
  });
});
