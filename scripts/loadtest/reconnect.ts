import type { Client, Room } from "@colyseus/sdk";
import { noReconnect } from "../../bench/lib/clients.js";
import type { ScriptedPlayer } from "../../bench/lib/player.js";
import { Latencies, sleep, type LatencySummary } from "../../bench/lib/stats.js";
import type { Population } from "./population.js";

/**
 * Reconnect storm: a share of the seated players lose their socket at once (cut without a close
 * frame, as a dropped network does) and each comes back after a random delay within the return
 * window, the way the web client does: the SDK's reconnection token first, then `joinById` with
 * the same account. A player counts as back only when the room state shows his user in the
 * SAME seat index as before the drop, connected.
 */

export interface ReconnectOptions {
  share: number;
  returnWithinMs: number;
  /** Longest one attempt (token or joinById) may take. */
  attemptTimeoutMs: number;
  /** auto: token first, joinById as the fallback; joinById: the fallback only. */
  via: "auto" | "joinById";
}

export interface ReconnectResult {
  dropped: number;
  back: number;
  viaToken: number;
  viaJoinById: number;
  /** Not back in his own seat (wrong seat, refused, timed out). */
  failures: number;
  /** The table's match ended while he was away (GAME_ENDED): not a failure of reconnection. */
  tableEnded: number;
  /** Drop → back in his seat (includes the chosen wait before returning). */
  downtime: LatencySummary;
  /** From the start of the successful attempt to the seat verified. */
  attempt: LatencySummary;
  /** Token attempts refused, by reason (first 80 characters). */
  tokenRefusals: Record<string, number>;
  /** Why players were not back, by reason. */
  failureReasons: Record<string, number>;
  /** Run time (s) of the drop. */
  atS: number;
}

/** Cut the socket without a close frame: the server sees an abnormal drop (code 1006). */
export function cut(room: Room): void {
  const socket = (room.connection.transport as unknown as { ws?: { terminate?(): void; close(): void } }).ws;
  if (socket?.terminate) socket.terminate();
  else socket?.close();
}

function bump(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

function message(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 80);
}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

interface SeatView {
  seats?: { length: number; [i: number]: { userId: string; connected: boolean } | undefined };
}

/** Wait until the new room's state shows this user connected in `seat`; the seat index seen otherwise. */
async function seatOf(room: Room, userId: string, seat: number, timeoutMs: number): Promise<{ ok: boolean; seen: number }> {
  const until = performance.now() + timeoutMs;
  let seen = -1;
  for (;;) {
    const seats = (room.state as unknown as SeatView | undefined)?.seats;
    if (seats && seats.length > 0) {
      seen = -1;
      for (let i = 0; i < seats.length; i++) if (seats[i]?.userId === userId) seen = i;
      if (seen === seat && seats[seat]?.connected) return { ok: true, seen };
    }
    if (performance.now() > until) return { ok: false, seen };
    await sleep(20);
  }
}

/** Players seated in a table that is still playing: who can take part in a reconnect storm. */
export function stormCandidates(pop: Population): ScriptedPlayer[] {
  return [...pop.live].filter((p) => p.seatInState() >= 0 && (p.room.state as unknown as { status?: string }).status === "playing");
}

/** One player thread's part of a storm: its result with the raw samples, so parts merge exactly. */
export interface ReconnectSamples {
  result: ReconnectResult;
  downtimeMs: number[];
  attemptMs: number[];
}

/**
 * Drop `count` of this population's candidates at random (default: `share` of them) and bring
 * each back. A run over several player threads asks each for its exact part of the total.
 */
