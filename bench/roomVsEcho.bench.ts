/**
 * The room's CPU per action next to a raw `ws` echo sending THE SAME frames (issue 10), in one
 * run, interleaved: Diwan, echo, Diwan, echo, …
 *
 * - Diwan: a production-mode server child at the capacity shape — quick Baloot tables of 4
 *   scripted human players (bench/lib/player.ts) acting at `--pace` — PGlite in memory unless
 *   `--database-url` points at Postgres. Every frame the players receive is counted by kind
 *   (patch, ack, events, …) to measure the frames and bytes of one action.
 * - Echo: bench/lib/echo.child.ts configured with what the preceding Diwan round measured (an
 *   ack of the mean ack size to the sender, and to every member of the table the same number
 *   and sizes of frames per action), with the same tables, members and pace.
 *
 * Prints, per round and in total: actions, server CPU per action (all-in: the whole server
 * process during the window, divided by acknowledged actions; of it, the kernel's share and the
 * threads' other than the main one: V8's compiler and GC helpers, libuv's pool), the room/echo
 * ratio, frames and bytes per action per client, latencies and the load average.
 *
 *   npm run bench:room-vs-echo -- --tables 50 --pace 1s --duration 20s --rounds 2
 *   (--database-url postgres://… ; --warmup 5s (up to 10m: the room's compiler share does not
 *    fade within minutes, docs/OPERATIONS.md "Node flags") ; --json prints a RESULT line;
 *    --profile /tmp/rve writes a CPU profile of each Diwan round's window: /tmp/rve-1.cpuprofile, …;
 *    --heap-profile /tmp/rve the same for allocations (/tmp/rve-1.heapprofile; with
 *    BENCH_HEAP_PROFILE_SURVIVORS=1 only what outlived a young-generation collection);
 *    --baseline-dist /tmp/out-main runs that compiled build at the same time as the current code
 *    in every round, with its own players, and prints both;
 *    --node-args="--flag …" / --baseline-node-args="…" add Node/V8 flags to the current code's
 *    server / the baseline's, after `npm start`'s: with --baseline-dist naming the same build,
 *    an A/B of a flag in the same windows)
 */
import "../src/platform/polyfills.js";
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { EchoTable, type EchoRun } from "./lib/echoTable.js";
import { Population } from "../scripts/loadtest/population.js";
import { boolFlag, durationFlag, intFlag, parseFlags, stringFlag } from "./lib/args.js";
import { startChild, startDiwanChild, type ServerChild } from "./lib/child.js";
import type { ChildStats } from "./lib/childStats.js";
import { BenchUsers, benchSecret } from "./lib/clients.js";
import { RunStats, type FrameCount } from "./lib/player.js";
import { Latencies, fmt, pool, printTable, sleep, type LatencySummary } from "./lib/stats.js";

const flags = parseFlags();
const tables = intFlag(flags, "tables", 50, 1, 2000);
const perTable = 4;
const paceMs = Math.max(100, durationFlag(flags, "pace", 1000));
const jitterMs = durationFlag(flags, "jitter", Math.round(paceMs / 4));
const durationMs = durationFlag(flags, "duration", 20_000, 5 * 60_000);
const warmupMs = durationFlag(flags, "warmup", 5000, 10 * 60_000);
const rounds = intFlag(flags, "rounds", 2, 1, 10);
const databaseUrl = stringFlag(flags, "database-url", "");
const json = boolFlag(flags, "json");
/** Prefix of the CPU profiles of the Diwan windows (`<prefix>-<round>.cpuprofile`); none when empty. */
const profilePrefix = stringFlag(flags, "profile", "");
/**
 * A compiled build to measure side by side with the current code (e.g. main's, in /tmp/out-main):
 * both servers run at the same time in each round, so both see the same load on a shared machine.
 */
