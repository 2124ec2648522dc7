import type { TeamOutcome } from "../../games/core/GameDefinition.js";
import type { Logger } from "../../platform/logger.js";
import type { TableState } from "../../schema/TableState.js";
import type { StatusChange } from "../../services/tableRegistry.js";
import type { RoomServices } from "../context.js";
import { CLOSE_IDLE_UNLOADED, MESSAGE } from "../protocol.js";
import type { TableClient } from "./client.js";
import { IdleWatch, type IdleHost } from "./idle.js";
import type { MatchLog } from "./log.js";
import { TableManagement, type ManagementHost } from "./management.js";
import type { MatchFlow } from "./match.js";
import { PauseControl, type PauseControlHost, type TableCallResult, type TableCaller } from "./pauseControl.js";
import type { PauseSnapshot } from "./pause.js";
import type { TurnClock } from "./clock.js";
import type { Seats } from "./seats.js";
import type { Timer } from "./timers.js";

/** What pausing, the idle rule and table management need from their room. */
export interface PausingHost<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options> {
  readonly state: TableState;
  readonly mode: "quick" | "bots" | "private";
  readonly roomId: string;
  readonly services: RoomServices;
  readonly seats: Seats;
  readonly match: MatchFlow<State, Action, View, Event, Outcome, Box, Options>;
  readonly matchLog: MatchLog<Event>;
  /** The table's creator (registry owner_id; null for quick tables). */
  readonly creatorId: string | null;
  now(): number;
  timer(fn: () => void, ms: number): Timer;
  /** Store the live match (interrupted) before the table goes (the room's shutdown path). */
  persist(): Promise<void>;
  /** The room state a resume needs, with the clocks' remaining time (table/records.ts). */
  saveRoomState(clocks: ReadonlyMap<number, number>): void;
  recordStatus(change: StatusChange): void;
  registrySettled(): Promise<void>;
  broadcast(type: string, payload: unknown): void;
  releaseHoldings(): void;
  rememberEnded(): void;
  disconnect(code?: number): Promise<unknown>;
  sendError(client: TableClient, code: string, message: string): void;
  commit(): void;
  log(): Logger;
}

/**
 * A table's pause (docs/PROTOCOL.md §5b) wired to its room: the pause control (messages and REST
 * room methods), the idle rule (warning, then pause and unload) and table management (delete).
 *
 * This object is the host of all three (their host interfaces are its members), instead of an
 * object literal of closures per part: ≈ 2 KiB less per table (issue 10, heap per table). The
 * pause control and the management part are made on first use (most tables never pause and are
 * never deleted or unloaded); the idle rule watches every started table.
 */
