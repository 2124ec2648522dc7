/**
 * Capacity load test against a running Diwan server (e.g. `npm start`): many SDK clients in
 * quick-match tables (4 humans per table by default) playing at human pace, measuring
 * action→ack latency, errors and disconnects, and sampling the SERVER's CPU and RSS
 * (/proc/<pid> when --pid is given, else GET /metrics).
 *
 *   npm run loadtest -- --url http://127.0.0.1:2567 --tables 5 --duration 30s
 *   JWT_SECRET=<the server's secret> npm run loadtest -- --url http://127.0.0.1:2567 \
 *     --tables 1250 --clients-per-table 4 --pace 2s --duration 60s [--pid <server pid>]
 *
 * Without a secret every virtual player is a guest of the server (POST /auth/guest; limited to
 * AUTH_RATE_LIMIT_PER_IP a minute per IP, waited out). With the server's JWT_SECRET tokens are
 * signed locally, which capacity runs of thousands of players need.
 *
 * Soak mode (--soak): waves of vs-bots tables that play, are left or abandoned (socket cut), and
 * must be closed by the server; prints the server's heap and RSS after each wave and the growth:
 *
 *   JWT_SECRET=<secret> npm run loadtest -- --soak --waves 5 --tables 100 --wave 60s --abandon 0.5
 * Every run is bounded: --duration (≤ 10 min), ramp time-out, a hard overall limit.
 */
import "../src/platform/polyfills.js";
import { loadavg } from "node:os";
import { boolFlag, durationFlag, intFlag, parseFlags, stringFlag } from "../bench/lib/args.js";
import { BenchUsers, GuestUsers, noReconnect, sdkClient } from "../bench/lib/clients.js";
import { RunStats, ScriptedPlayer } from "../bench/lib/player.js";
import { sampleMetrics, sampleProc, type ProcSample } from "../bench/lib/proc.js";
import { Latencies, LoopMonitor, fmt, fmtBytes, printTable, sleep } from "../bench/lib/stats.js";
import { runSoak } from "../bench/lib/soak.js";

const flags = parseFlags();
if (flags.has("help")) {
  console.log(`usage: npm run loadtest -- [--url http://127.0.0.1:2567] [--tables 100] [--clients-per-table 4]
  [--pace 2s] [--jitter 500ms] [--duration 60s] [--ramp-rate 100 joins/s] [--ramp-timeout 180s]
  [--idle 10s (0 = skip; < TURN_TIMEOUT_S)] [--mode quick|bots] [--pid <server pid>] [--metrics-token T] [--jwt-secret S | env JWT_SECRET] [--json]
  soak: --soak [--waves 5] [--tables 100 per wave] [--wave 60s of play] [--abandon 0.5 share cut without a close frame]
        [--settle-timeout 180s to wait for the server to close a wave's tables (covers RECONNECT_GRACE_S)]`);
  process.exit(0);
}
const url = stringFlag(flags, "url", "http://127.0.0.1:2567");
const tables = intFlag(flags, "tables", 100, 1, 5000);
const mode = stringFlag(flags, "mode", "quick");
if (mode !== "quick" && mode !== "bots") throw new Error("--mode must be quick or bots");
const perTable = mode === "bots" ? 1 : intFlag(flags, "clients-per-table", 4, 1, 4);
const paceMs = Math.max(60, durationFlag(flags, "pace", 2000));
const jitterMs = durationFlag(flags, "jitter", Math.round(paceMs / 4));
const durationMs = durationFlag(flags, "duration", 60_000, 10 * 60_000);
const idleMs = durationFlag(flags, "idle", 10_000, 25_000);
const rampRate = intFlag(flags, "ramp-rate", 100, 1, 2000);
const rampTimeoutMs = durationFlag(flags, "ramp-timeout", 180_000, 10 * 60_000);
const pid = flags.has("pid") ? intFlag(flags, "pid", 0, 1) : undefined;
const metricsToken = stringFlag(flags, "metrics-token") ?? process.env.METRICS_TOKEN;
const secret = stringFlag(flags, "jwt-secret") ?? process.env.JWT_SECRET;
const json = boolFlag(flags, "json");
const players = tables * perTable;
const soak = boolFlag(flags, "soak");
const waves = intFlag(flags, "waves", 5, 1, 20);
const waveMs = durationFlag(flags, "wave", 60_000, 10 * 60_000);
const abandonShare = Math.min(1, Math.max(0, Number(stringFlag(flags, "abandon", "0.5"))));
const settleTimeoutMs = durationFlag(flags, "settle-timeout", 180_000, 15 * 60_000);