const baselineDist = stringFlag(flags, "baseline-dist", "");
/** Prefix of the allocation profiles of the Diwan windows (`<prefix>-<round>.heapprofile`); none when empty. */
const heapProfilePrefix = stringFlag(flags, "heap-profile", "");
/** Node/V8 flags of the current code's server child, and of the baseline's (an A/B of flags on one build). */
const nodeArgs = stringFlag(flags, "node-args", "").split(" ").filter(Boolean);
const baselineNodeArgs = stringFlag(flags, "baseline-node-args", "").split(" ").filter(Boolean);

const hardStop = setTimeout(
  () => {
    console.error("bench:room-vs-echo: hard time limit reached; exiting");
    process.exit(2);
  },
  rounds * (2 * (durationMs + warmupMs) + 240_000),
);
hardStop.unref();

/** The per-action frame pattern one Diwan round measured (per client = per member of a table). */
interface FramePattern {
  /** Frames and bytes one client receives per action, by kind (ack counted for the actor only). */
  perClient: Map<string, FrameCount>;
  framesPerClient: number;
  bytesPerClient: number;
  ackBytes: number;
  /** Echo configuration: the frames the actor gets besides its ack, and those every other member gets (bytes). */
  senderSizes: number[];
  otherSizes: number[];
}

interface RoundResult {
  actions: number;
  cpuUs: number;
  /** Of cpuUs, the threads other than the main one (V8's compiler and GC helpers, libuv's pool); NaN when unknown. */
  offMainUs: number;
  cpuPerActionUs: number;
  latency: LatencySummary;
  load: number;
}

/** CPU of the threads other than the main one between two stats readings (NaN when unknown). */
function offMainUs(before: ChildStats, after: ChildStats): number {
  return before.cpuOffMainUs === null || after.cpuOffMainUs === null ? Number.NaN : after.cpuOffMainUs - before.cpuOffMainUs;
}

/** " …, N off the main thread" for a round's line, when known. */
function offMainNote(offUs: number, actions: number): string {
  return Number.isNaN(offUs) ? "" : `, ${fmt(offUs / Math.max(1, actions))} off the main thread`;
}

function patternOf(byKind: Map<string, FrameCount>, actions: number): FramePattern {
  const clients = actions * perTable;
  const perClient = new Map<string, FrameCount>();
  let frames = 0;
  let bytes = 0;
  const senderSizes: number[] = [];
  const otherSizes: number[] = [];
  let ackBytes = 40;
  for (const [kind, c] of [...byKind].sort((a, b) => b[1].frames - a[1].frames)) {
    perClient.set(kind, { frames: c.frames / clients, bytes: c.bytes / clients });
    frames += c.frames;
    bytes += c.bytes;
    const mean = c.bytes / Math.max(1, c.frames);
    if (kind === "ack") {
      ackBytes = Math.max(4, Math.round(mean));
      continue;
    }
    // Frames of this kind per action over the table: whole rounds go to every member; what is
    // left goes to the others (3 of 4: e.g. events not sent to the actor) or to the actor alone.
    const size = Math.max(1, Math.round(mean));
    const perAction = Math.round((c.frames / actions) * 2) / 2;
    const rounds = Math.floor(perAction / perTable);
    const rest = perAction - rounds * perTable;
    for (let i = 0; i < rounds; i++) {
      senderSizes.push(size);
      otherSizes.push(size);
    }
    if (rest >= perTable - 1.5) otherSizes.push(size);
    else if (rest >= 0.5) senderSizes.push(size);
  }
  return { perClient, framesPerClient: frames / clients, bytesPerClient: bytes / clients, ackBytes, senderSizes, otherSizes };
}

/** One Diwan server child with its players, measured over the same window as the others of its round. */
interface DiwanRun {
  label: string;
  server: ServerChild;
  population: Population;
  stats: RunStats;
}

