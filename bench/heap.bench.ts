/**
 * Heap per table (issue 10): N seated Baloot tables in ONE Diwan server child; heap growth after a
 * full GC from N/2 to N tables divided by the tables added (the first half pays one-time costs:
 * compiled code, shapes, pools), and the same over 0 → N as bench:idle prints it. With --snapshot
 * the child also writes a V8 heap snapshot at N/2 and at N tables, and this prints what grew, per
 * table, grouped by constructor / kind, then by holder (what each per-table object — the room, a
 * schema tree, a client's socket — retains in the dominator tree), and what one room retains: the
 * lists to work from when shrinking a table.
 *
 *   npm run bench:heap -- --tables 200 [--shape quick|bots] [--snapshot [--keep] [--top 40] [--holder BalootRoom]]
 *   (--database-url postgres://… stores match logs in Postgres instead of the embedded PGlite)
 */
import "../src/platform/polyfills.js";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Room } from "@colyseus/sdk";
import { intFlag, parseFlags, stringFlag } from "./lib/args.js";
import { serverCodeLabel, startQuietTablesChild } from "./lib/child.js";
import { BenchUsers, benchSecret, noReconnect, sdkClient } from "./lib/clients.js";
import { HeapSnapshot, growth } from "./lib/heapSnapshot.js";
import { fmtBytes, pool, printTable, sleep } from "./lib/stats.js";

const flags = parseFlags();
const tables = intFlag(flags, "tables", 200, 1, 5000);
const rampConcurrency = intFlag(flags, "ramp-concurrency", 20, 1, 200);
const databaseUrl = stringFlag(flags, "database-url", "");
const shape = stringFlag(flags, "shape", "quick");
const snapshot = flags.has("snapshot");
/** Keep the two snapshot files (for a closer look in DevTools) instead of deleting them. */
const keepSnapshots = flags.has("keep");
const top = intFlag(flags, "top", 40, 1, 500);
/** Smallest child shown in the retained tree of one room (--holder NAME, default BalootRoom). */
const holderMin = intFlag(flags, "holder-min", 150, 1, 1 << 20);
if (shape !== "bots" && shape !== "quick") throw new Error(`--shape: bots or quick, not ${shape}`);
const clientsPerTable = shape === "quick" ? 4 : 1;

const snapshotDir = snapshot ? mkdtempSync(join(tmpdir(), "diwan-heap-")) : "";
const secret = benchSecret();
console.log(`bench:heap — ${tables} seated ${shape} tables × ${clientsPerTable} clients${snapshot ? `, heap snapshots in ${snapshotDir}` : ""}`);
if (snapshot) {
  process.env.SERVER_NODE_ARGS = `${process.env.SERVER_NODE_ARGS ?? ""} --heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${snapshotDir}`;
}
const server = await startQuietTablesChild({ databaseUrl, secret, tables });

console.log(`server code: ${serverCodeLabel()}`);

/** Ask the child for a heap snapshot and wait until the file is complete. */
async function takeSnapshot(): Promise<string> {
  const before = new Set(readdirSync(snapshotDir));
  process.kill(server.pid, "SIGUSR2");
  for (;;) {
    await sleep(500);
    const file = readdirSync(snapshotDir).find((f) => !before.has(f) && f.endsWith(".heapsnapshot"));
    if (!file) continue;
    const path = join(snapshotDir, file);
    const size = statSync(path).size;
    await sleep(1000);
    // The writer is done when the file stops growing and parses (ends with the closing brace).
    if (statSync(path).size === size && size > 0 && readFileSync(path, "utf8").trimEnd().endsWith("}")) return path;
  }
}

const users = new BenchUsers(secret, "heap");
const rooms: Room[] = [];
let joinErrors = 0;

