import type { ReconnectOptions, ReconnectSamples } from "./reconnect.js";

/**
 * What the load tool's main thread and its player threads say to each other. The main thread
 * keeps the run (phases, server probe, timeline, report); each player thread holds a share of
 * the simulated players (their SDK clients, sockets and decoded states) and sends back raw
 * samples, never percentiles, so the report's percentiles are exact over all players.
 */

export interface ThreadSettings {
  url: string;
  /** JWT secret to sign player tokens with; undefined: guests from POST /auth/guest. */
  secret: string | undefined;
  /** Distinct per thread, so user names do not collide. */
  namePrefix: string;
  mode: "quick" | "bots";
  paceMs: number;
  jitterMs: number;
  /** The run's time origin as an epoch (performance.timeOrigin + origin of the main thread). */
  originEpochMs: number;
  /** Width of the per-window latency buckets. */
  windowMs: number;
}

export type Command =
  | { op: "join"; ramp: boolean }
  /** Start (true) or end (false) the measured window; starting resets the window's counters. */
  | { op: "record"; on: boolean }
  | { op: "pause"; on: boolean }
  /** Every player tries to act again at a random moment within `spreadMs` (after a pause). */
  | { op: "resume"; spreadMs: number }
  /** Event-loop figures since the last probe (and a new probe window), players connected. */
  | { op: "probe" }
  /** Start a new loop window for the measured window's figures. */
  | { op: "loopWindow" }
  /** Players in a table still playing (the reconnect storm's candidates). */
  | { op: "stormCandidates" }
  | { op: "storm"; count: number; options: ReconnectOptions }
  | { op: "collect" }
  | { op: "leave"; timeoutMs: number };

export interface Request {
  id: number;
  command: Command;
}

export interface LoopFigures {
  delayP99Ms: number;
  delayMaxMs: number;
  /** Share of the time the thread's event loop was busy (0..1). */
  utilisation: number;
  gcMaxMs: number;
}

export interface ProbeReply {
  live: number;
  loop: LoopFigures;
}

/** Everything a thread measured, as raw samples and counters. */
export interface Collected {
  live: number;
  actions: {
    sent: number;
    acked: number;
    ok: number;
    rejected: [string, number][];
    ackTimeouts: number;
    serverErrors: number;
    drops: number;
    lostRooms: number;
    bytesIn: number;
    framesIn: number;
    matchesFinished: number;
    /** action→ack of the measured window (ms). */
    latencies: number[];
  };
  /** Every ack of the run (main thread's clock: ms since the run's origin) and its latency, and every error's time. */
  timeline: { atMs: Float64Array; latencyMs: Float64Array; errorAtMs: Float64Array };
  join: {
    started: number;
    errors: [string, number][];
    retries: [string, number][];
    latencies: number[];
    rampLatencies: number[];
    rampTables: string[];
    requeues: number;
  };
  /** The thread's event loop over the measured window (since the last loopWindow). */
  loop: LoopFigures;
}

/** What a command answers with (undefined: done). */
export type ReplyValue = ProbeReply | Collected | ReconnectSamples | number | undefined;

export type Reply =
  | { id: number; ok: true; value?: ReplyValue }
  | { id: number; ok: false; error: string };