async function startDiwan(label: string, dist: string | undefined, args: readonly string[]): Promise<DiwanRun> {
  const secret = benchSecret();
  const server = await startDiwanChild({
    databaseUrl,
    secret,
    tables,
    nodeArgs: args,
    // Long turns: nobody times out; a partial quick table waits for humans, not bots.
    env: { TURN_TIMEOUT_S: "120", TURN_WARNING_S: "10", BOT_FILL_WAIT_S: "600", ...(dist ? { BENCH_SERVER_DIST: dist } : {}) },
  }, 120_000);
  const stats = new RunStats();
  const population = new Population({ url: server.url, users: new BenchUsers(secret, `rve${label}`), mode: "quick", paceMs, jitterMs, stats });
  await population.ramp(tables * perTable, 200, 20, 120_000);
  if (population.joinFailures) console.error(`${label}: ${population.joinFailures} joins failed: ${JSON.stringify([...population.joinErrors])}`);
  return { label, server, population, stats };
}

/**
 * A Diwan round: the current server code, and with `--baseline-dist` the baseline build at the
 * same time (its own child and players, the same window), so both see the same machine load.
 */
async function diwanRound(round: number): Promise<(RoundResult & { pattern: FramePattern })[]> {
  const runs = await Promise.all([startDiwan("diwan", undefined, nodeArgs), ...(baselineDist ? [startDiwan("baseline", baselineDist, baselineNodeArgs)] : [])]);
  await sleep(warmupMs);
  const profilePath = profilePrefix ? `${profilePrefix}-${round}.cpuprofile` : "";
  const heapProfilePath = heapProfilePrefix ? `${heapProfilePrefix}-${round}.heapprofile` : "";
  for (const r of runs) {
    r.stats.resetWindow();
    r.stats.recording = true;
  }
  const before = await Promise.all(
    runs.map((r, i) =>
      r.server.stats({
        resetLoop: true,
        ...(profilePath && i === 0 ? { profile: "start" } : {}),
        ...(heapProfilePath && i === 0 ? { heapProfile: "start" } : {}),
      }),
    ),
  );
  const t0 = performance.now();
  await sleep(durationMs);
  for (const r of runs) r.stats.recording = false;
  const after = await Promise.all(
    runs.map((r, i) =>
      r.server.stats({
        ...(profilePath && i === 0 ? { profile: "stop", profilePath } : {}),
        ...(heapProfilePath && i === 0 ? { heapProfile: "stop", heapProfilePath } : {}),
      }),
    ),
  );
  const elapsedS = (performance.now() - t0) / 1000;
  const load = loadavg()[0] ?? Number.NaN;
  if (profilePath) console.log(`  diwan: CPU profile of the window in ${profilePath} (the profiler's own cost is in this round's figure)`);
  if (heapProfilePath) console.log(`  diwan: allocation profile of the window in ${heapProfilePath}`);
  await Promise.all(runs.map(async (r) => {
    await r.population.leaveAll();
    await r.server.stop(5000);
  }));
  return runs.map(({ label, stats }, i) => {
    const b = before[i] as ChildStats;
    const a = after[i] as ChildStats;
    const cpuUs = a.cpuUserUs + a.cpuSystemUs - (b.cpuUserUs + b.cpuSystemUs);
    const actions = stats.acked;
    if (stats.rejectedTotal() || stats.ackTimeouts || stats.lostRooms) {
      console.error(`${label}: ${stats.rejectedTotal()} rejected, ${stats.ackTimeouts} ack timeouts, ${stats.lostRooms} rooms lost`);
    }
    const systemUs = a.cpuSystemUs - b.cpuSystemUs;
    const offUs = offMainUs(b, a);
    console.log(
      `  ${label}: ${actions} actions in ${fmt(elapsedS)} s, ${fmt(cpuUs / Math.max(1, actions))} µs CPU per action ` +
        `(${fmt(systemUs / Math.max(1, actions))} of it in the kernel${offMainNote(offUs, actions)}), load ${fmt(load, 2)}`,
    );
    return { actions, cpuUs, offMainUs: offUs, cpuPerActionUs: cpuUs / Math.max(1, actions), latency: stats.latencies.summary(), load, pattern: patternOf(stats.byKind, Math.max(1, actions)) };
  });
}

