/**
 * Raw `ws` echo baseline for "room cost per action vs raw ws echo": the same number of
 * connections, grouped in tables, taking turns at the same pace, each action answered by an
 * ack to the sender plus the same number/size of frames to every member of the table as a
 * Diwan table sends (defaults as measured before issue 10: ~9 frames, ~700 B per action for 4
 * players; `npm run bench:room-vs-echo` measures the current mix and replays it, next to the
 * room, in one run). Server in a child process; its CPU comes from process.cpuUsage().
 *
 *   npm run bench:ws-echo -- --tables 1250 --clients-per-table 4 --pace 2s --duration 30s
 *   (--in-bytes 48 --ack-bytes 40 --fanout-bytes 84 --fanout-frames 2; --fanout-frames 0 = pure echo)
 */
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { durationFlag, intFlag, parseFlags, boolFlag } from "./lib/args.js";
import { startChild } from "./lib/child.js";
import { EchoTable, type EchoRun } from "./lib/echoTable.js";
import { Latencies, LoopMonitor, fmt, fmtBytes, pool, printTable, sleep } from "./lib/stats.js";

const flags = parseFlags();
const tables = intFlag(flags, "tables", 200, 1, 5000);
const perTable = intFlag(flags, "clients-per-table", 4, 1, 16);
const paceMs = Math.max(50, durationFlag(flags, "pace", 2000));
const jitterMs = durationFlag(flags, "jitter", Math.round(paceMs / 4));
const durationMs = durationFlag(flags, "duration", 30_000, 10 * 60_000);
const warmupMs = durationFlag(flags, "warmup", 3000, 60_000);
const idleMs = durationFlag(flags, "idle", 5000, 60_000);
const inBytes = intFlag(flags, "in-bytes", 48, 4, 65_536);
const ackBytes = intFlag(flags, "ack-bytes", 40, 4, 65_536);
const fanoutBytes = intFlag(flags, "fanout-bytes", 84, 1, 65_536);
const fanoutFrames = intFlag(flags, "fanout-frames", 2, 0, 16);
const json = boolFlag(flags, "json");

setTimeout(() => {
  console.error("bench:ws-echo: hard time limit reached; exiting");
  process.exit(2);
}, durationMs + warmupMs + 180_000).unref();

const server = await startChild(new URL("./lib/echo.child.ts", import.meta.url), {
  ECHO_ACK_BYTES: String(ackBytes),
  ECHO_FANOUT_BYTES: String(fanoutBytes),
  ECHO_FANOUT_FRAMES: String(fanoutFrames),
});
console.log(
  `bench:ws-echo — ${tables} tables × ${perTable} connections, pace ${paceMs} ms (+0..${jitterMs}), in ${inBytes} B, ack ${ackBytes} B, ` +
    `${fanoutFrames} × ${fanoutBytes} B to each member; server child pid ${server.pid}`,
);

const latencies = new Latencies();
let recording = false;
let acked = 0;
let bytesIn = 0;
let framesIn = 0;
let running = true;
let nextId = 1;

const echoRun: EchoRun = {
  url: server.url.replace("http", "ws"),
  perTable,
  paceMs,
  jitterMs,
  inBytes,
  ackBytes,
  running: () => running,
  nextId: () => nextId++,
  onFrame: (bytes) => {
    if (!recording) return;
    bytesIn += bytes;
    framesIn += 1;
  },
  onAck: (ms) => {
    if (!recording) return;
    latencies.add(ms);
    acked += 1;
  },
};

const loop = new LoopMonitor();
loop.start();
const all = Array.from({ length: tables }, (_, i) => new EchoTable(i, echoRun));
const rampStarted = Date.now();
await pool(all, 50, (t) => t.connect());
console.log(`${tables * perTable} connections open in ${Date.now() - rampStarted} ms; warming up ${warmupMs / 1000} s`);
// Idle window: connections open, nobody sending (fixed cost of the connections).
let idleCpuUsPerS = Number.NaN;
if (idleMs > 0) {
  const i0 = await server.stats();
  await sleep(idleMs);
  const i1 = await server.stats();
  idleCpuUsPerS = (i1.cpuUserUs + i1.cpuSystemUs - (i0.cpuUserUs + i0.cpuSystemUs)) / (idleMs / 1000);
}
for (const t of all) t.schedule();
await sleep(warmupMs);
const loaded = await server.stats({ gc: true });

recording = true;
loop.reset();
const before = await server.stats({ resetLoop: true });
const t0 = performance.now();
await sleep(durationMs);
recording = false;
const after = await server.stats();
const elapsedS = (performance.now() - t0) / 1000;
const client = loop.read();
running = false;

const cpuUs = after.cpuUserUs + after.cpuSystemUs - (before.cpuUserUs + before.cpuSystemUs);
const lat = latencies.summary();
const rows: [string, string][] = [
  ["connections / tables", `${tables * perTable} / ${tables}`],
  ["pace; frame sizes", `${paceMs} ms (+0..${jitterMs}); in ${inBytes} B, ack ${ackBytes} B, ${fanoutFrames}×${fanoutBytes} B per member`],
  ["measured window", `${fmt(elapsedS)} s`],
  ["messages acked", String(acked)],
  ["messages/s", fmt(acked / elapsedS)],
  ["send→ack p50 / p90 / p99 / max", `${fmt(lat.p50, 2)} / ${fmt(lat.p90, 2)} / ${fmt(lat.p99, 2)} / ${fmt(lat.max, 2)} ms`],
  ["server CPU (of one core)", `${fmt((cpuUs / 1e6 / elapsedS) * 100)} %`],
  ["server CPU idle (connected, nobody sending)", `${fmt(idleCpuUsPerS / 1e4)} % of one core`],
  ["server CPU per message (all-in)", `${fmt(cpuUs / Math.max(1, acked))} µs`],
  ["server CPU per message above idle", `${fmt((cpuUs - idleCpuUsPerS * elapsedS) / Math.max(1, acked))} µs`],
  ["machine load average (1 min, 2 cores)", fmt(loadavg()[0] ?? Number.NaN, 2)],
  ["server heap / RSS", `${fmtBytes(loaded.heapUsed)} / ${fmtBytes(loaded.rss)}`],
  ["server loop delay p99 / max, utilisation", `${fmt(after.loopDelayP99Ms)} / ${fmt(after.loopDelayMaxMs)} ms, ${fmt(after.loopUtilisation * 100)} %`],
  ["client loop delay p99 / max, utilisation", `${fmt(client.delayP99Ms)} / ${fmt(client.delayMaxMs)} ms, ${fmt(client.utilisation * 100)} %`],
  ["bytes / frames received per message", `${fmtBytes(bytesIn / Math.max(1, acked))} / ${fmt(framesIn / Math.max(1, acked))}`],
];
printTable("bench:ws-echo summary (server in a child process; 2 shared cores)", rows);
if (json) {
  console.log(`RESULT ${JSON.stringify({ tables, perTable, paceMs, elapsedS, acked, perS: acked / elapsedS, latency: lat, cpuUs, cpuPerMessageUs: cpuUs / Math.max(1, acked), idleCpuUsPerS, marginalUs: (cpuUs - idleCpuUsPerS * elapsedS) / Math.max(1, acked), loadavg: loadavg(), serverLoop: after, clientLoop: client })}`);
}
for (const t of all) for (const ws of t.sockets) ws.terminate();
await server.stop(3000);
process.exit(0);
