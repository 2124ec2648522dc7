import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { LoopMonitor } from "./stats.js";

/**
 * Runs inside a server child process: answers the parent's IPC "stats" requests with this
 * process's own CPU (process.cpuUsage), memory (after a full GC when --expose-gc is on) and
 * event-loop health, so server cost is measured apart from the load generator's.
 */

export interface StatsRequest {
  type: "stats";
  id: number;
  gc?: boolean;
  /** Start a new event-loop window (delay histogram and utilisation). */
  resetLoop?: boolean;
  /**
   * "start" a CPU profile of this process (V8's sampling profiler), or stop it and write it to
   * `profilePath` (a .cpuprofile file for Chrome DevTools / speedscope): a profile of one window
   * of a bench instead of the whole life of the child (start-up, ramp, shutdown).
   */
  profile?: "start" | "stop";
  profilePath?: string;
  /**
   * "start" sampling every allocation of this process (V8's sampling heap profiler, collected
   * objects included: what the window allocated, not what it kept), or stop and write it to
   * `heapProfilePath` (a .heapprofile file for Chrome DevTools).
   */
  heapProfile?: "start" | "stop";
  heapProfilePath?: string;
}

export interface ChildStats {
  type: "stats";
  id: number;
  cpuUserUs: number;
  cpuSystemUs: number;
  /**
   * CPU time of the process's threads other than the main one, in µs (part of cpuUserUs +
   * cpuSystemUs): V8's compiler and GC helper threads and libuv's pool. Null where Linux's
   * /proc/<pid>/task/<tid>/schedstat cannot be read.
   */
  cpuOffMainUs: number | null;
  heapUsed: number;
  rss: number;
  external: number;
  arrayBuffers: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  loopUtilisation: number;
  /** Longest GC pause in the current loop window. */
  gcMaxMs: number;
  /** Full (mark-compact) collections of the main thread's heap in the current loop window. */
  majorGcs: number;
  /** Milliseconds since the main thread's latest full collection ended (not reset with the window); null: none yet. */
  msSinceMajorGc: number | null;
  extra: Record<string, number>;
}

/**
 * The on-CPU time of every thread but the main one (schedstat's first field, in ns). A thread
 * that ended between two readings takes its time with it: V8's and libuv's worker threads live
 * as long as the process.
 */
export function offMainThreadCpuUs(): number | null {
  try {
    let ns = 0;
    for (const tid of readdirSync("/proc/self/task")) {
      if (Number(tid) === process.pid) continue;
      try {
        ns += Number(readFileSync(`/proc/self/task/${tid}/schedstat`, "utf8").split(" ")[0]);
      } catch {
        // The thread ended while the list was read.
      }
    }
    return Number.isFinite(ns) ? ns / 1000 : null;
  } catch {
    return null;
  }
}

export type ReadyMessage = { type: "ready"; port: number; pid: number };

export function serveStats(extra: () => Record<string, number> = () => ({})): void {
  const loop = new LoopMonitor();
  loop.start();
  let profiler: Session | null = null;
  let heapProfiler: Session | null = null;
  process.on("message", async (raw: unknown) => {
    const msg = raw as StatsRequest;
    if (msg?.type !== "stats") return;
    if (msg.profile === "start" && !profiler) {
      profiler = new Session();
      profiler.connect();
      await profiler.post("Profiler.enable");
      await profiler.post("Profiler.start");
    } else if (msg.profile === "stop" && profiler) {
      const { profile } = await profiler.post("Profiler.stop");
      profiler.disconnect();
      profiler = null;
      if (msg.profilePath) writeFileSync(msg.profilePath, JSON.stringify(profile));
    }
    if (msg.heapProfile === "start" && !heapProfiler) {
      heapProfiler = new Session();
      heapProfiler.connect();
      await heapProfiler.post("HeapProfiler.enable");
      await heapProfiler.post("HeapProfiler.startSampling", {
        samplingInterval: 4096,
        includeObjectsCollectedByMajorGC: true,
        // BENCH_HEAP_PROFILE_SURVIVORS=1: only what outlived a young-generation collection (what
        // gets promoted to the old generation, whose marking is the costly part of GC).
        includeObjectsCollectedByMinorGC: process.env.BENCH_HEAP_PROFILE_SURVIVORS !== "1",
      });
    } else if (msg.heapProfile === "stop" && heapProfiler) {
      const { profile } = await heapProfiler.post("HeapProfiler.stopSampling");
      heapProfiler.disconnect();
      heapProfiler = null;
      if (msg.heapProfilePath) writeFileSync(msg.heapProfilePath, JSON.stringify(profile));
    }
    // gc exists only with --expose-gc; the parent starts us with it.
    const gc = (globalThis as { gc?: () => void }).gc;
    if (msg.gc && gc) {
      gc();
      gc();
    }
    const cpu = process.cpuUsage();
    const mem = process.memoryUsage();
    const l = loop.read();
    if (msg.resetLoop) loop.reset();
    const reply: ChildStats = {
      type: "stats",
      id: msg.id,
      cpuUserUs: cpu.user,
      cpuSystemUs: cpu.system,
      cpuOffMainUs: offMainThreadCpuUs(),
      heapUsed: mem.heapUsed,
      rss: mem.rss,
      external: mem.external,
      arrayBuffers: mem.arrayBuffers,
      loopDelayP99Ms: l.delayP99Ms,
      loopDelayMaxMs: l.delayMaxMs,
      loopUtilisation: l.utilisation,
      gcMaxMs: l.gcMaxMs,
      majorGcs: l.majorGcs,
      // Infinity would travel over IPC (JSON) as null anyway: say so in the type.
      msSinceMajorGc: Number.isFinite(l.msSinceMajorGc) ? l.msSinceMajorGc : null,
      extra: extra(),
    };
    process.send?.(reply);
  });
}