async function echoRound(pattern: FramePattern): Promise<RoundResult> {
  const server = await startChild(new URL("./lib/echo.child.ts", import.meta.url), {
    ECHO_ACK_BYTES: String(pattern.ackBytes),
    ECHO_SENDER_SIZES: pattern.senderSizes.join(","),
    ECHO_OTHER_SIZES: pattern.otherSizes.join(","),
  });
  const latencies = new Latencies();
  let recording = false;
  let running = true;
  let acked = 0;
  let nextId = 1;
  const inBytes = 64;

  const run: EchoRun = {
    url: server.url.replace("http", "ws"),
    perTable,
    paceMs,
    jitterMs,
    inBytes,
    ackBytes: pattern.ackBytes,
    running: () => running,
    nextId: () => nextId++,
    onAck: (ms) => {
      if (!recording) return;
      latencies.add(ms);
      acked += 1;
    },
  };
  const all = Array.from({ length: tables }, (_, i) => new EchoTable(i, run));
  await pool(all, 20, (t) => t.connect());
  for (const t of all) t.schedule();
  await sleep(warmupMs);
  recording = true;
  const before = await server.stats({ resetLoop: true });
  const t0 = performance.now();
  await sleep(durationMs);
  recording = false;
  const after = await server.stats();
  const elapsedS = (performance.now() - t0) / 1000;
  const load = loadavg()[0] ?? Number.NaN;
  running = false;
  for (const t of all) for (const ws of t.sockets) ws.terminate();
  await server.stop(3000);
  const cpuUs = after.cpuUserUs + after.cpuSystemUs - (before.cpuUserUs + before.cpuSystemUs);
  const systemUs = after.cpuSystemUs - before.cpuSystemUs;
  const offUs = offMainUs(before, after);
  console.log(
    `  echo:  ${acked} actions in ${fmt(elapsedS)} s, ${fmt(cpuUs / Math.max(1, acked))} µs CPU per action ` +
      `(${fmt(systemUs / Math.max(1, acked))} of it in the kernel${offMainNote(offUs, acked)}), load ${fmt(load, 2)}`,
  );
  return { actions: acked, cpuUs, offMainUs: offUs, cpuPerActionUs: cpuUs / Math.max(1, acked), latency: latencies.summary(), load };
}

console.log(
  `bench:room-vs-echo — ${tables} quick tables × ${perTable} scripted humans, pace ${paceMs} ms (+0..${jitterMs}), ` +
    `${rounds} × (Diwan, echo), windows of ${durationMs / 1000} s after ${warmupMs / 1000} s warm-up; ` +
    `${databaseUrl ? "Postgres" : "embedded PGlite in memory"}`,
);
const diwan: (RoundResult & { pattern: FramePattern })[] = [];
const baseline: RoundResult[] = [];
const echo: RoundResult[] = [];
for (let r = 1; r <= rounds; r++) {
  console.log(`round ${r}/${rounds}`);
  const [d, b] = await diwanRound(r);
  diwan.push(d as RoundResult & { pattern: FramePattern });
  if (b) baseline.push(b);
  echo.push(await echoRound((d as { pattern: FramePattern }).pattern));
}

