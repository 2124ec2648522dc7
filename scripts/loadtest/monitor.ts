import { LoopMonitor } from "../../bench/lib/stats.js";
import type { LoopFigures } from "./protocol.js";
import type { ServerProbe, ServerSample } from "./server.js";

/**
 * The run's timeline: every `sampleMs` the server's CPU/RSS/heap/loop lag, the load generator's
 * own CPU and event-loop delay, and the connected players, as parallel arrays (what the charts
 * plot). The generator is watched because it shares the machine: when it is saturated, the
 * latencies it measures include its own delay. Its players live in worker threads: the
 * generator's CPU is the whole process's; its loop delay and busy share are the worst thread's.
 */

export interface Timeline {
  /** Seconds since the run's origin. */
  t: number[];
  connected: number[];
  serverCpuPct: number[];
  serverRssMiB: number[];
  serverHeapMiB: number[];
  serverLoopP99Ms: number[];
  serverLoopMaxMs: number[];
  generatorCpuPct: number[];
  /** Worst event-loop delay p99 of the generator's threads (main and player threads) in the sample. */
  generatorLoopP99Ms: number[];
  /** Busiest player thread: share of the sample its event loop was busy (%, 100 = saturated). */
  generatorBusiestPct: number[];
  /** Longest GC pause of any generator thread in the sample (ms). */
  generatorGcMaxMs: number[];
  /** Longest GC pause of the server in the sample (ms; NaN when not known, e.g. --url). */
  serverGcMaxMs: number[];
  /** Server-side connected clients, when read from /metrics (NaN otherwise). */
  serverClients: number[];
}

/**
 * Thresholds past which the generator, not the server, may be what the latencies measure: a
 * player thread whose event loop is busy ≥ 80 % of the time, a loop delay p99 ≥ 50 ms, or the
 * generator and the server together using ≥ 90 % of the machine's cores.
 */
export const GENERATOR_LIMITS = { busyPct: 80, loopP99Ms: 50, machinePct: 90 };

const MiB = 1024 * 1024;

export class RunMonitor {
  readonly timeline: Timeline = {
    t: [],
    connected: [],
    serverCpuPct: [],
    serverRssMiB: [],
    serverHeapMiB: [],
    serverLoopP99Ms: [],
    serverLoopMaxMs: [],
    generatorCpuPct: [],
    generatorLoopP99Ms: [],
    generatorBusiestPct: [],
    generatorGcMaxMs: [],
    serverGcMaxMs: [],
    serverClients: [],
  };
  /** Raw server samples with their run time, for window averages. */
  readonly serverSamples: { t: number; s: ServerSample }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly loop = new LoopMonitor();
  private lastCpu = process.cpuUsage();
  private lastCpuAt = performance.now();
  private lastServer: ServerSample | null = null;
  private busy = false;

  constructor(
    private readonly server: ServerProbe,
    private readonly originMs: number,
    private readonly connected: () => number,
    private readonly onSample?: (line: string) => void,
    /** The player threads' event loops since the previous call (updates what `connected` reads). */
    private readonly threadLoops: () => Promise<LoopFigures[]> = async () => [],
  ) {}

  now(): number {
    return (performance.now() - this.originMs) / 1000;
  }

  start(sampleMs: number): void {
    this.loop.start();
    this.timer = setInterval(() => void this.sample(), sampleMs);
  }

