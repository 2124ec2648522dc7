import { cpus, loadavg } from "node:os";
import { LoopMonitor, sleep } from "../../bench/lib/stats.js";
import { WindowedLatencies } from "../../bench/lib/windows.js";
import { GENERATOR_LIMITS, RunMonitor, slope, worstLoop } from "./monitor.js";
import type { LoadOptions } from "./options.js";
import type { ReconnectResult } from "./reconnect.js";
import { measuredValues, type HeapFigures, type LoadReport, type Phase } from "./report.js";
import type { ServerProbe, ServerSample } from "./server.js";
import { evaluate } from "./slo.js";
import { PlayerThreads } from "./threads.js";

/**
 * One load run against a server that answers /health: ramp (or join storm), settle, optional
 * idle window, the measured window (with the reconnect storm inside it when asked), then the
 * report. Timings are on one origin so phases, windows and samples line up in the charts. The
 * players play in `o.threads` worker threads; this thread paces, samples and merges.
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

  const secret = server.secret;
  if (!secret) console.log("loadtest: no JWT secret: each player is a guest from POST /auth/guest (rate-limited per IP; waited out)");
  const windowMs = 10_000;
  const pop = await PlayerThreads.start(o.threads, {
    url: server.url,
    secret,
    mode: o.mode,
    paceMs: o.paceMs,
    jitterMs: o.jitterMs,
    originEpochMs: performance.timeOrigin + origin,
    windowMs,
  }, o.threadYoungMb);
  const players = o.tables * o.perTable;
  const monitor = new RunMonitor(server, origin, () => pop.live, (line) => console.log(line), () => pop.probe());
  await monitor.sample(); // the CPU baseline of the first interval
  monitor.start(o.sampleMs);

  const storm = o.scenario === "join-storm";
  const rate = storm ? players / (o.stormWindowMs / 1000) : o.rampRate;
  console.log(
    `loadtest ${o.scenario}: ${players} players in ${o.tables} ${o.mode} tables → ${server.url}; ` +
      (storm ? `all joining within ${o.stormWindowMs / 1000} s (${Math.round(rate)} joins/s)` : `ramp ${rate} joins/s`) +
      `; pace ${o.paceMs} ms (+0..${o.jitterMs}); players in ${o.threads} thread${o.threads > 1 ? "s" : ""}`,
  );
  const rampMs = await phase(storm ? "join storm" : "ramp", () => pop.ramp(players, rate, storm ? players : Math.max(10, rate), o.rampTimeoutMs));
  const seatedAfterRamp = pop.live;
  const afterRamp = (await pop.collect(undefined, origin)).join;
  const rampJoin = afterRamp.rampLatency.summary();
  console.log(`${storm ? "join storm" : "ramp"}: ${seatedAfterRamp}/${players} players joined in ${(rampMs / 1000).toFixed(1)} s (${afterRamp.failures} failed); join p50 ${rampJoin.p50.toFixed(0)} ms p99 ${rampJoin.p99.toFixed(0)} ms`);

  // Let the last tables start (a partial quick table waits BOT_FILL_WAIT_S for bots) and settle.
  await phase("settle", () => sleep(Math.min(15_000, o.paceMs * 2 + 2000)));

  // Idle window: everyone seated, nobody acting: the fixed cost of the connected tables.
  let idleCpuPct = Number.NaN;
  if (o.idleMs > 0) {
    await phase("idle (nobody acting)", async () => {
      await pop.pause(true);
      await sleep(Math.min(3000, o.paceMs + 1000)); // in-flight actions finish
      const i0 = await server.sample();
      await sleep(o.idleMs);
      const i1 = await server.sample();
      if (i0 && i1) idleCpuPct = ((i1.cpuSeconds - i0.cpuSeconds) / ((i1.at - i0.at) / 1000)) * 100;
      await pop.pause(false);
      // Resume spread over one pace so tables do not act in lock-step after the pause.
      await pop.resume(o.paceMs);
    });
    console.log(`idle: ${pop.live} players seated, nobody acting: server CPU ${idleCpuPct.toFixed(1)} % of one core`);
  }

  // The measured window.
  const soak = o.scenario === "soak";
  const genLoop = new LoopMonitor();
  genLoop.start();
  await pop.loopWindow();
  if (o.serverProfilePath) await server.profile?.("start");
  await pop.record(true);
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
              pop.reconnectStorm({ share: o.dropShare, returnWithinMs: o.returnWithinMs, attemptTimeoutMs: 10_000, via: o.reconnectVia }),
            );
            const r = reconnect;
            console.log(`reconnect storm: ${r.back}/${r.dropped} back in their own seat (${r.viaToken} by token, ${r.viaJoinById} by joinById), ${r.failures} failed`);
          })
        : Promise.resolve();
    await sleep(o.durationMs);
    await stormDone; // bounded: each attempt has a time-out
  });
  await pop.record(false);
  const windowEndS = nowS();
  const last = await server.sample({ gc: soak });
  // After the window's last sample: writing the profile is not the window's CPU.
  if (o.serverProfilePath) {
    await server.profile?.("stop", o.serverProfilePath);
    console.log(`server CPU profile of the measured window: ${o.serverProfilePath}`);
  }
  const genCpu = process.cpuUsage(genCpu0);
  const mainLoop = genLoop.read();
  // Nobody starts an action while the threads hand over their figures: that hand-over (hundreds of
  // thousands of samples, copied between threads) pauses the generator for up to a few hundred ms,
  // and acks timed across it would put the generator's pause in the timeline's last window as if
  // the server had been slow. The short wait lets the actions in flight be acknowledged first.
  await pop.pause(true);
  await sleep(Math.min(1000, o.paceMs));
  monitor.stop();
  const timeline = new WindowedLatencies(windowMs, origin);
  const figures = await pop.collect(timeline, origin);
  const stats = figures.actions;
  const connectedEnd = figures.live;
  // The generator's loop over the window: its worst thread (main or players).
  const genWindow = worstLoop([{ delayP99Ms: mainLoop.delayP99Ms, delayMaxMs: mainLoop.delayMaxMs, utilisation: Number.NaN, gcMaxMs: mainLoop.gcMaxMs }, ...figures.loops]);

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

  const warnings = generatorWarnings({
    cpuAvgPct: genCpuAvgPct,
    busiestPct: genWindow.utilisation * 100,
    loopP99Ms: genWindow.delayP99Ms,
    loopMaxMs: genWindow.delayMaxMs,
    serverCpuAvgPct: cpuAvgPct,
    cores: cpus().length,
    threads: o.threads,
    loadavg: Math.max(loadavgStart, loadavg()[0] ?? Number.NaN),
    busySamples: tl.t.filter(
      (t, i) =>
        t > windowStartS &&
        t <= windowEndS + 0.5 &&
        ((tl.generatorBusiestPct[i] as number) >= GENERATOR_LIMITS.busyPct || (tl.generatorLoopP99Ms[i] as number) >= GENERATOR_LIMITS.loopP99Ms),
    ).length,
  });

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
  const join = figures.join;
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
      started: join.started,
      failures: join.failures,
      errors: Object.fromEntries(join.errors),
      retries: Object.fromEntries(join.retries),
      rampS: rampMs / 1000,
      seatedAfterRamp,
      tables: join.rampTables.size,
      latency: join.latency.summary(),
      requeues: join.requeues,
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
      // Each sample counts since the previous one, so the first (the window's start) is left out.
      // A soak forces two at its start, reported after it: not counted as the server's own.
      fullGcs: soak ? Number.NaN : windowSamples.slice(1).reduce((n, s) => n + s.majorGcs, 0),
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
    target: { kind: server.kind, url: server.url, database: server.database, pid: server.pid ?? null, nodeArgs: server.nodeArgs ?? [] },
    phases: [...phases].sort((a, b) => a.startS - b.startS),
    players: { target: players, tables: o.tables, perTable: o.perTable, mode: o.mode, connectedEnd },
    windows: timeline.summaries(),
    generator: {
      threads: o.threads,
      threadYoungMb: o.threadYoungMb,
      cpuAvgPct: genCpuAvgPct,
      cpuPeakPct: maxIn(tl.generatorCpuPct),
      busiestThreadPct: genWindow.utilisation * 100,
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

/**
 * When the load generator, not the server, may be what the latencies measure: a player thread
 * whose loop was busy most of the window, loop delays in the range of the objective, or the
 * machine's cores used up by the generator and the server together (then each waits for CPU).
 */
