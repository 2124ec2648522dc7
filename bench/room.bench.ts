/**
 * Room benchmark (issue 4): many vs-bots Baloot tables in ONE Diwan server child process,
 * one scripted SDK client per table acting at a fixed pace. Prints actions/s, client-side
 * action→ack latency, server CPU per action and heap per table.
 *
 *   npm run bench:room -- --tables 100 --pace 500ms --duration 30s --bot-delay-ms 0
 *   (env: TABLES, PACE, DURATION, BOT_DELAY_MS, JITTER, WARMUP, IDLE, RAMP_CONCURRENCY;
 *    --database-url postgres://… to store match logs in Postgres instead of the embedded PGlite)
 */
import "../src/platform/polyfills.js";
import { loadavg } from "node:os";
import { boolFlag, durationFlag, intFlag, parseFlags, stringFlag } from "./lib/args.js";
import { startDiwanChild } from "./lib/child.js";
import { BenchUsers, benchSecret, noReconnect, sdkClient } from "./lib/clients.js";
import { RunStats, ScriptedPlayer } from "./lib/player.js";
import { LoopMonitor, fmt, fmtBytes, pool, printTable, sleep } from "./lib/stats.js";

const flags = parseFlags();
const tables = intFlag(flags, "tables", 100, 1, 5000);
// 20 msg/s per client is the room's limit: never below 50 ms.
const paceMs = Math.max(50, durationFlag(flags, "pace", 500));
const jitterMs = durationFlag(flags, "jitter", Math.round(paceMs / 2));
const durationMs = durationFlag(flags, "duration", 30_000, 10 * 60_000);
const warmupMs = durationFlag(flags, "warmup", 3000, 60_000);
const idleMs = durationFlag(flags, "idle", 5000, 60_000);
const botDelayMs = intFlag(flags, "bot-delay-ms", 0, 0, 60_000);
const rampConcurrency = intFlag(flags, "ramp-concurrency", 20, 1, 500);
const json = boolFlag(flags, "json");
// Embedded PGlite in memory by default (what `npm start` runs, minus the disk); a Postgres URL moves
// the match log writes out of the server process.
const databaseUrl = stringFlag(flags, "database-url", "");

const secret = benchSecret();
const hardStop = setTimeout(() => {
  console.error("bench:room: hard time limit reached; exiting");
  process.exit(2);
}, durationMs + warmupMs + 120_000);
hardStop.unref();

console.log(`bench:room — ${tables} vs-bots tables, pace ${paceMs} ms (+0..${jitterMs} ms), BOT_DELAY_MS ${botDelayMs}, window ${durationMs / 1000} s`);
const server = await startDiwanChild({
  databaseUrl,
  secret,
  tables,
  env: {
    BOT_DELAY_MS: String(botDelayMs),
    TURN_TIMEOUT_S: "120",
    TURN_WARNING_S: "10",
  },
});
console.log(`server child pid ${server.pid} on ${server.url}`);

const stats = new RunStats();
const users = new BenchUsers(secret, "bench");
const players = new Set<ScriptedPlayer>();
let running = true;

async function openTable(): Promise<void> {
  const user = await users.next();
  const room = await sdkClient(server.url, user.token).create("baloot", { mode: "bots" });
  noReconnect(room);
  const player = new ScriptedPlayer(room, user.id, stats, {
    paceMs,
    jitterMs,
    minGapMs: 60,
    ackTimeoutMs: 10_000,
    countApplied: true,
    // Keep the table count constant: a finished match is replaced by a fresh table.
    onFinished: (p) => {
      players.delete(p);
      void p.stop();
      if (running) void openTable().catch((err: unknown) => console.error("replacement table failed:", String(err)));
    },
    onLost: (p) => {
      players.delete(p);
    },
  });
  players.add(player);
}

const loop = new LoopMonitor();
loop.start();
const base = await server.stats({ gc: true });
const rampStarted = Date.now();
let joinErrors = 0;
await pool(Array.from({ length: tables }), rampConcurrency, async () => {
  try {
    await openTable();
  } catch (err) {
    joinErrors += 1;
    if (joinErrors <= 5) console.error("table creation failed:", String(err));
  }
});
const rampMs = Date.now() - rampStarted;
console.log(`${players.size} tables open in ${rampMs} ms (${joinErrors} failures); warming up ${warmupMs / 1000} s`);
await sleep(warmupMs);
const loaded = await server.stats({ gc: true });
const openTables = players.size;

// Idle window: tables open, the humans hold their turn (bots wait for them): fixed cost of open tables.
let idleCpuUs = Number.NaN;
if (idleMs > 0) {
  stats.paused = true;
  await sleep(paceMs + jitterMs + 200);
  const i0 = await server.stats();
  await sleep(idleMs);
  const i1 = await server.stats();
  idleCpuUs = i1.cpuUserUs + i1.cpuSystemUs - (i0.cpuUserUs + i0.cpuSystemUs);
  idleCpuUs /= (idleMs / 1000); // per second
  stats.paused = false;
  // Resume spread over one pace so tables do not act in lock-step after the pause.
  for (const p of players) setTimeout(() => p.poke(), Math.random() * paceMs);
}

