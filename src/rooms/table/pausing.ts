import type { TeamOutcome } from "../../games/core/GameDefinition.js";
import type { Logger } from "../../platform/logger.js";
import type { TableState } from "../../schema/TableState.js";
import type { StatusChange } from "../../services/tableRegistry.js";
import type { RoomServices } from "../context.js";
import { CLOSE_IDLE_UNLOADED, MESSAGE } from "../protocol.js";
import type { TableClient } from "./client.js";
import { IdleWatch } from "./idle.js";
import type { MatchLog } from "./log.js";
import { TableManagement } from "./management.js";
import type { MatchFlow } from "./match.js";
import { PauseControl, type TableCallResult, type TableCaller } from "./pauseControl.js";
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
 */
export class TablePausing<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options> {
  readonly pauses: PauseControl;
  readonly idle: IdleWatch;
  readonly management: TableManagement<State, Action, View, Event, Outcome, Box, Options>;

  constructor(private readonly host: PausingHost<State, Action, View, Event, Outcome, Box, Options>) {
    const clock = host.match.turnClock;
    this.pauses = new PauseControl({
      state: host.state,
      hasHost: host.mode === "private",
      clock,
      owners: () => this.owners(),
      now: () => host.now(),
      seatOf: (userId) => host.seats.ofUser(userId)?.index ?? -1,
      hostClient: () => (host.mode === "private" ? host.seats.clientOf(host.state.hostSeat) : undefined),
      seatName: (seat) => host.seats.get(seat)?.name ?? "",
      restartTurn: (remaining) => host.match.scheduleTurn(remaining),
      recordStatus: (change) => host.recordStatus(change),
      audit: (kind, userId, detail) => host.services.audit.record({ kind, userId, roomId: host.roomId, matchId: host.match.matchId || null, detail }),
      sendError: (client, code, message) => host.sendError(client, code, message),
      commit: () => host.commit(),
      log: () => host.log(),
    });
    this.idle = new IdleWatch(
      {
        timer: (fn, ms) => host.timer(fn, ms),
        now: () => host.now(),
        // A connected human whose turn clock runs is expected to act: not idle.
        busy: () => host.state.activeSeats.some((s) => clock.deadlineOf(s) !== undefined && host.seats.get(s)?.connected === true),
        onWarning: (deadline) => host.broadcast(MESSAGE.idleWarning, { deadline }),
        onIdle: () => void this.management.unloadIdle(CLOSE_IDLE_UNLOADED),
      },
      host.services.config.idlePauseS * 1000,
    );
    this.management = new TableManagement({
      state: host.state,
      roomId: host.roomId,
      services: host.services,
      match: host.match,
      matchLog: host.matchLog,
      pauses: this.pauses,
      idle: this.idle,
      owners: () => this.owners(),
      persist: () => host.persist(),
      freezeAndSave: () => {
        const clocks = clock.remaining();
        host.match.stop();
        host.saveRoomState(clocks);
      },
      recordStatus: (change) => host.recordStatus(change),
      registrySettled: () => host.registrySettled(),
      broadcast: (type, payload) => host.broadcast(type, payload),
      releaseHoldings: () => host.releaseHoldings(),
      rememberEnded: () => host.rememberEnded(),
      disconnect: (code) => host.disconnect(code),
      commit: () => host.commit(),
      log: () => host.log(),
    });
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
    this.pauses.playerReturned(userId);
    if (this.host.mode === "private" && client.userData?.seat === this.host.state.hostSeat) this.pauses.hostArrived(client);
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