// Hard bound on the whole run, whatever happens.
const hardLimitMs = soak ? waves * (waveMs + settleTimeoutMs + 30_000) + 60_000 : rampTimeoutMs + durationMs + 60_000;
setTimeout(() => {
  console.error(`loadtest: hard limit of ${hardLimitMs / 1000} s reached; exiting`);
  process.exit(2);
}, hardLimitMs).unref();

// A server just started may still be opening its database: give it a few seconds.
let health: unknown;
for (let attempt = 0; attempt < 15; attempt++) {
  health = await fetch(new URL("/health", url), { signal: AbortSignal.timeout(5000) }).catch((err: unknown) => err);
  if (health instanceof Response && health.ok) break;
  await sleep(1000);
}
if (!(health instanceof Response) || !health.ok) {
  console.error(`loadtest: ${url}/health does not answer: ${health instanceof Response ? health.status : String(health)}`);
  process.exit(1);
}

if (soak) {
  if (!secret) {
    // Soak waves create hundreds of players quickly; guest sign-up is rate-limited per address.
    console.error("loadtest: --soak needs the server's JWT secret (--jwt-secret or env JWT_SECRET)");
    process.exit(64);
  }
  await runSoak({ url, secret, metricsToken, waves, tablesPerWave: tables, waveMs, abandonShare, settleTimeoutMs, paceMs, json });
  process.exit(0);
}

interface ServerSample extends ProcSample {
  metrics?: Map<string, number>;
}
async function sampleServer(): Promise<ServerSample | null> {
  const metrics = await sampleMetrics(url, metricsToken).catch(() => null);
  const proc = pid !== undefined ? sampleProc(pid) : null;
  if (proc) return { ...proc, metrics: metrics?.metrics };
  return metrics;
}

console.log(
  `loadtest: ${players} players in ${tables} ${mode} tables (${perTable}/table) → ${url}; pace ${paceMs} ms (+0..${jitterMs}), ` +
    `window ${durationMs / 1000} s, ramp ${rampRate} joins/s; server CPU/RSS from ${pid !== undefined ? `/proc/${pid}` : "/metrics"}`,
);

const stats = new RunStats();
// No secret: real guests of the server under test (slower to create, but needs nothing shared).
const users = secret ? new BenchUsers(secret, "load") : new GuestUsers(url, "load");
if (!secret) console.log("loadtest: no JWT secret given: each player is a guest from POST /auth/guest");
const live = new Set<ScriptedPlayer>();
const joinLatency = new Latencies();
const joinErrors = new Map<string, number>();
const joinRetries = new Map<string, number>();
let running = true;
let rejoins = 0;

async function joinOne(): Promise<void> {
  const user = await users.next();
  const client = sdkClient(url, user.token);
  const started = performance.now();
  let room;
  for (let attempt = 1; ; attempt++) {
    try {
      room = mode === "bots" ? await client.create("baloot", { mode: "bots" }) : await client.joinOrCreate("baloot", { mode: "quick" });
      break;
    } catch (err) {
      // The matchmaker may hand a seat in a quick table that filled and started meanwhile
      // (ALREADY_STARTED / TABLE_FULL): a real client queues again, so do we, and count it.
      const code = /^(ALREADY_STARTED|TABLE_FULL)/.exec(err instanceof Error ? err.message : "")?.[1];
      if (!code || attempt >= 10 || !running) throw err;
      joinRetries.set(code, (joinRetries.get(code) ?? 0) + 1);
      await sleep(20 + Math.random() * 100 * attempt);
    }
  }
  joinLatency.add(performance.now() - started);
  noReconnect(room);
  const player = new ScriptedPlayer(room, user.id, stats, {
    paceMs,
    jitterMs,
    minGapMs: 60,
    ackTimeoutMs: 10_000,
    countApplied: false,
    // A finished match: leave and queue again, like a real player (keeps the population steady).
    onFinished: (p) => {
      live.delete(p);
      void p.stop();
      if (running) {
        rejoins += 1;
        void joinOne().catch(countJoinError);
      }
    },
    onLost: (p) => live.delete(p),
  });
  live.add(player);
}

function countJoinError(err: unknown): void {
  const text = err instanceof Error ? err.message : String(err);
  const key = text.slice(0, 80);
  joinErrors.set(key, (joinErrors.get(key) ?? 0) + 1);
}

const loop = new LoopMonitor();
loop.start();
const idle = await sampleServer();

