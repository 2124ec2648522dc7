import { cpus, loadavg } from "node:os";
import { BenchUsers, GuestUsers } from "../../bench/lib/clients.js";
import { RunStats } from "../../bench/lib/player.js";
import { LoopMonitor, sleep } from "../../bench/lib/stats.js";
import { WindowedLatencies } from "../../bench/lib/windows.js";
import { GENERATOR_LIMITS, RunMonitor, slope } from "./monitor.js";
import type { LoadOptions } from "./options.js";
import { Population } from "./population.js";
import { reconnectStorm, type ReconnectResult } from "./reconnect.js";
import { measuredValues, type HeapFigures, type LoadReport, type Phase } from "./report.js";
import type { ServerProbe, ServerSample } from "./server.js";
import { evaluate } from "./slo.js";

/**
 * One load run against a server that answers /health: ramp (or join storm), settle, optional
 * idle window, the measured window (with the reconnect storm inside it when asked), then the
 * report. Timings are on one origin so phases, windows and samples line up in the charts.
 */
export async function runLoad(o: LoadOptions, server: ServerProbe, command: string): Promise<LoadReport> {
  const startedAt = new Date().toISOString();
  const loadavgStart = loadavg()[0] ?? Number.NaN;
  const origin = performance.now();
  const nowS = () => (performance.now() - origin) / 1000;
  const phases: Phase[] = [];
  const phase = async <T>(name: string, body: () => Promise<T>): Promise<T> => {
    const startS = nowS();
    try {
      return await body();
    } finally {
      phases.push({ name, startS, endS: nowS() });
    }
  };

  const stats = new RunStats(new WindowedLatencies(10_000, origin));
  const secret = server.secret;
  const users = secret ? new BenchUsers(secret, "load") : new GuestUsers(server.url, "load");
  if (!secret) console.log("loadtest: no JWT secret: each player is a guest from POST /auth/guest (rate-limited per IP; waited out)");
  const pop = new Population({ url: server.url, users, mode: o.mode, paceMs: o.paceMs, jitterMs: o.jitterMs, stats });
  const players = o.tables * o.perTable;
  const monitor = new RunMonitor(server, origin, () => pop.live.size, (line) => console.log(line));
  await monitor.sample(); // the CPU baseline of the first interval
  monitor.start(o.sampleMs);

  const storm = o.scenario === "join-storm";
  const rate = storm ? players / (o.stormWindowMs / 1000) : o.rampRate;
  console.log(
    `loadtest ${o.scenario}: ${players} players in ${o.tables} ${o.mode} tables → ${server.url}; ` +
      (storm ? `all joining within ${o.stormWindowMs / 1000} s (${Math.round(rate)} joins/s)` : `ramp ${rate} joins/s`) +
      `; pace ${o.paceMs} ms (+0..${o.jitterMs})`,
  );
  const rampMs = await phase(storm ? "join storm" : "ramp", () => pop.ramp(players, rate, storm ? players : Math.max(10, rate), o.rampTimeoutMs));
  const seatedAfterRamp = pop.live.size;
  const rampJoin = pop.rampJoinLatency.summary();
  console.log(`${storm ? "join storm" : "ramp"}: ${seatedAfterRamp}/${players} players joined in ${(rampMs / 1000).toFixed(1)} s (${pop.joinFailures} failed); join p50 ${rampJoin.p50.toFixed(0)} ms p99 ${rampJoin.p99.toFixed(0)} ms`);

  // Let the last tables start (a partial quick table waits BOT_FILL_WAIT_S for bots) and settle.
  await phase("settle", () => sleep(Math.min(15_000, o.paceMs * 2 + 2000)));

  // Idle window: everyone seated, nobody acting: the fixed cost of the connected tables.
  let idleCpuPct = Number.NaN;
  if (o.idleMs > 0) {
    await phase("idle (nobody acting)", async () => {
      stats.paused = true;
      await sleep(Math.min(3000, o.paceMs + 1000)); // in-flight actions finish
      const i0 = await server.sample();
      await sleep(o.idleMs);
      const i1 = await server.sample();
      if (i0 && i1) idleCpuPct = ((i1.cpuSeconds - i0.cpuSeconds) / ((i1.at - i0.at) / 1000)) * 100;
      stats.paused = false;
      // Resume spread over one pace so tables do not act in lock-step after the pause.
      for (const p of pop.live) setTimeout(() => p.poke(), Math.random() * o.paceMs);
    });
    console.log(`idle: ${pop.live.size} players seated, nobody acting: server CPU ${idleCpuPct.toFixed(1)} % of one core`);
  }

  // The measured window.
  const soak = o.scenario === "soak";
  const genLoop = new LoopMonitor();
  genLoop.start();
  stats.resetWindow();
  stats.recording = true;
  const first = await server.sample({ gc: soak });
  const windowStartS = nowS();
  const genCpu0 = process.cpuUsage();
  let reconnect: ReconnectResult | null = null;
  await phase("measured window", async () => {
    const stormDone =
      o.scenario === "reconnect-storm"
        ? sleep(o.stormAfterMs).then(async () => {
            console.log(`reconnect storm: ${Math.round(o.dropShare * 100)} % of the seated players drop now and return within ${o.returnWithinMs / 1000} s`);
            reconnect = await phase("reconnect storm", () =>
              reconnectStorm(pop, { share: o.dropShare, returnWithinMs: o.returnWithinMs, attemptTimeoutMs: 10_000, via: o.reconnectVia }, nowS),
            );
            const r = reconnect;
            console.log(`reconnect storm: ${r.back}/${r.dropped} back in their own seat (${r.viaToken} by token, ${r.viaJoinById} by joinById), ${r.failures} failed`);
          })
        : Promise.resolve();
    await sleep(o.durationMs);
    await stormDone; // bounded: each attempt has a time-out
  });
  stats.recording = false;
  const windowEndS = nowS();
  const last = await server.sample({ gc: soak });
  const genCpu = process.cpuUsage(genCpu0);
  const genWindow = genLoop.read();
  monitor.stop();
  pop.running = false;
  const connectedEnd = pop.live.size;

  // Server figures over the measured window.
  const measuredS = first && last ? (last.at - first.at) / 1000 : windowEndS - windowStartS;
  const cpuS = first && last ? last.cpuSeconds - first.cpuSeconds : Number.NaN;
  const inWindow = monitor.serverSamples.filter((x) => x.t >= windowStartS && x.t <= windowEndS + 0.5).map((x) => x.s);
  const windowSamples: ServerSample[] = [first, ...inWindow, last].filter((s): s is ServerSample => s !== null);
  const tl = monitor.timeline;
  const maxIn = (ys: number[]) => {
    let m = Number.NaN;
    for (let i = 0; i < tl.t.length; i++) {
      const t = tl.t[i] as number;
      const y = ys[i] as number;
      if (t > windowStartS && t <= windowEndS + 0.5 && Number.isFinite(y)) m = Number.isFinite(m) ? Math.max(m, y) : y;
    }
    return m;
  };
  const acked = Math.max(1, stats.acked);
  const cpuAvgPct = (cpuS / measuredS) * 100;
  const genCpuAvgPct = ((genCpu.user + genCpu.system) / 1e6 / Math.max(0.001, windowEndS - windowStartS)) * 100;

  const warnings: string[] = [];
  if (genCpuAvgPct >= GENERATOR_LIMITS.cpuPct) {
    warnings.push(`the load generator used ${genCpuAvgPct.toFixed(0)} % of a core on average (≥ ${GENERATOR_LIMITS.cpuPct} %): it may be the bottleneck; its own delays are in the measured latencies. Use fewer players per generator or another machine.`);
  }
  if (genWindow.delayP99Ms >= GENERATOR_LIMITS.loopP99Ms) {
    warnings.push(`the load generator's event-loop delay p99 was ${genWindow.delayP99Ms.toFixed(0)} ms (max ${genWindow.delayMaxMs.toFixed(0)} ms, ≥ ${GENERATOR_LIMITS.loopP99Ms} ms): latencies in that range are partly the generator's, not the server's.`);
  }
  const busySamples = tl.t.filter(
    (t, i) => t > windowStartS && t <= windowEndS + 0.5 && ((tl.generatorCpuPct[i] as number) >= GENERATOR_LIMITS.cpuPct || (tl.generatorLoopP99Ms[i] as number) >= GENERATOR_LIMITS.loopP99Ms),
  ).length;
  if (busySamples > 0 && warnings.length === 0) {
    warnings.push(`the load generator was busy or delayed in ${busySamples} of the window's samples (CPU ≥ ${GENERATOR_LIMITS.cpuPct} % or loop delay p99 ≥ ${GENERATOR_LIMITS.loopP99Ms} ms): check the latency windows at those times.`);
  }

  let heap: HeapFigures | null = null;
  if (soak) {
    const minutes = tl.t.map((t) => t / 60);
    const keep = (ys: number[]) => ys.map((y, i) => ((tl.t[i] as number) > windowStartS && (tl.t[i] as number) <= windowEndS + 0.5 ? y : Number.NaN));
    heap = {
      startBytes: first?.heapUsedBytes ?? Number.NaN,
      endBytes: last?.heapUsedBytes ?? Number.NaN,
      afterGc: server.kind === "child",
      slopeMiBPerMin: slope(minutes, keep(tl.serverHeapMiB)),
      rssSlopeMiBPerMin: slope(minutes, keep(tl.serverRssMiB)),
      samples: keep(tl.serverHeapMiB).filter(Number.isFinite).length,
    };
  }

  let rejected = 0;
  for (const v of stats.rejected.values()) rejected += v;
  const base = {
    actions: {
      measuredS,
      sent: stats.sent,
      acked: stats.acked,
      ok: stats.ok,
      rejected: Object.fromEntries(stats.rejected),
      ackTimeouts: stats.ackTimeouts,
      serverErrors: stats.serverErrors,
      drops: stats.drops,
      lostRooms: stats.lostRooms,
      perSecond: stats.acked / measuredS,
      latency: stats.latencies.summary(),
      bytesPerAction: stats.bytesIn / acked,
      framesPerAction: stats.framesIn / acked,
      matchesFinished: stats.matchesFinished,
    },
    errors: rejected + stats.ackTimeouts + stats.serverErrors + stats.drops + stats.lostRooms,
    join: {
      started: pop.joinsStarted,
      failures: pop.joinFailures,
      errors: Object.fromEntries(pop.joinErrors),
      retries: Object.fromEntries(pop.joinRetries),
      rampS: rampMs / 1000,
      seatedAfterRamp,
      tables: pop.rampTables.size,
      latency: pop.joinLatency.summary(),
      requeues: pop.requeues,
    },
    reconnect: reconnect as ReconnectResult | null,
    server: {
      cpuAvgPct,
      cpuPeakPct: maxIn(tl.serverCpuPct),
      idleCpuPct,
      cpuPerActionUs: (cpuS * 1e6) / acked,
      cpuPerActionAboveIdleUs: ((cpuS - (idleCpuPct / 100) * measuredS) * 1e6) / acked,
      rssStartBytes: first?.rssBytes ?? Number.NaN,
      rssEndBytes: last?.rssBytes ?? Number.NaN,
      rssPeakBytes: finiteMax(windowSamples.map((s) => s.rssBytes)),
      // Worst per-sample p99 in the window (each sample covers the time since the previous one).
      loopP99Ms: finiteMax(windowSamples.slice(1).map((s) => s.loopP99Ms)),
      loopMaxMs: finiteMax(windowSamples.slice(1).map((s) => s.loopMaxMs)),
    },
    heap,
  };
  const verdicts = evaluate(o.slo, measuredValues(base));
  const report: LoadReport = {
    tool: "diwan-loadtest",
    version: 1,
    startedAt,
    finishedAt: new Date().toISOString(),
    scenario: o.scenario,
    command,
    options: {
      tables: o.tables,
      perTable: o.perTable,
      mode: o.mode,
      paceMs: o.paceMs,
      jitterMs: o.jitterMs,
      durationMs: o.durationMs,
      idleMs: o.idleMs,
      rampRate: o.rampRate,
      stormWindowMs: o.stormWindowMs,
      dropShare: o.dropShare,
      returnWithinMs: o.returnWithinMs,
      stormAfterMs: o.stormAfterMs,
      reconnectVia: o.reconnectVia,
      sampleMs: o.sampleMs,
      slo: o.slo.map((x) => `${x.key}=${x.text}`).join(","),
    },
    machine: { cpus: cpus().length, loadavgStart, loadavgEnd: loadavg()[0] ?? Number.NaN, node: process.versions.node },
    target: { kind: server.kind, url: server.url, database: server.database, pid: server.pid ?? null },
    phases: [...phases].sort((a, b) => a.startS - b.startS),
    players: { target: players, tables: o.tables, perTable: o.perTable, mode: o.mode, connectedEnd },
    windows: stats.timeline?.summaries() ?? [],
    generator: {
      cpuAvgPct: genCpuAvgPct,
      cpuPeakPct: maxIn(tl.generatorCpuPct),
      loopP99Ms: genWindow.delayP99Ms,
      loopMaxMs: genWindow.delayMaxMs,
      gcMaxMs: genWindow.gcMaxMs,
      bottleneck: warnings.length > 0,
      warnings,
    },
    timeline: tl,
    verdicts,
    pass: verdicts.every((v) => v.pass),
    ...base,
  };
  await pop.leaveAll();
  return report;
}

/** Largest finite value; NaN when there is none. */
function finiteMax(values: readonly number[]): number {
  let m = Number.NaN;
  for (const v of values) if (Number.isFinite(v)) m = Number.isFinite(m) ? Math.max(m, v) : v;
  return m;
}
