/**
 * Idle-table benchmark (issue 10): N seated Baloot tables in ONE Diwan server child whose
 * players are connected and never act, on a 1 h turn clock. Prints the server's CPU share over a
 * quiet window and its heap per table after a full GC.
 *   --shape bots  (default) vs-bots tables, one SDK client each: the bots play until it is the
 *                 human's turn, then the table waits for him.
 *   --shape quick quick-match tables of 4 SDK clients (the capacity shape: 4 × N connections).
 *
 *   npm run bench:idle -- --tables 1250 --window 30s [--settle 60s] [--quiet-max 60s] [--shape quick]
 *   (--database-url postgres://… stores match logs in Postgres instead of the embedded PGlite;
 *    --profile /tmp/idle.cpuprofile writes a CPU profile of the server over the window)
 */
import "../src/platform/polyfills.js";
import type { Room } from "@colyseus/sdk";
import { durationFlag, intFlag, parseFlags, stringFlag } from "./lib/args.js";
import { serverCodeLabel, startQuietTablesChild } from "./lib/child.js";
import { BenchUsers, benchSecret, noReconnect, sdkClient } from "./lib/clients.js";
import { fmt, fmtBytes, pool, printTable, sleep } from "./lib/stats.js";

const flags = parseFlags();
const tables = intFlag(flags, "tables", 1250, 1, 5000);
const windowMs = durationFlag(flags, "window", 30_000, 10 * 60_000);
// 60 s by default: V8's memory reducer runs two or three full collections of the heap ≈ 45–50 s
// after the ramp's last large allocation; a shorter settle puts them in the window (CAPACITY.md).
const settleMs = durationFlag(flags, "settle", 60_000, 120_000);
// After the settle: keep waiting (at most this long) until the server has run a full collection
// since seating ended and none in the last QUIET_MS. That is V8's memory reducer: after the ramp it
// runs a series of two or three full collections about 0.5–1 s apart, and when it starts depends
// on the machine (on a loaded one 70–90 s after seating, a 30 s window that opens before catches
// all of it: 3.2–3.3 % of a core against ≈ 1 % without).
const quietMaxMs = durationFlag(flags, "quiet-max", 60_000, 180_000);
const QUIET_MS = 15_000;
const rampConcurrency = intFlag(flags, "ramp-concurrency", 20, 1, 200);
const databaseUrl = stringFlag(flags, "database-url", "");
const shape = stringFlag(flags, "shape", "bots");
/** Write a CPU profile of the server over the quiet window to this file (.cpuprofile). */
const profilePath = stringFlag(flags, "profile", "");
if (shape !== "bots" && shape !== "quick") throw new Error(`--shape: bots or quick, not ${shape}`);
const clientsPerTable = shape === "quick" ? 4 : 1;

const secret = benchSecret();
// Seating takes longest: 100 ms per connection on top (a loaded machine seats 5,000 slowly).
const hardStop = setTimeout(() => {
  console.error("bench:idle: hard time limit reached; exiting");
  process.exit(2);
}, windowMs + settleMs + quietMaxMs + 240_000 + tables * clientsPerTable * 100);
hardStop.unref();

console.log(`bench:idle — ${tables} seated ${shape} tables × ${clientsPerTable} clients, nobody acting, turn clock 1 h, window ${windowMs / 1000} s`);
const server = await startQuietTablesChild({ databaseUrl, secret, tables });
console.log(`server child pid ${server.pid} on ${server.url}; server code: ${serverCodeLabel()}`);