// Ramp: a steady join rate with a bound on joins in flight.
const rampStarted = Date.now();
let started = 0;
let inFlight = 0;
const maxInFlight = Math.max(10, rampRate);
await new Promise<void>((resolve) => {
  const tickMs = 50;
  const perTick = rampRate * (tickMs / 1000);
  let budget = 0;
  const timer = setInterval(() => {
    budget += perTick;
    while (budget >= 1 && started < players && inFlight < maxInFlight) {
      budget -= 1;
      started += 1;
      inFlight += 1;
      void joinOne()
        .catch(countJoinError)
        .finally(() => {
          inFlight -= 1;
        });
    }
    if ((started >= players && inFlight === 0) || Date.now() - rampStarted > rampTimeoutMs) {
      clearInterval(timer);
      resolve();
    }
  }, tickMs);
});
const rampMs = Date.now() - rampStarted;
const joinSummary = joinLatency.summary();
let joinFailures = 0;
for (const v of joinErrors.values()) joinFailures += v;
console.log(
  `ramp: ${live.size}/${players} players joined in ${fmt(rampMs / 1000)} s (${joinFailures} failed); ` +
    `join p50 ${fmt(joinSummary.p50)} ms p99 ${fmt(joinSummary.p99)} ms`,
);
// Let the last tables start (a partial quick table waits BOT_FILL_WAIT_S for bots) and settle.
await sleep(Math.min(15_000, paceMs * 2 + 2000));
const loaded = await sampleServer();

// Idle window: everyone connected and seated, nobody acting. Its CPU is the fixed cost of the
// connected tables (patch ticks, keep-alive, timers); the active window's excess is per action.
let idleCpuRate = Number.NaN;
if (idleMs > 0) {
  stats.paused = true;
  await sleep(Math.min(3000, paceMs + 1000)); // in-flight actions finish
  const i0 = await sampleServer();
  await sleep(idleMs);
  const i1 = await sampleServer();
  if (i0 && i1) idleCpuRate = (i1.cpuSeconds - i0.cpuSeconds) / ((i1.at - i0.at) / 1000);
  console.log(`idle: ${live.size} players seated, nobody acting: server CPU ${fmt(idleCpuRate * 100)} % of one core`);
  stats.paused = false;
  // Resume spread over one pace so tables do not act in lock-step after the pause.
  for (const p of live) setTimeout(() => p.poke(), Math.random() * paceMs);
}

stats.resetWindow();
stats.recording = true;
loop.reset();
const first = await sampleServer();
const samples: ServerSample[] = first ? [first] : [];
const t0 = performance.now();
const progress = setInterval(() => {
  void sampleServer().then((s) => {
    if (!s) return;
    const prev = samples[samples.length - 1];
    samples.push(s);
    const cpu = prev ? ((s.cpuSeconds - prev.cpuSeconds) / ((s.at - prev.at) / 1000)) * 100 : Number.NaN;
    const l = stats.latencies.summary();
    console.log(
      `  t=${fmt((performance.now() - t0) / 1000, 0)}s players=${live.size} acks=${stats.acked} p50=${fmt(l.p50)}ms p99=${fmt(l.p99)}ms ` +
        `server cpu=${fmt(cpu)}% rss=${fmtBytes(s.rssBytes)} drops=${stats.drops} lost=${stats.lostRooms}`,
    );
  });
}, 5000);
await sleep(durationMs);
clearInterval(progress);
stats.recording = false;
const last = await sampleServer();
const elapsedS = (performance.now() - t0) / 1000;
const client = loop.read();
running = false;
if (last) samples.push(last);

const lat = stats.latencies.summary();
const cpuS = first && last ? last.cpuSeconds - first.cpuSeconds : Number.NaN;
const windowS = first && last ? (last.at - first.at) / 1000 : elapsedS;
let peakCpu = 0;
for (let i = 1; i < samples.length; i++) {
  const a = samples[i - 1] as ServerSample;
  const b = samples[i] as ServerSample;
  if (b.at > a.at) peakCpu = Math.max(peakCpu, ((b.cpuSeconds - a.cpuSeconds) / ((b.at - a.at) / 1000)) * 100);
}
const marginalUs = ((cpuS - idleCpuRate * windowS) * 1e6) / Math.max(1, stats.acked);
const peakRss = Math.max(...samples.map((s) => s.rssBytes));
const m0 = first?.metrics;
const m1 = last?.metrics;
const metricDelta = (name: string) => (m0 && m1 ? (m1.get(name) ?? 0) - (m0.get(name) ?? 0) : Number.NaN);
const serverActions = metricDelta("diwan_game_actions_total");
const serverLagP99 = m1?.get("nodejs_eventloop_lag_p99_seconds");
const serverLagMax = m1?.get("nodejs_eventloop_lag_max_seconds");

