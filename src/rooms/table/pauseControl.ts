import type { Logger } from "../../platform/logger.js";
import type { TableState } from "../../schema/TableState.js";
import type { AccessClaims } from "../../services/tokens.js";
import { ERROR, MESSAGE } from "../protocol.js";
import type { TableClient } from "./client.js";
import type { TurnClock } from "./clock.js";
import { PauseBook, parsePauseSnapshot, type PauseActor, type PauseReason, type PauseRefusal, type PauseSnapshot } from "./pause.js";

/** Who calls a room method over REST (`matchMaker.remoteRoomCall(roomId, name, [by])`). */
export interface TableCaller {
  userId: string;
  admin: boolean;
}

/** The answer of a room method called over REST (docs/LIFECYCLE contract). */
export type TableCallResult = { ok: true } | { ok: false; code: string; message: string };

/** A registry status change written by the room (fire-and-forget; see TableRegistry.status). */
export interface PauseStatusChange {
  status: "paused" | "playing";
  pausedReason: PauseReason | null;
  pausedBy: string | null;
}

export interface PauseControlHost {
  readonly state: TableState;
  /** Private tables: a host who answers pause requests. */
  readonly hasHost: boolean;
  readonly clock: TurnClock;
  /** Who owns the table (see PauseHost.owners). */
  owners(): readonly string[];
  now(): number;
  /** The table's seat held by this user (-1 when none). */
  seatOf(userId: string): number;
  /** The connected client of the private table's host. */
  hostClient(): TableClient | undefined;
  seatName(seat: number): string;
  /** Restart the turn after a pause: human clocks with their remaining time (`remaining`), bots scheduled. */
  restartTurn(remaining: Map<number, number>): void;
  /** The registry's copy of the table status (fire-and-forget). */
  recordStatus(change: PauseStatusChange): void;
  audit(kind: string, userId: string | null, detail: Record<string, unknown>): void;
  sendError(client: TableClient, code: string, message: string): void;
  commit(): void;
  log(): Logger;
}

/**
 * Pausing and resuming a running table (docs/PROTOCOL.md "Pause"): the `pause`, `resume` and
 * `pauseRequest` messages, the REST room methods `pauseTable`/`resumeTable`, and the idle
 * rule's pause. Pausing freezes every turn clock (each seat keeps its remaining time) and the
 * bots; resuming restarts them with that time.
 */
export class PauseControl {
  readonly book: PauseBook;

  constructor(private readonly host: PauseControlHost) {
    // The control's host is the book's host too (state, hasHost, owners, now): no adapter object per table.
    this.book = new PauseBook(host);
  }

  get paused(): PauseSnapshot | null {
    return this.book.paused;
  }

  // ─────────────── messages ───────────────

  onPauseMessage(client: TableClient): void {
    const actor = this.actorOf(client);
    const refusal = this.book.checkPause(actor, ERROR.NOT_HOST);
    if (refusal) return this.refuse(client, refusal);
    this.pause("manual", actor.seat, actor.userId, actor.admin);
  }

  onResumeMessage(client: TableClient): void {
    const actor = this.actorOf(client);
    const refusal = this.book.checkResume(actor, ERROR.NOT_HOST);
    if (refusal) return this.refuse(client, refusal);
    this.resume(actor.userId, actor.admin);
  }

  onRequestMessage(client: TableClient): void {
    const actor = this.actorOf(client);
    const refusal = this.book.request(actor);
    if (refusal) return this.refuse(client, refusal);
    this.host.log().info({ seat: actor.seat }, "pause requested");
    this.host.hostClient()?.send(MESSAGE.pauseRequested, { seat: actor.seat, name: this.host.seatName(actor.seat) });
  }

  /** The host (re)joined: the pause requests still open are shown to him again. */
  hostArrived(client: TableClient): void {
    for (const seat of this.book.openRequests()) client.send(MESSAGE.pauseRequested, { seat, name: this.host.seatName(seat) });
  }

  // ─────────────── REST (room methods) ───────────────

  pauseTable(by: TableCaller): TableCallResult {
    const actor = { userId: by.userId, admin: by.admin, seat: this.host.seatOf(by.userId) };
    const refusal = this.book.checkPause(actor, ERROR.NOT_OWNER);
    if (refusal) return { ok: false, ...refusal };
    // An admin who is not playing here pauses as "the admin" (pausedBy -1).
    this.pause("manual", actor.seat, actor.userId, actor.admin);
    this.host.commit();
    return { ok: true };
  }

  resumeTable(by: TableCaller): TableCallResult {
    const actor = { userId: by.userId, admin: by.admin, seat: this.host.seatOf(by.userId) };
    const refusal = this.book.checkResume(actor, ERROR.NOT_OWNER);
    if (refusal) return { ok: false, ...refusal };
    this.resume(actor.userId, actor.admin);
    this.host.commit();
    return { ok: true };
  }

  // ─────────────── the rule ───────────────

  /** Pause a playing table: clocks and bots stop, the state shows who and why. */
  pause(reason: PauseReason, seat: number, userId: string | null, admin = false): void {
    if (this.host.state.status !== "playing") return;
    this.host.clock.pause();
    this.book.pause(reason, { seat, userId });
    this.host.log().info({ reason, seat, userId, admin }, "table paused");
    if (reason === "manual" && userId) this.host.audit("room.paused", userId, { seat, admin });
    this.host.recordStatus({ status: "paused", pausedReason: reason, pausedBy: userId });
  }

  /** Resume a paused table: every clock restarts with the time it had left. */
  resume(userId: string | null, admin = false): void {
    if (this.host.state.status !== "paused") return;
    const remaining = this.host.clock.remaining();
    const was = this.book.paused;
    const pausedMs = this.book.resume();
    this.host.clock.clear();
    this.host.restartTurn(remaining);
    this.host.log().info({ userId, admin, pausedMs, reason: was?.reason }, "table resumed");
    if (userId) this.host.audit("room.resumed", userId, { admin, pausedMs });
    this.host.recordStatus({ status: "playing", pausedReason: null, pausedBy: null });
  }

  /**
   * A seated player came back (joined or reconnected): a table paused by the idle rule resumes
   * on its own (a manual pause waits for its owner).
   */
  playerReturned(userId: string): void {
    if (this.book.paused?.reason === "idle") this.resume(userId);
  }

  /** What a stored table keeps of its pause (part of the room state stored on unload). */
  snapshot(): PauseSnapshot | null {
    return this.book.paused;
  }

  /**
   * A revived table comes back paused as it was (its clocks frozen with their stored time: the
   * caller starts them after this, `clock.start(seat, ms)` keeps them frozen).
   */
  restore(raw: unknown): boolean {
    const snapshot = parsePauseSnapshot(raw);
    if (!snapshot) return false;
    this.host.clock.pause();
    this.book.restore(snapshot);
    return true;
  }

  private actorOf(client: TableClient): PauseActor {
    const data = client.userData;
    const claims = client.auth as AccessClaims | undefined;
    return {
      userId: data?.userId ?? claims?.sub ?? "",
      admin: claims?.role === "admin",
      seat: data?.role === "player" ? data.seat : -1,
    };
  }

  private refuse(client: TableClient, refusal: PauseRefusal): void {
    this.host.sendError(client, refusal.code, refusal.message);
  }
}
