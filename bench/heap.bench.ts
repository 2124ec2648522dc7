/**
 * Heap per table (issue 10): N seated Baloot tables in ONE Diwan server child; heap growth after a
 * full GC from N/2 to N tables divided by the tables added (the first half pays one-time costs:
 * compiled code, shapes, pools), and the same over 0 → N as bench:idle prints it. With --snapshot
 * the child also writes a V8 heap snapshot at N/2 and at N tables, and this prints what grew, per
 * table, grouped by constructor / kind: the list to work from when shrinking a table.
 *
 *   npm run bench:heap -- --tables 200 [--shape quick|bots] [--snapshot [--keep]] [--top 40]
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

interface Group {
  count: number;
  size: number;
}

/**
 * Self size and count per "kind: name" (constructor for objects, "string", "(code)", ...). Backing
 * stores (property and element arrays, ArrayBuffer data, closures' contexts) are charged to the
 * object that holds them: "array: (object properties) ← ChangeTree".
 */
function groups(path: string): Map<string, Group> {
  const snap = JSON.parse(readFileSync(path, "utf8")) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]]; edge_fields: string[]; edge_types: [string[], ...unknown[]] } };
    nodes: number[];
    edges: number[];
    strings: string[];
  };
  const meta = snap.snapshot.meta;
  const fields = meta.node_fields;
  const types = meta.node_types[0];
  const width = fields.length;
  const fType = fields.indexOf("type");
  const fName = fields.indexOf("name");
  const fSize = fields.indexOf("self_size");
  const fEdges = fields.indexOf("edge_count");
  const edgeWidth = meta.edge_fields.length;
  const fTo = meta.edge_fields.indexOf("to_node");
  const fEdgeType = meta.edge_fields.indexOf("type");
  const weak = meta.edge_types[0].indexOf("weak");
  const nodeCount = snap.nodes.length / width;
  const typeOf = (n: number) => types[snap.nodes[n * width + fType] as number] ?? "?";
  const nameOf = (n: number) => snap.strings[snap.nodes[n * width + fName] as number] ?? "";
  // First (non-weak) retainer of every node that is an object, for attributing backing stores.
  const owner = new Int32Array(nodeCount).fill(-1);
  let edge = 0;
  for (let n = 0; n < nodeCount; n++) {
    const count = snap.nodes[n * width + fEdges] as number;
    const ownerIsObject = typeOf(n) === "object" || typeOf(n) === "closure";
    for (let e = 0; e < count; e++, edge += edgeWidth) {
      if (!ownerIsObject || snap.edges[edge + fEdgeType] === weak) continue;
      const to = (snap.edges[edge + fTo] as number) / width;
      if (owner[to] === -1) owner[to] = n;
    }
  }
  const backing = new Set(["array", "hidden", "native", "code"]);
  const out = new Map<string, Group>();
  for (let n = 0; n < nodeCount; n++) {
    const type = typeOf(n);
    const rawName = nameOf(n);
    const name = type === "string" || type === "concatenated string" || type === "sliced string" || type === "number" ? "" : rawName.slice(0, 60);
    const o = owner[n] as number;
    const by = backing.has(type) && o >= 0 ? ` ← ${typeOf(o) === "closure" ? "closure " : ""}${nameOf(o).slice(0, 40)}` : "";
    const key = `${type}: ${name}${by}`;
    const g = out.get(key) ?? { count: 0, size: 0 };
    g.count += 1;
    g.size += snap.nodes[n * width + fSize] as number;
    out.set(key, g);
  }
  return out;
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
  const before = groups(midSnapshot);
  const after = groups(fullSnapshot);
  const rows: { key: string; size: number; count: number }[] = [];
  for (const [key, g] of after) {
    const b = before.get(key) ?? { count: 0, size: 0 };
    rows.push({ key, size: (g.size - b.size) / added, count: (g.count - b.count) / added });
  }
  rows.sort((a, b) => b.size - a.size);
  const total = rows.reduce((s, r) => s + r.size, 0);
  console.log(`\nsnapshot diff ${halfTables} → ${tableCount} tables, per table (self sizes; total ${fmtBytes(total)} per table)`);
  console.log("| kind: name | bytes per table | objects per table |");
  console.log("| --- | --- | --- |");
  for (const r of rows.slice(0, top)) console.log(`| ${r.key} | ${fmtBytes(r.size)} | ${r.count.toFixed(1)} |`);
  if (keepSnapshots) console.log(`\nsnapshots kept: ${midSnapshot} and ${fullSnapshot}`);
  else rmSync(snapshotDir, { recursive: true, force: true });
}

await pool(rooms, 50, async (room) => {
  await room.leave(true).catch(() => {});
});
await server.stop();
process.exit(0);
