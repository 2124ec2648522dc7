/**
 * Journal micro-benchmark (issue 12 §1): what appending one log entry costs on the action path,
 * through MatchRecorder.append, with no journal, the local file journal and the Redis stream
 * journal. Entries are real: Baloot matches played by the heuristic bot.
 *
 *   npx tsx bench/journal.bench.ts            (REDIS_URL=redis://… adds the Redis variant)
 *
 * Prints CPU µs per append (user + system of this process) and the wall time of each append
 * until it is durable (p50/p99): synchronous for the file, until XADD's reply for Redis.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { pino } from "pino";
import { baloot } from "../src/games/baloot/index.js";
import { botTurn } from "../src/games/core/GameDefinition.js";
import { createRng, seedState } from "../src/games/core/rng.js";
import { FileJournal } from "../src/services/journal/fileJournal.js";
import type { MatchJournal } from "../src/services/journal/journal.js";
import { RedisJournal } from "../src/services/journal/redisJournal.js";
import { MatchRecorder } from "../src/services/matchRecorder.js";
import type { LogEntry, MatchStartRecord, MatchStore } from "../src/services/matchStore.js";

const logger = pino({ level: "silent" });
const ENTRIES = Number(process.env.ENTRIES ?? 20_000);

/** Log entries of real matches: every bot action with the events it produced. */
function realEntries(count: number): LogEntry[] {
  const entries: LogEntry[] = [];
  const rng = createRng(seedState("journal-bench"));
  for (let m = 0; entries.length < count; m++) {
    let state = baloot.setup({ seed: `bench-${m}`, seats: 4, options: {} });
    while (!baloot.outcome(state) && entries.length < count) {
      const seat = baloot.activeSeats(state)[0] as number;
      const action = botTurn(baloot, state, seat, undefined, rng).action;
      const result = baloot.apply(state, seat, action);
      state = result.state;
      entries.push({ seq: entries.length + 1, at: new Date(), seat, source: "bot", action: action as unknown as Record<string, unknown>, events: result.events });
    }
  }
  return entries;
}

/** A store that never writes: the benchmark measures the action path only. */
function nullStore(journal: MatchJournal | undefined): MatchStore {
  return {
    journal,
    liveMatches: new Set<string>(),
    createMatch: async () => {},
    appendEntries: async () => {},
    saveBoxScore: async () => {},
  } as unknown as MatchStore;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** Many tables acting in the same tick: `width` appends issued together, then awaited (pipelining). */
async function measureConcurrent(name: string, journal: MatchJournal, entries: LogEntry[], width: number): Promise<void> {
  const recorders = Array.from({ length: width }, (_, i) =>
    new MatchRecorder(
      nullStore(journal),
      { matchId: `bench-${i}-${Date.now()}`, game: "baloot", roomId: `bench-${i}`, ranked: false, options: {}, seed: "s", processId: "bench", startedAt: new Date(), players: [] },
      { logger: () => logger, flushIntervalMs: 3_600_000 },
    ),
  );
  const cpu0 = process.cpuUsage();
  const latencies: number[] = [];
  for (let i = 0; i < entries.length; i += width) {
    const t0 = process.hrtime.bigint();
    await Promise.all(entries.slice(i, i + width).map((e, k) => recorders[k]!.append({ ...e, seq: Math.floor(i / width) + 1 })));
    latencies.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  const cpu = process.cpuUsage(cpu0);
  for (const r of recorders) r.close();
  latencies.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(14)} CPU ${((cpu.user + cpu.system) / entries.length).toFixed(1).padStart(6)} µs/append   ` +
      `batch of ${width} durable p50 ${percentile(latencies, 50).toFixed(0)} µs  p99 ${percentile(latencies, 99).toFixed(0)} µs`,
  );
}

async function measure(name: string, journal: MatchJournal | undefined, entries: LogEntry[]): Promise<void> {
  const start: MatchStartRecord = {
    matchId: `00000000-0000-4000-8000-${String(Date.now()).padStart(12, "0").slice(-12)}`,
    game: "baloot",
    roomId: "bench",
    ranked: false,
    options: {},
    seed: "s",
    processId: "bench",
    startedAt: new Date(),
    players: [],
  };
  const recorder = new MatchRecorder(nullStore(journal), start, { logger: () => logger, flushIntervalMs: 3_600_000 });
  const latencies: number[] = [];
  const cpu0 = process.cpuUsage();
  const wall0 = process.hrtime.bigint();
  for (const entry of entries) {
    const t0 = process.hrtime.bigint();
    const durable = recorder.append({ ...entry });
    if (durable) await durable;
    latencies.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  const wallUs = Number(process.hrtime.bigint() - wall0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  recorder.close();
  latencies.sort((a, b) => a - b);
  const bytes = entries.reduce((n, e) => n + JSON.stringify(e).length, 0) / entries.length;
  console.log(
    `${name.padEnd(14)} CPU ${((cpu.user + cpu.system) / entries.length).toFixed(1).padStart(6)} µs/append   ` +
      `until durable p50 ${percentile(latencies, 50).toFixed(1).padStart(6)} µs  p99 ${percentile(latencies, 99).toFixed(1).padStart(7)} µs   ` +
      `(${entries.length} entries, ~${Math.round(bytes)} B each, ${(wallUs / entries.length).toFixed(1)} µs wall/append)`,
  );
}

const entries = realEntries(ENTRIES);
console.log(`journal.bench — ${entries.length} real Baloot log entries, appended one after another through MatchRecorder.append`);
await measure("no journal", undefined, entries.slice(0, 2000)); // warm-up
await measure("no journal", undefined, entries);
const dir = mkdtempSync(join(tmpdir(), "diwan-journal-bench-"));
const file = new FileJournal(dir, "bench", logger);
try {
  await measure("file journal", file, entries);
  await measureConcurrent("file ×100", file, entries, 100);
} finally {
  await file.close();
  rmSync(dir, { recursive: true, force: true });
}
if (process.env.REDIS_URL) {
  const redis = new Redis(process.env.REDIS_URL, { enableAutoPipelining: true });
  const journal = new RedisJournal(redis, `bench-${process.pid}`, logger, undefined, 60_000);
  try {
    await measure("redis journal", journal, entries);
    await measureConcurrent("redis ×100", journal, entries, 100);
  } finally {
    await journal.close();
    const keys = await redis.keys("diwan:journal:*");
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
} else {
  console.log("redis journal  (skipped: set REDIS_URL to a private redis-server)");
}