async function seat(count: number): Promise<void> {
  await pool(Array.from({ length: count * clientsPerTable }), rampConcurrency, async () => {
    try {
      const user = await users.next();
      const client = sdkClient(server.url, user.token);
      const room = shape === "quick" ? await client.joinOrCreate("baloot", { mode: "quick" }) : await client.create("baloot", { mode: "bots" });
      noReconnect(room);
      room.onMessage("*", () => {});
      rooms.push(room);
    } catch (err) {
      joinErrors += 1;
      if (joinErrors <= 5) console.error("table creation failed:", String(err));
    }
  });
}
const tablesNow = () => new Set(rooms.map((r) => r.roomId)).size;

// Two points: the first half of the tables pays one-time costs (compiled code, object shapes,
// pools); the growth from the first half to all of them is what one more table costs.
await sleep(1000);
const base = await server.stats({ gc: true });
const half = Math.max(1, Math.floor(tables / 2));
await seat(half);
await sleep(5000);
const halfTables = tablesNow();
const mid = await server.stats({ gc: true });
const midSnapshot = snapshot ? await takeSnapshot() : "";
await seat(tables - half);
await sleep(5000);
const tableCount = tablesNow();
const seated = await server.stats({ gc: true });
const fullSnapshot = snapshot ? await takeSnapshot() : "";
const added = Math.max(1, tableCount - halfTables);
const outside = (s: typeof base) => s.external;

printTable("heap per table", [
  ["tables seated / clients", `${tableCount} / ${rooms.length} (${joinErrors} failures)`],
  [`heap per table, ${halfTables} → ${tableCount} tables (after GC)`, fmtBytes((seated.heapUsed - mid.heapUsed) / added)],
  [`heap per table, 0 → ${tableCount} tables (after GC; includes one-time costs)`, fmtBytes((seated.heapUsed - base.heapUsed) / Math.max(1, tableCount))],
  [`outside the heap (ArrayBuffers, native) per table, ${halfTables} → ${tableCount}`, fmtBytes((outside(seated) - outside(mid)) / added)],
  [`RSS per table, ${halfTables} → ${tableCount}`, fmtBytes((seated.rss - mid.rss) / added)],
  ["heap empty / half / all", `${fmtBytes(base.heapUsed)} / ${fmtBytes(mid.heapUsed)} / ${fmtBytes(seated.heapUsed)}`],
  ["RSS empty / half / all", `${fmtBytes(base.rss)} / ${fmtBytes(mid.rss)} / ${fmtBytes(seated.rss)}`],
]);

if (snapshot) {
  const before = new HeapSnapshot(midSnapshot);
  const after = new HeapSnapshot(fullSnapshot);
  const printGrowth = (title: string, rows: { key: string; size: number; count: number }[], what: string) => {
    const total = rows.reduce((s, r) => s + r.size, 0);
    console.log(`\n${title} ${halfTables} → ${tableCount} tables, per table (${what}; total ${fmtBytes(total)} per table)`);
    console.log("| kind: name | bytes per table | objects per table |");
    console.log("| --- | --- | --- |");
    for (const r of rows.slice(0, top)) console.log(`| ${r.key} | ${fmtBytes(r.size)} | ${r.count.toFixed(1)} |`);
  };
  printGrowth("snapshot diff", growth(before.selfGroups(), after.selfGroups(), added), "self sizes");
  // Holders: what each per-table object (room, schema tree, socket, ...) keeps alive on its own.
  // "Big" = retained by a process-wide holder of all tables (≥ 1 MiB or a quarter of the growth).
  const big = Math.max(1 << 20, (seated.heapUsed - mid.heapUsed) / 4);
  printGrowth("retained by holder", growth(before.holderGroups(big), after.holderGroups(big), added), "dominator tree, retained sizes, ArrayBuffer data included");
  const holder = stringFlag(flags, "holder", "BalootRoom");
  console.log(`\none ${holder}, what it alone retains (≥ ${holderMin} B):`);
  for (const line of after.retainedTree(holder, holderMin, 4)) console.log(line);
  if (keepSnapshots) console.log(`\nsnapshots kept: ${midSnapshot} and ${fullSnapshot}`);
  else rmSync(snapshotDir, { recursive: true, force: true });
}

await pool(rooms, 50, async (room) => {
  await room.leave(true).catch(() => {});
});
await server.stop();
process.exit(0);
