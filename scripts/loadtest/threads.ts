import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { Latencies } from "../../bench/lib/stats.js";
import type { WindowedLatencies } from "../../bench/lib/windows.js";
import type { Collected, Command, LoopFigures, ProbeReply, Reply, ThreadSettings } from "./protocol.js";
import { pacedLaunches } from "./pacing.js";
import { mergeReconnect, splitStorm, type ReconnectOptions, type ReconnectResult, type ReconnectSamples } from "./reconnect.js";

/**
 * The simulated players, spread over `count` worker threads (playerThread.ts): the main thread
 * drives the run (ramp pacing, phases, pause, the storm) and merges what the threads measured.
 * Latency percentiles stay exact: every thread sends its raw samples, and the windows are
 * bucketed here on the main thread's clock.
 */

const THREAD_URL = new URL("./playerThread.ts", import.meta.url);

/** URL of tsx's ESM API file, from its package.json exports (require.resolve would give the CommonJS one). */
function tsxEsmApi(): string {
  const packageJson = createRequire(import.meta.url).resolve("tsx/package.json");
  const exports = (JSON.parse(readFileSync(packageJson, "utf8")) as { exports: Record<string, string | { import: { default: string } }> }).exports;
  const target = exports["./esm/api"];
  if (target === undefined) throw new Error("tsx has no export ./esm/api");
  return pathToFileURL(join(dirname(packageJson), typeof target === "string" ? target : target.import.default)).href;
}