stats.resetWindow();
stats.recording = true;
loop.reset();
const before = await server.stats({ resetLoop: true });
const t0 = performance.now();
await sleep(durationMs);
stats.recording = false;
const after = await server.stats();
const elapsedS = (performance.now() - t0) / 1000;
const client = loop.read();
running = false;

const cpuUs = after.cpuUserUs + after.cpuSystemUs - (before.cpuUserUs + before.cpuSystemUs);
const lat = stats.latencies.summary();
const marginalUs = (cpuUs - idleCpuUs * elapsedS) / Math.max(1, stats.acked);
const humanPerS = stats.acked / elapsedS;
const appliedPerS = stats.applied / elapsedS;
const heapPerTable = (loaded.heapUsed - base.heapUsed) / Math.max(1, openTables);
const rssPerTable = (loaded.rss - base.rss) / Math.max(1, openTables);

const rows: [string, string][] = [
  ["tables (1 human + 3 bots each)", String(openTables)],
  ["database", databaseUrl ? "Postgres (DATABASE_URL)" : "embedded PGlite (in memory)"],
  ["pace / BOT_DELAY_MS", `${paceMs} ms (+0..${jitterMs}) / ${botDelayMs} ms`],
  ["measured window", `${fmt(elapsedS)} s (after ${fmt(rampMs / 1000)} s ramp + ${warmupMs / 1000} s warm-up)`],
  ["human actions acked", `${stats.acked} (${stats.ok} ok, ${stats.rejectedTotal()} rejected, ${stats.ackTimeouts} ack timeouts)`],
  ["human actions/s", fmt(humanPerS)],
  ["server log entries/s (human + bot)", fmt(appliedPerS)],
  ["action→ack p50 / p90 / p99 / max", `${fmt(lat.p50, 2)} / ${fmt(lat.p90, 2)} / ${fmt(lat.p99, 2)} / ${fmt(lat.max, 2)} ms`],
  ["server CPU (of one core)", `${fmt((cpuUs / 1e6 / elapsedS) * 100)} %`],
  ["server CPU idle (tables open, nobody acting)", `${fmt(idleCpuUs / 1e4)} % of one core`],
  ["server CPU per human action (all-in)", `${fmt(cpuUs / Math.max(1, stats.acked))} µs`],
  ["server CPU per human action above idle", `${fmt(marginalUs)} µs`],
  ["server CPU per log entry", `${fmt(cpuUs / Math.max(1, stats.applied))} µs`],
  ["server heap per table (after GC)", fmtBytes(heapPerTable)],
  ["server RSS per table", fmtBytes(rssPerTable)],
  ["server heap / RSS with tables", `${fmtBytes(loaded.heapUsed)} / ${fmtBytes(loaded.rss)}`],
  ["server loop delay p99 / max, utilisation", `${fmt(after.loopDelayP99Ms)} / ${fmt(after.loopDelayMaxMs)} ms, ${fmt(after.loopUtilisation * 100)} %`],
  ["server / client longest GC pause", `${fmt(after.gcMaxMs)} / ${fmt(client.gcMaxMs)} ms`],
  ["client loop delay p99 / max, utilisation", `${fmt(client.delayP99Ms)} / ${fmt(client.delayMaxMs)} ms, ${fmt(client.utilisation * 100)} %`],
  ["bytes received per human action (1 client)", fmtBytes(stats.bytesIn / Math.max(1, stats.acked))],
  ["frames received per human action", fmt(stats.framesIn / Math.max(1, stats.acked))],
  ["machine load average (1 min, 2 cores)", fmt(loadavg()[0] ?? Number.NaN, 2)],
  ["matches finished / tables lost / errors", `${stats.matchesFinished} / ${stats.lostRooms} / ${stats.serverErrors}`],
];
if (stats.rejected.size) rows.push(["rejections by code", [...stats.rejected].map(([k, v]) => `${k}=${v}`).join(" ")]);
printTable("bench:room summary (server in a child process; 2 shared cores — other work on the machine affects figures)", rows);
if (json) {
  console.log(
    `RESULT ${JSON.stringify({ tables: openTables, paceMs, botDelayMs, elapsedS, humanPerS, appliedPerS, latency: lat, cpuUs, cpuPerHumanUs: cpuUs / Math.max(1, stats.acked), idleCpuUsPerS: idleCpuUs, marginalUs, loadavg: loadavg(), cpuPerEntryUs: cpuUs / Math.max(1, stats.applied), heapPerTable, rssPerTable, serverLoop: after, clientLoop: client, bytesPerAction: stats.bytesIn / Math.max(1, stats.acked) })}`,
  );
}

await Promise.all([...players].map((p) => p.stop()));
await server.stop(5000);
process.exit(0);
