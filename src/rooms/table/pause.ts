import type { TableState } from "../../schema/TableState.js";

/**
 * Pausing a table (issue 12 §3, docs/PROTOCOL.md "Pause"): who may pause and resume, the
 * players' pause requests at private tables, and the public pause fields of the state
 * (`status` "paused", `pausedBy`, `pauseReason`, `pausedAt`). The room stops and restarts the
 * clock and the bots; this part decides and keeps the books.
 */

export type PauseReason = "manual" | "idle";

/** Who asks: a seated player (`seat` ≥ 0), another user (`seat` -1), or an admin over REST. */
export interface PauseActor {
  userId: string;
  admin: boolean;
  /** The actor's seat at this table, -1 when he holds none. */
  seat: number;
}

/** A refusal with its wire code (docs/PROTOCOL.md "Error codes"). */
export interface PauseRefusal {
  code: "NOT_HOST" | "NOT_OWNER" | "ALREADY_PAUSED" | "NOT_PAUSED" | "NOT_STARTED" | "GAME_ENDED" | "NOT_SEATED" | "ALREADY_REQUESTED";
  message: string;
}

/** What a paused table keeps across an unload (part of the room state the resume helper stores). */
export interface PauseSnapshot {
  reason: PauseReason;
  /** Seat of the player who paused; -1 for an admin or the idle rule. */
  bySeat: number;
  /** User who paused (null for the idle rule). */
  byUserId: string | null;
  /** Epoch ms the pause began. */
  at: number;
}

/** A player may ask the host again only after this long. */
export const PAUSE_REQUEST_INTERVAL_MS = 30_000;

export interface PauseHost {
  readonly state: TableState;
  /**
   * The table's owners: the host of a private table (and its creator), the creator of a vs-bots
   * table or of a table created over REST; none for quick-match tables (admins only).
   */
  owners(): readonly string[];
  /** Private tables have a host who answers pause requests. */
  readonly hasHost: boolean;
  now(): number;
}

/**
 * The pause book of one table. `check*` answer whether an actor may do something (null = yes)
 * without changing anything; `pause`/`resume` change the public fields.
 */
export class PauseBook {
  private current: PauseSnapshot | null = null;
  /** seat → time of its latest pause request (cleared by any pause or resume); made by the first request. */
  private requests: Map<number, number> | null = null;

  constructor(private readonly host: PauseHost) {}

  get paused(): PauseSnapshot | null {
    return this.current;
  }

  /** Whether `actor` may pause now (null) or why not; a non-owner is refused as `refusedAs` (NOT_HOST over the WebSocket, NOT_OWNER over REST). */
  checkPause(actor: PauseActor, refusedAs: "NOT_HOST" | "NOT_OWNER"): PauseRefusal | null {
    const status = this.host.state.status;
    if (status === "finished") return { code: "GAME_ENDED", message: "the game has ended" };
    if (status === "waiting") return { code: "NOT_STARTED", message: "the match has not started yet" };
    if (!this.isOwner(actor)) return this.notOwner(refusedAs, "pause");
    if (status === "paused") return { code: "ALREADY_PAUSED", message: "the table is already paused" };
    return null;
  }

  /** Whether `actor` may resume now (null) or why not. */
  checkResume(actor: PauseActor, refusedAs: "NOT_HOST" | "NOT_OWNER"): PauseRefusal | null {
    const status = this.host.state.status;
    if (status === "finished") return { code: "GAME_ENDED", message: "the game has ended" };
    if (status === "waiting") return { code: "NOT_STARTED", message: "the match has not started yet" };
    if (!this.isOwner(actor)) return this.notOwner(refusedAs, "resume");
    if (status !== "paused") return { code: "NOT_PAUSED", message: "the table is not paused" };
    return null;
  }

  /**
   * A seated player asks the host of a private table for a pause. Returns the refusal, or null
   * when the host is to be told (`pauseRequested`). The host himself simply pauses.
   */
  request(actor: PauseActor): PauseRefusal | null {
    const status = this.host.state.status;
    if (actor.seat < 0) return { code: "NOT_SEATED", message: "only seated players can ask for a pause" };
    if (!this.host.hasHost) return { code: "NOT_HOST", message: "pause requests exist only at private tables (the host decides); ask an admin" };
    if (status === "finished") return { code: "GAME_ENDED", message: "the game has ended" };
    if (status === "waiting") return { code: "NOT_STARTED", message: "the match has not started yet" };
    if (status === "paused") return { code: "ALREADY_PAUSED", message: "the table is already paused" };
    if (this.isOwner(actor)) return { code: "NOT_HOST", message: "you are the host: send `pause` to pause the table" };
    const now = this.host.now();
    const last = this.requests?.get(actor.seat);
    if (last !== undefined && now - last < PAUSE_REQUEST_INTERVAL_MS) {
      return { code: "ALREADY_REQUESTED", message: `you asked for a pause less than ${PAUSE_REQUEST_INTERVAL_MS / 1000} s ago; the host decides` };
    }
    (this.requests ??= new Map()).set(actor.seat, now);
    return null;
  }

  /** Seats whose pause request is still open (for the host's screen after a reconnect). */
  openRequests(): number[] {
    if (!this.requests) return [];
    const now = this.host.now();
    return [...this.requests].filter(([, at]) => now - at < PAUSE_REQUEST_INTERVAL_MS).map(([seat]) => seat);
  }

  /** Mark the table paused (the caller stops the clock and the bots). */
  pause(reason: PauseReason, by: { seat: number; userId: string | null }): PauseSnapshot {
    const snapshot: PauseSnapshot = { reason, bySeat: by.seat, byUserId: by.userId, at: Date.now() };
    this.apply(snapshot);
    return snapshot;
  }

  /** Mark the table playing again; returns how long it was paused (ms). */
  resume(): number {
    const was = this.current;
    this.current = null;
    this.requests = null;
    const state = this.host.state;
    state.status = "playing";
    state.pausedBy = -1;
    state.pauseReason = "";
    state.pausedAt = 0;
    return was ? Math.max(0, Date.now() - was.at) : 0;
  }

  /** Restore a stored pause (a table revived after an unload comes back paused as it was). */
  restore(snapshot: PauseSnapshot): void {
    this.apply(snapshot);
  }

  private apply(snapshot: PauseSnapshot): void {
    this.current = snapshot;
    this.requests = null;
    const state = this.host.state;
    state.status = "paused";
    state.pausedBy = snapshot.bySeat;
    state.pauseReason = snapshot.reason;
    state.pausedAt = snapshot.at;
  }

  private isOwner(actor: PauseActor): boolean {
    if (actor.admin) return true;
    return actor.userId !== "" && this.host.owners().includes(actor.userId);
  }

  private notOwner(code: "NOT_HOST" | "NOT_OWNER", what: "pause" | "resume"): PauseRefusal {
    const who = this.host.hasHost ? "the host of this table" : "the table's owner";
    return { code, message: `only ${who} or an admin can ${what} it` };
  }
}

/** The stored form of a pause (JSON), checked when read back. */
export function parsePauseSnapshot(raw: unknown): PauseSnapshot | null {
  if (!raw || typeof raw !== "object") return null;
  const r = raw as Record<string, unknown>;
  if (r.reason !== "manual" && r.reason !== "idle") return null;
  if (typeof r.bySeat !== "number" || typeof r.at !== "number") return null;
  if (r.byUserId !== null && typeof r.byUserId !== "string") return null;
  return { reason: r.reason, bySeat: r.bySeat, byUserId: r.byUserId, at: r.at };
}