/** The thread entry through tsx (Node 20 does not hand the parent's --import loader to worker threads). */
function spawn(settings: ThreadSettings, name: string, youngMb: number): Worker {
  const tsx = tsxEsmApi();
  const code = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(THREAD_URL.href)}); })`;
  return new Worker(code, { eval: true, workerData: settings, name, ...(youngMb > 0 ? { resourceLimits: { maxYoungGenerationSizeMb: youngMb } } : {}) });
}

class PlayerThread {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  readonly ready: Promise<void>;
  /** Players connected at the last probe or collect. */
  live = 0;
  private failed: Error | null = null;

  constructor(readonly worker: Worker) {
    this.ready = new Promise((resolve, reject) => {
      this.waiting.set(0, { resolve: () => resolve(), reject });
    });
    worker.on("message", (r: Reply) => {
      const w = this.waiting.get(r.id);
      if (!w) return;
      this.waiting.delete(r.id);
      if (r.ok) w.resolve(r.value);
      else w.reject(new Error(r.error));
    });
    const fail = (err: Error) => {
      this.failed = err;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`player thread exited (code ${code})`)));
  }

  ask<T>(command: Command): Promise<T> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, command });
    });
  }
}

export interface JoinFigures {
  started: number;
  failures: number;
  errors: Map<string, number>;
  retries: Map<string, number>;
  latency: Latencies;
  rampLatency: Latencies;
  rampTables: Set<string>;
  requeues: number;
}

export interface ActionFigures {
  sent: number;
  acked: number;
  ok: number;
  rejected: Map<string, number>;
  ackTimeouts: number;
  serverErrors: number;
  drops: number;
  lostRooms: number;
  bytesIn: number;
  framesIn: number;
  matchesFinished: number;
  latencies: Latencies;
}

/** What every thread measured, merged: exact percentiles from all raw samples. */
export interface MergedFigures {
  live: number;
  actions: ActionFigures;
  join: JoinFigures;
  /** Per thread, over the measured window: the worst thread is what the bottleneck check reads. */
  loops: LoopFigures[];
}

export class PlayerThreads {
  private readonly threads: PlayerThread[];
  private nextJoin = 0;
  /** Ramp / storm joins that have an answer (seated or failed). */
  joinsDone = 0;

  private constructor(threads: PlayerThread[]) {
    this.threads = threads;
  }

  /** `youngMb`: each thread's young generation in MiB (0: V8's default). */
  static async start(count: number, base: Omit<ThreadSettings, "namePrefix">, youngMb = 0): Promise<PlayerThreads> {
    const threads = Array.from(
      { length: count },
      (_, i) => new PlayerThread(spawn({ ...base, namePrefix: `load${count > 1 ? `-t${i + 1}` : ""}` }, `players-${i + 1}`, youngMb)),
    );
    const pool = new PlayerThreads(threads);
    try {
      await Promise.all(threads.map((t) => t.ready));
    } catch (err) {
      await pool.terminate();
      throw err;
    }
    return pool;
  }

  get count(): number {
    return this.threads.length;
  }

  /** Players connected, as of the threads' last answers (probe/collect). */
  get live(): number {
    let n = 0;
    for (const t of this.threads) n += t.live;
    return n;
  }

  private all<T>(command: Command): Promise<T[]> {
    return Promise.all(this.threads.map((t) => t.ask<T>(command)));
  }

  /** One join, on the next thread in turn (the threads' shares stay even). */
  private joinOne(): Promise<void> {
    const t = this.threads[this.nextJoin++ % this.threads.length] as PlayerThread;
    return t.ask<void>({ op: "join", ramp: true });
  }

  /**
   * Start `count` joins at `ratePerS`, with at most `maxInFlight` waiting for an answer;
   * resolves when all answered or at the time-out. Returns how long it took (the same pacing as
   * the single-process population: pacing.ts), the joins spread over the threads.
   */
  async ramp(count: number, ratePerS: number, maxInFlight: number, timeoutMs: number): Promise<number> {
    // A failed join is counted by its thread (joinErrors); a dead thread fails the run at collect.
    const tookMs = await pacedLaunches(count, ratePerS, maxInFlight, timeoutMs, () =>
      this.joinOne().finally(() => {
        this.joinsDone += 1;
      }),
    );
    await this.probe(); // players seated now
    return tookMs;
  }

  record(on: boolean): Promise<unknown> {
    return this.all({ op: "record", on });
  }

  pause(on: boolean): Promise<unknown> {
    return this.all({ op: "pause", on });
  }

  resume(spreadMs: number): Promise<unknown> {
    return this.all({ op: "resume", spreadMs });
  }

  loopWindow(): Promise<unknown> {
    return this.all({ op: "loopWindow" });
  }

  /** Each thread's event loop since the previous probe; updates `live`. */
  async probe(): Promise<LoopFigures[]> {
    const replies = await Promise.all(
      this.threads.map(async (t) => {
        const r = await t.ask<ProbeReply>({ op: "probe" });
        t.live = r.live;
        return r.loop;
      }),
    );
    return replies;
  }

  /** The reconnect storm over all threads: `share` of all candidates, split exactly. */
  async reconnectStorm(options: ReconnectOptions): Promise<ReconnectResult> {
    const counts = await this.all<number>({ op: "stormCandidates" });
    const parts = splitStorm(counts, options.share);
    const results = await Promise.all(this.threads.map((t, i) => t.ask<ReconnectSamples>({ op: "storm", count: parts[i] as number, options })));
    return mergeReconnect(results);
  }

  /** Everything measured; the per-window samples go into `windows` (the main thread's clock). */
  async collect(windows: WindowedLatencies | undefined, originMs: number): Promise<MergedFigures> {
    const parts = await Promise.all(
      this.threads.map(async (t) => {
        const c = await t.ask<Collected>({ op: "collect" });
        t.live = c.live;
        return c;
      }),
    );
    const add = (m: Map<string, number>, entries: [string, number][]) => {
      for (const [k, v] of entries) m.set(k, (m.get(k) ?? 0) + v);
    };
    const actions: ActionFigures = {
      sent: 0,
      acked: 0,
      ok: 0,
      rejected: new Map(),
      ackTimeouts: 0,
      serverErrors: 0,
      drops: 0,
      lostRooms: 0,
      bytesIn: 0,
      framesIn: 0,
      matchesFinished: 0,
      latencies: new Latencies(),
    };
    const join: JoinFigures = {
      started: 0,
      failures: 0,
      errors: new Map(),
      retries: new Map(),
      latency: new Latencies(),
      rampLatency: new Latencies(),
      rampTables: new Set(),
      requeues: 0,
    };
    let live = 0;
    for (const c of parts) {
      live += c.live;
      const a = c.actions;
      actions.sent += a.sent;
      actions.acked += a.acked;
      actions.ok += a.ok;
      add(actions.rejected, a.rejected);
      actions.ackTimeouts += a.ackTimeouts;
      actions.serverErrors += a.serverErrors;
      actions.drops += a.drops;
      actions.lostRooms += a.lostRooms;
      actions.bytesIn += a.bytesIn;
      actions.framesIn += a.framesIn;
      actions.matchesFinished += a.matchesFinished;
      actions.latencies.addAll(a.latencies);
      const j = c.join;
      join.started += j.started;
      add(join.errors, j.errors);
      add(join.retries, j.retries);
      join.latency.addAll(j.latencies);
      join.rampLatency.addAll(j.rampLatencies);
      for (const id of j.rampTables) join.rampTables.add(id);
      join.requeues += j.requeues;
      if (windows) {
        const tl = c.timeline;
        for (let i = 0; i < tl.atMs.length; i++) windows.add(originMs + (tl.atMs[i] as number), tl.latencyMs[i] as number);
        for (const at of tl.errorAtMs) windows.addError(originMs + at);
      }
    }
    for (const v of join.errors.values()) join.failures += v;
    return { live, actions, join, loops: parts.map((c) => c.loop) };
  }

  /** Leave politely (bounded), then end the threads. */
  async leaveAll(timeoutMs = 15_000): Promise<void> {
    await this.all({ op: "leave", timeoutMs }).catch(() => {});
    await this.terminate();
  }

  async terminate(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.worker.terminate().catch(() => 0)));
  }
}
