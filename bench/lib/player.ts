import { performance } from "node:perf_hooks";
import type { Room } from "@colyseus/sdk";
import { decode, type Iterator } from "@colyseus/schema";
import { Latencies } from "./stats.js";
import type { WindowedLatencies } from "./windows.js";

/**
 * A scripted Baloot player over the real SDK: when its seat has legal actions it thinks for
 * `paceMs`, sends one chosen at random as `{ id, action }` on "action" and times the matching
 * "ack" (the room sends the ack after the state patch, so the latency covers apply + patch).
 */

/** The slice of the decoded schema state a player reads (structural: the SDK state is untyped here). */
interface SeatLike {
  userId: string;
  legalActions: { length: number; [index: number]: string | undefined };
}
interface TableLike {
  status: string;
  seq: number;
  seats?: { length: number; [index: number]: SeatLike | undefined };
}

/** Colyseus frame codes (low 5 bits of the first byte) a table sends during play. */
const ROOM_DATA = 13;
const ROOM_STATE = 14;
const ROOM_STATE_PATCH = 15;

/**
 * What a server frame is: "patch", "state" (the full state on join), the message type of a
 * room message ("ack", "events", …) or "other". Lets the benches count frames per kind.
 */
export function frameKind(data: Uint8Array): string {
  const code = (data[0] ?? 0) & 0x1f;
  if (code === ROOM_STATE_PATCH) return "patch";
  if (code === ROOM_STATE) return "state";
  if (code !== ROOM_DATA) return "other";
  const it: Iterator = { offset: 1 };
  try {
    return decode.stringCheck(data, it) ? decode.string(data, it) : `#${decode.number(data, it)}`;
  } catch {
    return "other";
  }
}

/** Frames and bytes received of one kind. */
export interface FrameCount {
  frames: number;
  bytes: number;
}

export interface AckLike {
  id: string;
  ok: boolean;
  error?: { code: string };
}

/** Counters shared by every player of one run (single-threaded: plain numbers are fine). */
export class RunStats {
  readonly latencies = new Latencies();
  /**
   * Per-window latencies and errors over the whole run (ramp included, whatever `recording` says):
   * the "over time" view; the counters above cover the measured window only.
   */
  constructor(readonly timeline?: WindowedLatencies) {}
  sent = 0;
  acked = 0;
  ok = 0;
  rejected = new Map<string, number>();
  ackTimeouts = 0;
  /** Server log entries observed (state.seq deltas: human + bot + room entries), counted by one player per table. */
  applied = 0;
  bytesIn = 0;
  framesIn = 0;
  /** Frames and bytes received by kind (frameKind), over every player, in the measured window. */
  byKind = new Map<string, FrameCount>();
  /** Unexpected connection drops (the SDK may reconnect) and final leaves not asked for. */
  drops = 0;
  reconnects = 0;
  lostRooms = 0;
  serverErrors = 0;
  matchesFinished = 0;
  /** Samples and counters are kept only while this is true (the measurement window). */
  recording = false;
  /** While true nobody starts a new action (idle window: fixed cost of connected tables). */
  paused = false;

  resetWindow(): void {
    this.latencies.reset();
    this.sent = this.acked = this.ok = this.ackTimeouts = this.applied = 0;
    this.bytesIn = this.framesIn = this.drops = this.reconnects = this.lostRooms = this.serverErrors = this.matchesFinished = 0;
    this.rejected = new Map();
    this.byKind = new Map();
  }

  countFrame(data: Uint8Array): void {
    this.bytesIn += data.byteLength;
    this.framesIn += 1;
    const kind = frameKind(data);
    let c = this.byKind.get(kind);
    if (!c) this.byKind.set(kind, (c = { frames: 0, bytes: 0 }));
    c.frames += 1;
    c.bytes += data.byteLength;
  }

  rejectedTotal(): number {
    let n = 0;
    for (const v of this.rejected.values()) n += v;
    return n;
  }
}

export interface PlayerOptions {
  /** Think time once it is this player's turn. */
  paceMs: number;
  /** Uniform random extra think time 0..jitterMs (de-synchronises tables). */
  jitterMs: number;
  /** Never send two messages closer than this (the room allows 20/s per client). */
  minGapMs: number;
  ackTimeoutMs: number;
  /** Count state.seq deltas (one player per table does, so applied actions are not counted 4×). */
  countApplied: boolean;
  onFinished?: (player: ScriptedPlayer) => void;
  onLost?: (player: ScriptedPlayer, code: number) => void;
}

let idCounter = 0;

export class ScriptedPlayer {
  private seatIndex = -1;
  /** The action awaiting its ack; `counted`: sent inside the measured window (only those are counted). */
  private pending: { id: string; sentAt: number; timeout: NodeJS.Timeout; counted: boolean } | null = null;
  private thinkTimer: NodeJS.Timeout | null = null;
  private lastSentAt = 0;
  private lastSeq = -1;
  private stopped = false;
  private finishedSeen = false;

  private current: Room;
  /** True between suspend() and resume(): the old connection's leave is expected, not a loss. */
  private away = false;

  constructor(
    room: Room,
    readonly userId: string,
    private readonly stats: RunStats,
    private readonly options: PlayerOptions,
  ) {
    this.current = room;
    this.wire(room);
  }

  get room(): Room {
    return this.current;
  }

