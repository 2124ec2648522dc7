/**
 * A player thread of the load tool (a worker thread): holds its share of the simulated players
 * (SDK clients, sockets, decoded states) on its own event loop and heap, so decoding 5,000
 * players' states does not stall one loop, and one thread's GC pause delays only its players.
 * It answers the main thread's commands (protocol.ts) and reports raw samples.
 */
import "../../src/platform/polyfills.js";
import { parentPort, workerData } from "node:worker_threads";
import { BenchUsers, GuestUsers } from "../../bench/lib/clients.js";
import { RunStats } from "../../bench/lib/player.js";
import { LoopMonitor } from "../../bench/lib/stats.js";
import { WindowedLatencies } from "../../bench/lib/windows.js";
import { Population } from "./population.js";
import type { Collected, Command, LoopFigures, Reply, ReplyValue, Request, ThreadSettings } from "./protocol.js";
import { reconnectStorm, stormCandidates } from "./reconnect.js";
import { SampleColumn } from "./sampleLog.js";

const settings = workerData as ThreadSettings;
const port = parentPort;
if (!port) throw new Error("playerThread.ts runs as a worker thread of the load tool");

// performance.now() of this thread minus this is the time since the run's origin on the main thread.
const localOrigin = settings.originEpochMs - performance.timeOrigin;

/**
 * Every ack's time and latency and every error's time, for the main thread to bucket all threads'
 * samples into windows on its clock. Nothing is bucketed here (the base class's buckets would
 * hold a second copy of every sample), and the samples go into preallocated typed chunks.
 */
class RecordedWindows extends WindowedLatencies {
  readonly atMs = new SampleColumn();
  readonly latencyMs = new SampleColumn();
  readonly errorAtMs = new SampleColumn();
  override add(atMs: number, latencyMs: number): void {
    this.atMs.push(atMs - localOrigin);
    this.latencyMs.push(latencyMs);
  }
  override addError(atMs: number): void {
    this.errorAtMs.push(atMs - localOrigin);
  }
}

const windows = new RecordedWindows(settings.windowMs, localOrigin);
const stats = new RunStats(windows);
const users = settings.secret ? new BenchUsers(settings.secret, settings.namePrefix) : new GuestUsers(settings.url, settings.namePrefix);
const pop = new Population({ url: settings.url, users, mode: settings.mode, paceMs: settings.paceMs, jitterMs: settings.jitterMs, stats });
const probeLoop = new LoopMonitor();
probeLoop.start();
const windowLoop = new LoopMonitor();
windowLoop.start();

function loopFigures(m: LoopMonitor): LoopFigures {
  const l = m.read();
  return { delayP99Ms: l.delayP99Ms, delayMaxMs: l.delayMaxMs, utilisation: l.utilisation, gcMaxMs: l.gcMaxMs };
}

function collect(): Collected {
  return {
    live: pop.live.size,
    actions: {
      sent: stats.sent,
      acked: stats.acked,
      ok: stats.ok,
      rejected: [...stats.rejected],
      ackTimeouts: stats.ackTimeouts,
      serverErrors: stats.serverErrors,
      drops: stats.drops,
      lostRooms: stats.lostRooms,
      bytesIn: stats.bytesIn,
      framesIn: stats.framesIn,
      matchesFinished: stats.matchesFinished,
      latencies: [...stats.latencies.values()],
    },
    timeline: { atMs: windows.atMs.toArray(), latencyMs: windows.latencyMs.toArray(), errorAtMs: windows.errorAtMs.toArray() },
    join: {
      started: pop.joinsStarted,
      errors: [...pop.joinErrors],
      retries: [...pop.joinRetries],
      latencies: [...pop.joinLatency.values()],
      rampLatencies: [...pop.rampJoinLatency.values()],
      rampTables: [...pop.rampTables],
      requeues: pop.requeues,
    },
    loop: loopFigures(windowLoop),
  };
}

async function handle(c: Command): Promise<ReplyValue> {
  switch (c.op) {
    case "join":
      await pop.joinOne(c.ramp);
      return undefined;
    case "record":
      if (c.on) stats.resetWindow();
      stats.recording = c.on;
      return undefined;
    case "pause":
      stats.paused = c.on;
      return undefined;
    case "resume":
      for (const p of pop.live) setTimeout(() => p.poke(), Math.random() * c.spreadMs);
      return undefined;
    case "probe": {
      const loop = loopFigures(probeLoop);
      probeLoop.reset();
      return { live: pop.live.size, loop };
    }
    case "loopWindow":
      windowLoop.reset();
      return undefined;
    case "stormCandidates":
      return stormCandidates(pop).length;
    case "storm":
      return reconnectStorm(pop, c.options, () => (performance.now() - localOrigin) / 1000, c.count);
    case "collect":
      return collect();
    case "leave":
      pop.running = false;
      await pop.leaveAll(c.timeoutMs);
      return undefined;
  }
}

port.on("message", (req: Request) => {
  handle(req.command).then(
    (value) => port.postMessage({ id: req.id, ok: true, value } satisfies Reply),
    (err: unknown) => port.postMessage({ id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) } satisfies Reply),
  );
});
port.postMessage({ id: 0, ok: true } satisfies Reply);