const total = (rs: RoundResult[]) => rs.reduce((s, r) => s + r.cpuUs, 0) / Math.max(1, rs.reduce((s, r) => s + r.actions, 0));
const offMain = (rs: RoundResult[]) => rs.reduce((s, r) => s + r.offMainUs, 0) / Math.max(1, rs.reduce((s, r) => s + r.actions, 0));
const roomUs = total(diwan);
const echoUs = total(echo);
const baselineUs = baseline.length ? total(baseline) : Number.NaN;
const last = (diwan[diwan.length - 1] as { pattern: FramePattern }).pattern;
const kinds = [...last.perClient].map(([k, c]) => `${k} ${fmt(c.frames, 2)} × ${fmt(c.bytes / Math.max(1e-9, c.frames), 0)} B`).join(", ");
const rows: [string, string][] = [
  ["shape", `${tables} quick tables × ${perTable} humans, pace ${paceMs} ms (+0..${jitterMs}), ${databaseUrl ? "Postgres" : "PGlite in memory"}`],
  ["frames / bytes per action per client (Diwan)", `${fmt(last.framesPerClient, 2)} / ${fmt(last.bytesPerClient, 0)} B`],
  ["frames per action per client, by kind", kinds],
  [
    "echo configuration (frames per action)",
    `${1 + last.senderSizes.length + (perTable - 1) * last.otherSizes.length}: the actor ack ${last.ackBytes} B${last.senderSizes.map((b) => ` + ${b} B`).join("")}; ` +
      `each other member ${last.otherSizes.map((b) => `${b} B`).join(" + ") || "nothing"}`,
  ],
  ...diwan.map((d, i): [string, string] => {
    const e = echo[i] as RoundResult;
    return [
      `round ${i + 1}: room / echo CPU per action (load)`,
      `${fmt(d.cpuPerActionUs)} µs (${fmt(d.load, 2)}) / ${fmt(e.cpuPerActionUs)} µs (${fmt(e.load, 2)}) → ${fmt(d.cpuPerActionUs / e.cpuPerActionUs, 2)}×`,
    ];
  }),
  ["all rounds: room / echo CPU per action", `${fmt(roomUs)} µs / ${fmt(echoUs)} µs`],
  ["ratio room / echo", `${fmt(roomUs / echoUs, 2)}×`],
  [
    // Mostly V8's optimising compiler: at 100 tables the room's many per-action functions run
    // ≈ 90 times a second and Node 20 first optimises them 10–30 s into a run; the echo's few
    // functions run 8× per action and are optimised within seconds.
    "of which off the main thread (V8 compiler/GC threads, libuv pool), room / echo",
    `${fmt(offMain(diwan))} µs / ${fmt(offMain(echo))} µs per action`,
  ],
  ...(baseline.length
    ? ([
        ...baseline.map((b, i): [string, string] => [
          `round ${i + 1}: room / baseline (same window)`,
          `${fmt((diwan[i] as RoundResult).cpuPerActionUs)} / ${fmt(b.cpuPerActionUs)} µs → ${fmt((diwan[i] as RoundResult).cpuPerActionUs / b.cpuPerActionUs, 3)}×`,
        ]),
        ["all rounds: baseline CPU per action; ratio baseline / echo", `${fmt(baselineUs)} µs; ${fmt(baselineUs / echoUs, 2)}× (${baselineDist})`],
        ["room / baseline", `${fmt(roomUs / baselineUs, 3)}×`],
      ] satisfies [string, string][])
    : []),
  ["actions measured room / echo", `${diwan.reduce((s, r) => s + r.actions, 0)} / ${echo.reduce((s, r) => s + r.actions, 0)}`],
  ["room action→ack p50 / p99 (last round)", `${fmt(diwan[diwan.length - 1]?.latency.p50 ?? NaN, 2)} / ${fmt(diwan[diwan.length - 1]?.latency.p99 ?? NaN, 2)} ms`],
  ["echo send→ack p50 / p99 (last round)", `${fmt(echo[echo.length - 1]?.latency.p50 ?? NaN, 2)} / ${fmt(echo[echo.length - 1]?.latency.p99 ?? NaN, 2)} ms`],
];
printTable("bench:room-vs-echo (server children; 2 shared cores — compare rounds of one run only)", rows);
if (json) {
  console.log(
    `RESULT ${JSON.stringify({
      tables,
      paceMs,
      database: databaseUrl ? "postgres" : "pglite",
      roomUs,
      echoUs,
      ratio: roomUs / echoUs,
      roomOffMainUs: offMain(diwan),
      echoOffMainUs: offMain(echo),
      framesPerClient: last.framesPerClient,
      bytesPerClient: last.bytesPerClient,
      perClient: Object.fromEntries(last.perClient),
      ...(baseline.length ? { baselineUs, baselineRatio: baselineUs / echoUs } : {}),
      rounds: diwan.map((d, i) => ({ room: d.cpuPerActionUs, roomLoad: d.load, baseline: baseline[i]?.cpuPerActionUs, echo: echo[i]?.cpuPerActionUs, echoLoad: echo[i]?.load })),
    })}`,
  );
}
process.exit(0);