  private wire(room: Room): void {
    const stats = this.stats;
    const events = room.connection.events;
    const onmessage = events.onmessage;
    // Count bytes received below the SDK (patches, acks, events) without changing its behaviour.
    events.onmessage = (ev: { data: ArrayBuffer | Buffer }) => {
      if (stats.recording) stats.countFrame(ev.data instanceof Uint8Array ? ev.data : new Uint8Array(ev.data));
      onmessage?.(ev);
    };
    const mine = () => room === this.current && !this.away;
    room.onMessage("ack", (ack: AckLike) => {
      if (mine()) this.onAck(ack);
    });
    room.onMessage("error", () => {
      if (!mine()) return;
      stats.timeline?.addError(performance.now());
      if (stats.recording) stats.serverErrors += 1;
    });
    // Messages a player does not act on still need a handler (the SDK warns otherwise).
    for (const type of ["events", "turnWarning", "matchEnded", "boxScore"]) room.onMessage(type, () => {});
    room.onStateChange(() => {
      if (mine()) this.onState();
    });
    room.onDrop(() => {
      if (mine() && stats.recording) stats.drops += 1;
    });
    room.onReconnect(() => {
      if (mine() && stats.recording) stats.reconnects += 1;
    });
    room.onLeave((code: number) => {
      if (!mine()) return;
      this.clearTimers();
      if (this.stopped || this.finishedSeen) return;
      this.stopped = true;
      stats.timeline?.addError(performance.now());
      if (stats.recording) stats.lostRooms += 1;
      this.options.onLost?.(this, code);
    });
  }

  /**
   * The connection is about to be cut on purpose (reconnect storm): stop acting and ignore the
   * old room's drop and leave. An action in flight is forgotten (its ack may never come).
   */
  suspend(): void {
    this.away = true;
    this.clearTimers();
  }

  /** Back on a new connection to the same table (token reconnect or joinById): play on. */
  resume(room: Room): void {
    this.current = room;
    this.away = false;
    this.seatIndex = -1;
    this.wire(room);
    this.maybeAct();
  }

  /** The seat index this player's user holds in the current room state (-1: none). */
  seatInState(): number {
    const seats = this.state.seats;
    if (!seats) return -1;
    for (let i = 0; i < seats.length; i++) if (seats[i]?.userId === this.userId) return i;
    return -1;
  }

  private get state(): TableLike {
    return this.room.state as unknown as TableLike;
  }

  private mySeat(): SeatLike | undefined {
    const seats = this.state.seats;
    if (!seats) return undefined;
    if (this.seatIndex < 0) {
      for (let i = 0; i < seats.length; i++) if (seats[i]?.userId === this.userId) this.seatIndex = i;
      if (this.seatIndex < 0) return undefined;
    }
    return seats[this.seatIndex];
  }

  private onState(): void {
    if (this.stopped) return;
    const state = this.state;
    if (this.options.countApplied && typeof state.seq === "number") {
      if (this.lastSeq >= 0 && state.seq > this.lastSeq && this.stats.recording) this.stats.applied += state.seq - this.lastSeq;
      this.lastSeq = state.seq;
    }
    if (state.status === "finished") {
      if (!this.finishedSeen) {
        this.finishedSeen = true;
        this.clearTimers();
        if (this.stats.recording) this.stats.matchesFinished += 1;
        this.options.onFinished?.(this);
      }
      return;
    }
    this.maybeAct();
  }

  /** Act if it is this player's turn (after an idle window). */
  poke(): void {
    this.maybeAct();
  }

  private maybeAct(): void {
    if (this.stopped || this.away || this.stats.paused || this.pending || this.thinkTimer || this.state.status !== "playing") return;
    const seat = this.mySeat();
    if (!seat || seat.legalActions.length === 0) return;
    const think = this.options.paceMs + Math.random() * this.options.jitterMs;
    const gap = this.lastSentAt + this.options.minGapMs - performance.now();
    this.thinkTimer = setTimeout(() => {
      this.thinkTimer = null;
      this.act();
    }, Math.max(think, gap, 0));
  }

  private act(): void {
    if (this.stopped || this.away || this.stats.paused || this.pending || this.state.status !== "playing") return;
    const seat = this.mySeat();
    const n = seat?.legalActions.length ?? 0;
    if (!seat || n === 0) return;
    const choice = seat.legalActions[Math.floor(Math.random() * n)] as string;
    const id = `a${++idCounter}`;
    const sentAt = performance.now();
    const counted = this.stats.recording;
    const timeout = setTimeout(() => {
      if (this.pending?.id !== id) return;
      this.pending = null;
      this.stats.timeline?.addError(performance.now());
      if (this.stats.recording && counted) this.stats.ackTimeouts += 1;
      this.maybeAct();
    }, this.options.ackTimeoutMs);
    this.pending = { id, sentAt, timeout, counted };
    this.lastSentAt = sentAt;
    if (this.stats.recording) this.stats.sent += 1;
    this.room.send("action", { id, action: JSON.parse(choice) as unknown });
  }

  private onAck(ack: AckLike): void {
    const pending = this.pending;
    if (!pending || ack.id !== pending.id) return;
    clearTimeout(pending.timeout);
    this.pending = null;
    const stats = this.stats;
    const now = performance.now();
    stats.timeline?.add(now, now - pending.sentAt);
    if (!ack.ok) stats.timeline?.addError(now);
    if (stats.recording && pending.counted) {
      stats.latencies.add(now - pending.sentAt);
      stats.acked += 1;
      if (ack.ok) stats.ok += 1;
      else {
        const code = ack.error?.code ?? "UNKNOWN";
        stats.rejected.set(code, (stats.rejected.get(code) ?? 0) + 1);
      }
    }
    this.maybeAct();
  }

  private clearTimers(): void {
    if (this.thinkTimer) clearTimeout(this.thinkTimer);
    this.thinkTimer = null;
    if (this.pending) clearTimeout(this.pending.timeout);
    this.pending = null;
  }

  /** Stop acting and leave the room (consented). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    try {
      await this.room.leave(true);
    } catch {
      // Already gone.
    }
  }
}