const rows: [string, string][] = [
  ["players / tables", `${live.size} connected at the end / ${tables} ${mode} tables (${perTable} clients each)`],
  ["pace", `${paceMs} ms (+0..${jitterMs}) per action on the player's turn`],
  ["ramp", `${fmt(rampMs / 1000)} s at ${rampRate} joins/s; join p50/p99 ${fmt(joinSummary.p50)}/${fmt(joinSummary.p99)} ms; ${joinFailures} failed; ${rejoins} re-queued after a match`],
  ["measured window", `${fmt(elapsedS)} s`],
  ["actions sent / acked", `${stats.sent} / ${stats.acked} (${stats.ok} ok, ${stats.rejectedTotal()} rejected, ${stats.ackTimeouts} ack timeouts)`],
  ["actions/s (acked)", fmt(stats.acked / elapsedS)],
  ["action→ack p50 / p90 / p99 / p99.9 / max", `${fmt(lat.p50, 2)} / ${fmt(lat.p90, 2)} / ${fmt(lat.p99, 2)} / ${fmt(lat.p999, 2)} / ${fmt(lat.max, 2)} ms`],
  ["drops / rooms lost / error messages", `${stats.drops} / ${stats.lostRooms} / ${stats.serverErrors}`],
  ["server CPU avg / peak (5 s)", `${fmt((cpuS / windowS) * 100)} % / ${fmt(peakCpu)} % of one core`],
  ["server CPU per acked action (all-in)", `${fmt((cpuS * 1e6) / Math.max(1, stats.acked))} µs`],
  ["server CPU idle (seated, nobody acting)", `${fmt(idleCpuRate * 100)} % of one core`],
  ["server CPU per action above idle (marginal)", `${fmt(marginalUs)} µs`],
  ["server RSS idle / loaded / peak", `${fmtBytes(idle?.rssBytes ?? Number.NaN)} / ${fmtBytes(loaded?.rssBytes ?? Number.NaN)} / ${fmtBytes(peakRss)}`],
  ["server actions counted (/metrics)", fmt(serverActions, 0)],
  ["server loop lag p99 / max (/metrics)", `${fmt((serverLagP99 ?? Number.NaN) * 1000)} / ${fmt((serverLagMax ?? Number.NaN) * 1000)} ms`],
  ["load generator loop delay p99 / max, utilisation", `${fmt(client.delayP99Ms)} / ${fmt(client.delayMaxMs)} ms, ${fmt(client.utilisation * 100)} %`],
  ["load generator GC pause max / total", `${fmt(client.gcMaxMs)} / ${fmt(client.gcTotalMs, 0)} ms`],
  ["bytes / frames received per action (all clients)", `${fmtBytes(stats.bytesIn / Math.max(1, stats.acked))} / ${fmt(stats.framesIn / Math.max(1, stats.acked))}`],
  ["matches finished", String(stats.matchesFinished)],
  ["machine load average (1 min, 2 cores)", fmt(loadavg()[0] ?? Number.NaN, 2)],
];
if (stats.rejected.size) rows.push(["rejections by code", [...stats.rejected].map(([k, v]) => `${k}=${v}`).join(" ")]);
if (joinRetries.size) rows.push(["join retries (seat given in a table that had started)", [...joinRetries].map(([k, v]) => `${k}=${v}`).join(" ")]);
if (joinErrors.size) rows.push(["join errors", [...joinErrors].map(([k, v]) => `${v}× ${k}`).join("; ")]);
printTable("loadtest summary (loopback; load generator and server share the machine's cores)", rows);
if (json) {
  console.log(
    `RESULT ${JSON.stringify({ players, tables, perTable, mode, paceMs, connected: live.size, rampMs, join: joinSummary, joinFailures, joinRetries: Object.fromEntries(joinRetries), elapsedS, acked: stats.acked, ok: stats.ok, rejected: Object.fromEntries(stats.rejected), ackTimeouts: stats.ackTimeouts, drops: stats.drops, lost: stats.lostRooms, latency: lat, cpuS, windowS, cpuPerActionUs: (cpuS * 1e6) / Math.max(1, stats.acked), idleCpuRate, marginalUs, loadavg: loadavg(), peakCpu, rss: { idle: idle?.rssBytes, loaded: loaded?.rssBytes, peak: peakRss }, clientLoop: client, bytesPerAction: stats.bytesIn / Math.max(1, stats.acked) })}`,
  );
}

// Leave politely, bounded.
const leaving = [...live].map((p) => p.stop());
await Promise.race([Promise.all(leaving), sleep(15_000)]);
process.exit(0);