export class TablePausing<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options>
  implements PauseControlHost, IdleHost, ManagementHost<State, Action, View, Event, Outcome, Box, Options>
{
  readonly idle: IdleWatch;
  private pauseControl: PauseControl | null = null;
  private tableManagement: TableManagement<State, Action, View, Event, Outcome, Box, Options> | null = null;

  constructor(private readonly host: PausingHost<State, Action, View, Event, Outcome, Box, Options>) {
    this.idle = new IdleWatch(this, host.services.config.idlePauseS * 1000);
  }

  get pauses(): PauseControl {
    this.pauseControl ??= new PauseControl(this);
    return this.pauseControl;
  }

  get management(): TableManagement<State, Action, View, Event, Outcome, Box, Options> {
    this.tableManagement ??= new TableManagement(this);
    return this.tableManagement;
  }

  /** The idle rule is unloading the table (false while the management part was never needed). */
  get unloading(): boolean {
    return this.tableManagement?.unloading ?? false;
  }

  /** The pause a stored table keeps (null when it is not paused, or was never paused here). */
  pauseSnapshot(): PauseSnapshot | null {
    return this.pauseControl?.snapshot() ?? null;
  }

  // ─────────────── the parts' host: the room's facts ───────────────

  get state(): TableState {
    return this.host.state;
  }
  get roomId(): string {
    return this.host.roomId;
  }
  get services(): RoomServices {
    return this.host.services;
  }
  get match(): MatchFlow<State, Action, View, Event, Outcome, Box, Options> {
    return this.host.match;
  }
  get matchLog(): MatchLog<Event> {
    return this.host.matchLog;
  }
  get clock(): TurnClock {
    return this.host.match.turnClock;
  }
  /** Private tables: a host who answers pause requests. */
  get hasHost(): boolean {
    return this.host.mode === "private";
  }

  // ─────────────── the parts' host: the room's callbacks ───────────────

  now(): number {
    return this.host.now();
  }
  timer(fn: () => void, ms: number): Timer {
    return this.host.timer(fn, ms);
  }
  seatOf(userId: string): number {
    return this.host.seats.ofUser(userId)?.index ?? -1;
  }
  hostClient(): TableClient | undefined {
    return this.host.mode === "private" ? this.host.seats.clientOf(this.host.state.hostSeat) : undefined;
  }
  seatName(seat: number): string {
    return this.host.seats.get(seat)?.name ?? "";
  }
  restartTurn(remaining: Map<number, number>): void {
    this.host.match.scheduleTurn(remaining);
  }
  recordStatus(change: StatusChange): void {
    this.host.recordStatus(change);
  }
  audit(kind: string, userId: string | null, detail: Record<string, unknown>): void {
    this.host.services.audit.record({ kind, userId, roomId: this.host.roomId, matchId: this.host.match.matchId || null, detail });
  }
  sendError(client: TableClient, code: string, message: string): void {
    this.host.sendError(client, code, message);
  }
  commit(): void {
    this.host.commit();
  }
  log(): Logger {
    return this.host.log();
  }
  /** A connected human whose turn clock runs is expected to act: not idle. */
  busy(): boolean {
    const { state, seats } = this.host;
    const clock = this.host.match.turnClock;
    return state.activeSeats.some((s) => clock.deadlineOf(s) !== undefined && seats.get(s)?.connected === true);
  }
  onWarning(deadline: number): void {
    this.host.broadcast(MESSAGE.idleWarning, { deadline });
  }
  onIdle(): void {
    void this.management.unloadIdle(CLOSE_IDLE_UNLOADED);
  }
  persist(): Promise<void> {
    return this.host.persist();
  }
  freezeAndSave(): void {
    const clocks = this.host.match.turnClock.remaining();
    this.host.match.stop();
    this.host.saveRoomState(clocks);
  }
  registrySettled(): Promise<void> {
    return this.host.registrySettled();
  }
  broadcast(type: string, payload: unknown): void {
    this.host.broadcast(type, payload);
  }
  releaseHoldings(): void {
    this.host.releaseHoldings();
  }
  rememberEnded(): void {
    this.host.rememberEnded();
  }
  disconnect(code?: number): Promise<unknown> {
    return this.host.disconnect(code);
  }

  /** Who may pause and resume: the private table's host and its creator, the creator of a vs-bots or REST table. */
  owners(): string[] {
    const { mode, seats, state, creatorId } = this.host;
    const owners: string[] = [];
    if (mode === "private") {
      const hostUser = seats.get(state.hostSeat)?.userId;
      if (hostUser) owners.push(hostUser);
    }
    if (creatorId && mode !== "quick") owners.push(creatorId);
    return owners;
  }

  /** A seated player joined or reconnected: he is active; an idle pause ends; the host sees open pause requests. */
  playerArrived(client: TableClient, userId: string): void {
    this.idle.activity();
    // Nothing to end or show at a table that never paused (its pause control was never made).
    this.pauseControl?.playerReturned(userId);
    if (this.host.mode === "private" && client.userData?.seat === this.host.state.hostSeat) this.pauseControl?.hostArrived(client);
  }

  pauseTable(by: TableCaller): TableCallResult {
    return this.pauses.pauseTable(by);
  }

  resumeTable(by: TableCaller): TableCallResult {
    const result = this.pauses.resumeTable(by);
    if (result.ok) this.idle.activity();
    return result;
  }

  deleteTable(by: TableCaller, closeCode: number): Promise<TableCallResult> {
    return this.management.deleteTable(by, closeCode);
  }
}