  async sample(): Promise<ServerSample | null> {
    if (this.busy) return null; // a slow scrape: skip rather than pile up
    this.busy = true;
    try {
      const [s, threads] = await Promise.all([this.server.sample(), this.threadLoops().catch(() => [] as LoopFigures[])]);
      const t = this.now();
      const cpu = process.cpuUsage(this.lastCpu);
      const at = performance.now();
      // The first sample comes right after construction: too short an interval to mean anything.
      const genCpuPct = at - this.lastCpuAt >= 100 ? ((cpu.user + cpu.system) / 1000 / (at - this.lastCpuAt)) * 100 : Number.NaN;
      this.lastCpu = process.cpuUsage();
      this.lastCpuAt = at;
      const main = this.loop.read();
      this.loop.reset();
      const loop = worstLoop([{ delayP99Ms: main.delayP99Ms, delayMaxMs: main.delayMaxMs, utilisation: Number.NaN, gcMaxMs: main.gcMaxMs }, ...threads]);
      const prev = this.lastServer;
      const serverCpuPct = s && prev && s.at > prev.at ? ((s.cpuSeconds - prev.cpuSeconds) / ((s.at - prev.at) / 1000)) * 100 : Number.NaN;
      if (s) {
        this.lastServer = s;
        this.serverSamples.push({ t, s });
      }
      const tl = this.timeline;
      tl.t.push(round(t, 2));
      tl.connected.push(this.connected());
      tl.serverCpuPct.push(round(serverCpuPct, 1));
      tl.serverRssMiB.push(round((s?.rssBytes ?? Number.NaN) / MiB, 1));
      tl.serverHeapMiB.push(round((s?.heapUsedBytes ?? Number.NaN) / MiB, 1));
      tl.serverLoopP99Ms.push(round(s?.loopP99Ms ?? Number.NaN, 2));
      tl.serverLoopMaxMs.push(round(s?.loopMaxMs ?? Number.NaN, 2));
      tl.generatorCpuPct.push(round(genCpuPct, 1));
      tl.generatorLoopP99Ms.push(round(loop.delayP99Ms, 2));
      tl.generatorBusiestPct.push(round(loop.utilisation * 100, 1));
      tl.generatorGcMaxMs.push(round(loop.gcMaxMs, 1));
      tl.serverGcMaxMs.push(round(s?.gcMaxMs ?? Number.NaN, 1));
      tl.serverClients.push(s?.clients ?? Number.NaN);
      this.onSample?.(
        `  t=${t.toFixed(0)}s players=${this.connected()} server cpu=${fmtN(serverCpuPct)}% rss=${fmtN((s?.rssBytes ?? Number.NaN) / MiB)}MiB ` +
          `loop p99=${fmtN(s?.loopP99Ms ?? Number.NaN)}ms gc max=${fmtN(s?.gcMaxMs ?? Number.NaN)}ms | generator cpu=${fmtN(genCpuPct)}% ` +
          `busiest thread=${fmtN(loop.utilisation * 100)}% loop p99=${fmtN(loop.delayP99Ms)}ms gc max=${fmtN(loop.gcMaxMs)}ms`,
      );
      return s;
    } finally {
      this.busy = false;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/** The worst of several threads' loop figures, field by field (NaN fields ignored). */
export function worstLoop(loops: readonly LoopFigures[]): LoopFigures {
  const worst = (pick: (l: LoopFigures) => number) => {
    let m = Number.NaN;
    for (const l of loops) {
      const v = pick(l);
      if (Number.isFinite(v)) m = Number.isFinite(m) ? Math.max(m, v) : v;
    }
    return m;
  };
  return { delayP99Ms: worst((l) => l.delayP99Ms), delayMaxMs: worst((l) => l.delayMaxMs), utilisation: worst((l) => l.utilisation), gcMaxMs: worst((l) => l.gcMaxMs) };
}

function round(n: number, digits: number): number {
  if (!Number.isFinite(n)) return Number.NaN;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function fmtN(n: number): string {
  return Number.isFinite(n) ? n.toFixed(1) : "-";
}

/** Least-squares slope of y over x (units of y per unit of x); NaN with fewer than 2 finite points. */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const pts: [number, number][] = [];
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const x = xs[i] as number;
    const y = ys[i] as number;
    if (Number.isFinite(x) && Number.isFinite(y)) pts.push([x, y]);
  }
  if (pts.length < 2) return Number.NaN;
  let sx = 0;
  let sy = 0;
  for (const [x, y] of pts) {
    sx += x;
    sy += y;
  }
  const mx = sx / pts.length;
  const my = sy / pts.length;
  let num = 0;
  let den = 0;
  for (const [x, y] of pts) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? Number.NaN : num / den;
}