const users = new BenchUsers(secret, "idle");
const rooms: Room[] = [];
let joinErrors = 0;
await sleep(1000);
const base = await server.stats({ gc: true });
const rampStarted = Date.now();
await pool(Array.from({ length: tables * clientsPerTable }), rampConcurrency, async () => {
  try {
    const user = await users.next();
    const client = sdkClient(server.url, user.token);
    const room = shape === "quick" ? await client.joinOrCreate("baloot", { mode: "quick" }) : await client.create("baloot", { mode: "bots" });
    noReconnect(room);
    // Events, warnings and acks are received and dropped: this client never acts.
    room.onMessage("*", () => {});
    rooms.push(room);
  } catch (err) {
    joinErrors += 1;
    if (joinErrors <= 5) console.error("table creation failed:", String(err));
  }
});
const roomIds = new Set(rooms.map((r) => r.roomId));
console.log(`${rooms.length} clients in ${roomIds.size} tables seated in ${Date.now() - rampStarted} ms (${joinErrors} failures); settling ${settleMs / 1000} s`);
// Counting full collections from here (the window resets the counters again).
await server.stats({ resetLoop: true });
await sleep(settleMs);
const quietStarted = Date.now();
let reducerSeen: boolean;
for (;;) {
  const { majorGcs, msSinceMajorGc } = await server.stats();
  reducerSeen = majorGcs > 0;
  const quiet = reducerSeen && msSinceMajorGc !== null && msSinceMajorGc >= QUIET_MS;
  if (quiet || Date.now() - quietStarted >= quietMaxMs) break;
  await sleep(reducerSeen && msSinceMajorGc !== null ? Math.max(1000, QUIET_MS - msSinceMajorGc) : 2000);
}
const waitedS = Math.round((Date.now() - quietStarted) / 1000);
if (!reducerSeen) console.log(`no full collection since seating within ${settleMs / 1000 + waitedS} s: the window may still catch the memory reducer's (see its full collections below)`);
else if (waitedS >= 1) console.log(`settled ${waitedS} s more, until ${QUIET_MS / 1000} s after the server's latest full collection`);

// No forced GC before the window: a full GC arms V8's memory reducer, which runs up to three more
// full collections of the whole heap 8–20 s later (each 0.3–1 s of CPU at 1,250 tables) — inside
// a window that starts soon after. An idle server does not collect like that in steady state:
// the ramp's own collections and their memory-reducer follow-ups fall in the settle period.
// The heap figure is taken after the window instead (nothing changes in between).
const c0 = await server.stats({ resetLoop: true, ...(profilePath ? { profile: "start" } : {}) });
const t0 = performance.now();
await sleep(windowMs);
const c1 = await server.stats();
const elapsedS = (performance.now() - t0) / 1000;
const cpuUs = c1.cpuUserUs + c1.cpuSystemUs - (c0.cpuUserUs + c0.cpuSystemUs);
// Stopped after the CPU reading: serialising and writing the profile is not the tables' CPU.
if (profilePath) await server.stats({ profile: "stop", profilePath });
const seated = await server.stats({ gc: true });
const open = rooms.filter((r) => r.connection.isOpen).length;
const tableCount = Math.max(1, roomIds.size);

printTable("idle tables", [
  ["tables seated / clients (still connected)", `${roomIds.size} / ${rooms.length} (${open})`],
  ["server CPU over the window", `${fmt((cpuUs / 1e6 / elapsedS) * 100, 2)} % of a core`],
  ["server CPU per table", `${fmt(cpuUs / elapsedS / tableCount, 2)} µs/s`],
  ["heap per table (after GC, delta over the empty server)", fmtBytes((seated.heapUsed - base.heapUsed) / tableCount)],
  ["heap / RSS with the tables", `${fmtBytes(seated.heapUsed)} / ${fmtBytes(seated.rss)}`],
  // A full collection in the window shows here (0.3–1 s at 1,250 tables); scavenges take a few ms.
  ["server longest GC pause in the window", `${fmt(c1.gcMaxMs)} ms`],
  // Each is 0.1–0.5 s of CPU at 1,250 tables: one in the window is most of the figure (CAPACITY.md).
  ["server full collections in the window (main thread)", String(c1.majorGcs)],
  ["server loop delay p99 / max", `${fmt(c1.loopDelayP99Ms)} / ${fmt(c1.loopDelayMaxMs)} ms`],
  ["server loop utilisation", `${fmt(c1.loopUtilisation * 100)} %`],
]);

await pool(rooms, 50, async (room) => {
  await room.leave(true).catch(() => {});
});
await server.stop();
process.exit(0);