export async function reconnectStorm(pop: Population, o: ReconnectOptions, nowS: () => number, count?: number): Promise<ReconnectSamples> {
  const candidates = stormCandidates(pop);
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [candidates[i], candidates[j]] = [candidates[j] as ScriptedPlayer, candidates[i] as ScriptedPlayer];
  }
  const chosen = candidates.slice(0, count ?? Math.round(candidates.length * o.share));
  const downtime = new Latencies();
  const attempt = new Latencies();
  const result = noneBackYet(chosen.length, downtime, attempt, nowS());

  const one = async (p: ScriptedPlayer): Promise<void> => {
    const client = pop.clients.get(p) as Client;
    const seat = p.seatInState();
    const roomId = p.room.roomId;
    const token = p.room.reconnectionToken;
    p.suspend();
    cut(p.room);
    const droppedAt = performance.now();
    // Come back at a random moment within the window (at least 0.5 s: a real drop is noticed, not instant).
    await sleep(500 + Math.random() * Math.max(0, o.returnWithinMs - 500));

    const tryJoin = async (how: "token" | "joinById"): Promise<Room | string> => {
      const started = performance.now();
      let room: Room | undefined;
      try {
        room = await withTimeout(how === "token" ? client.reconnect(token) : client.joinById(roomId), o.attemptTimeoutMs, how);
      } catch (err) {
        return message(err);
      }
      noReconnect(room);
      const check = await seatOf(room, p.userId, seat, o.attemptTimeoutMs);
      if (!check.ok) {
        void room.leave(true).catch(() => {});
        return check.seen < 0 ? "not seated in the room state" : `came back in seat ${check.seen}, not his seat ${seat}`;
      }
      attempt.add(performance.now() - started);
      return room;
    };

    let got: Room | string = o.via === "joinById" ? "token not tried (--reconnect-via joinById)" : await tryJoin("token");
    if (typeof got === "string") {
      if (o.via === "auto") bump(result.tokenRefusals, got);
      got = await tryJoin("joinById");
      if (typeof got !== "string") result.viaJoinById += 1;
    } else {
      result.viaToken += 1;
    }
    if (typeof got === "string") {
      pop.forget(p);
      if (/GAME_ENDED|game is over/i.test(got)) result.tableEnded += 1;
      else {
        result.failures += 1;
        bump(result.failureReasons, got);
      }
      return;
    }
    downtime.add(performance.now() - droppedAt);
    result.back += 1;
    pop.clients.set(p, client);
    p.resume(got);
  };

  await Promise.all(chosen.map((p) => one(p)));
  result.downtime = downtime.summary();
  result.attempt = attempt.summary();
  return { result, downtimeMs: [...downtime.values()], attemptMs: [...attempt.values()] };
}

/** A storm's result before anyone is back: `dropped` players out, every count at zero. */
function noneBackYet(dropped: number, downtime: Latencies, attempt: Latencies, atS: number): ReconnectResult {
  return {
    dropped,
    back: 0,
    viaToken: 0,
    viaJoinById: 0,
    failures: 0,
    tableEnded: 0,
    downtime: downtime.summary(),
    attempt: attempt.summary(),
    tokenRefusals: {},
    failureReasons: {},
    atS,
  };
}

/** The storm over every player thread: counts and reasons added, percentiles over all samples. */
export function mergeReconnect(parts: readonly ReconnectSamples[]): ReconnectResult {
  const downtime = new Latencies();
  const attempt = new Latencies();
  const merged = noneBackYet(0, downtime, attempt, Number.NaN);
  for (const { result: r, downtimeMs, attemptMs } of parts) {
    merged.dropped += r.dropped;
    merged.back += r.back;
    merged.viaToken += r.viaToken;
    merged.viaJoinById += r.viaJoinById;
    merged.failures += r.failures;
    merged.tableEnded += r.tableEnded;
    for (const [k, v] of Object.entries(r.tokenRefusals)) merged.tokenRefusals[k] = (merged.tokenRefusals[k] ?? 0) + v;
    for (const [k, v] of Object.entries(r.failureReasons)) merged.failureReasons[k] = (merged.failureReasons[k] ?? 0) + v;
    merged.atS = Number.isFinite(merged.atS) ? Math.min(merged.atS, r.atS) : r.atS;
    downtime.addAll(downtimeMs);
    attempt.addAll(attemptMs);
  }
  merged.downtime = downtime.summary();
  merged.attempt = attempt.summary();
  return merged;
}

/**
 * Split a storm of `share` of all candidates over threads holding `counts` candidates each:
 * the total is what one population would drop; each thread's part is proportional (largest
 * remainders get the rounding).
 */
export function splitStorm(counts: readonly number[], share: number): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const want = Math.round(total * share);
  if (total === 0) return counts.map(() => 0);
  const exact = counts.map((c) => (c / total) * want);
  const parts = exact.map((x) => Math.floor(x));
  let left = want - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left <= 0) break;
    if ((parts[i] as number) < (counts[i] as number)) {
      parts[i] = (parts[i] as number) + 1;
      left -= 1;
    }
  }
  return parts;
}