export function generatorWarnings(g: {
  cpuAvgPct: number;
  busiestPct: number;
  loopP99Ms: number;
  loopMaxMs: number;
  serverCpuAvgPct: number;
  cores: number;
  threads: number;
  /** The machine's 1-minute load average (the worse of the window's start and end). */
  loadavg: number;
  busySamples: number;
}): string[] {
  const L = GENERATOR_LIMITS;
  const warnings: string[] = [];
  if (g.busiestPct >= L.busyPct) {
    warnings.push(
      `the load generator's busiest player thread was busy ${g.busiestPct.toFixed(0)} % of the window (≥ ${L.busyPct} %; ${g.threads} thread${g.threads > 1 ? "s" : ""}, ${g.cpuAvgPct.toFixed(0)} % of a core in all): it may be the bottleneck; its own delays are in the measured latencies. Use more --threads, fewer players per generator or another machine.`,
    );
  }
  if (g.loopP99Ms >= L.loopP99Ms) {
    warnings.push(`the load generator's event-loop delay p99 was ${g.loopP99Ms.toFixed(0)} ms (max ${g.loopMaxMs.toFixed(0)} ms, ≥ ${L.loopP99Ms} ms): latencies in that range are partly the generator's, not the server's.`);
  }
  const machine = g.cpuAvgPct + g.serverCpuAvgPct;
  if (machine >= (L.machinePct * g.cores)) {
    warnings.push(
      `the load generator (${g.cpuAvgPct.toFixed(0)} %) and the server (${g.serverCpuAvgPct.toFixed(0)} %) used ${machine.toFixed(0)} % of one core together, ≥ ${L.machinePct} % of the machine's ${g.cores} cores: both waited for CPU, so the latencies are partly the machine's.`,
    );
  }
  if (g.loadavg > g.cores * 1.5) {
    warnings.push(
      `the machine's load average was ${g.loadavg.toFixed(1)} on ${g.cores} cores: more runnable processes than cores (other jobs, Postgres), so the server and the generator waited for CPU; the latencies are partly the machine's.`,
    );
  }
  if (g.busySamples > 0 && warnings.length === 0) {
    warnings.push(`the load generator was busy or delayed in ${g.busySamples} of the window's samples (a thread busy ≥ ${L.busyPct} % or loop delay p99 ≥ ${L.loopP99Ms} ms): check the latency windows at those times.`);
  }
  return warnings;
}

/** Largest finite value; NaN when there is none. */
function finiteMax(values: readonly number[]): number {
  let m = Number.NaN;
  for (const v of values) if (Number.isFinite(v)) m = Number.isFinite(m) ? Math.max(m, v) : v;
  return m;
}
