import type { ArraySchema } from "@colyseus/schema";
import type { GameDefinition, TeamOutcome } from "../../games/core/GameDefinition.js";
import type { Logger } from "../../platform/logger.js";
import type { SeatState, TableState } from "../../schema/TableState.js";
import type { RoomServices } from "../context.js";
import type { Inbox } from "./inbox.js";
import type { MatchLog } from "./log.js";
import type { MatchFlow } from "./match.js";
import { OWNED_TABLE_WAIT_MS, RegistryWrites, tableOwner } from "./registryWrites.js";
import { captureRoomState, replayLog, type StoredRoomState } from "./resume.js";
import type { ResumeSource } from "./revival.js";
import type { Seats } from "./seats.js";
import type { TableSettings } from "./settings.js";
import type { Timer } from "./timers.js";
import type { StatusChange } from "../../services/tableRegistry.js";
import type { PauseSnapshot } from "./pause.js";

/** What the table's records need from its room. */
export interface RecordsHost<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options> {
  readonly roomId: string;
  readonly roomName: string;
  readonly processId: string;
  readonly services: RoomServices;
  readonly definition: GameDefinition<State, Action, View, Event, Outcome, Box, Options>;
  readonly state: TableState & { seats: ArraySchema<SeatState> };
  readonly seats: Seats;
  readonly match: MatchFlow<State, Action, View, Event, Outcome, Box, Options>;
  readonly matchLog: MatchLog<Event>;
  readonly inbox: Inbox;
  readonly mode: "quick" | "bots" | "private";
  readonly ranked: boolean;
  readonly settings: TableSettings;
  readonly options: Options;
  readonly gameSeed: string;
  readonly joinCode: string;
  readonly clientSeeds: Map<string, string>;
  hasInvitation(): boolean;
  initialEvents(state: State): Event[];
  timer(fn: () => void, ms: number): Timer;
  setAutoDispose(value: boolean): void;
  disconnect(): void;
  /** The table's pause (null when not paused), kept in the room state. */
  pauseSnapshot(): PauseSnapshot | null;
  /** A revived table that was paused comes back paused (clocks frozen with their time). */
  restorePause(pause: PauseSnapshot): void;
  log(): Logger;
}

/**
 * The table's records outside the match log (issue 12): its row and members in the table
 * registry, the room state a resume needs, and the resume itself — seats from the room state,
 * the match replayed from its log.
 */
export class TableRecords<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options> {
  private readonly registry: RegistryWrites;
  /** A REST-created table waiting for its first player (closes when nobody came). */
  private ownerWait: Timer | null = null;

  constructor(private readonly host: RecordsHost<State, Action, View, Event, Outcome, Box, Options>) {
    this.registry = new RegistryWrites(host.services.tables, host.roomId, () => host.log());
  }

  /** The table exists (new, or revived with the same id: the row learns its process). */
  created(rawOptions: unknown, revived: boolean): void {
    const host = this.host;
    const owner = tableOwner(rawOptions, host.mode);
    const { turnTimeoutS, turnWarningS, botLevel } = host.settings;
    this.registry.created({
      game: host.definition.name,
      mode: host.mode,
      ranked: host.ranked,
      ownerId: owner.id,
      options: { mode: host.mode, game: host.options, turnSeconds: turnTimeoutS, turnWarningSeconds: turnWarningS, botLevel },
      processId: host.processId,
    });
    if (!revived && owner.fromServer && owner.id && !host.hasInvitation()) {
      // Created over REST (POST /tables) with nobody connected yet: wait for the first player, not close at once.
      host.setAutoDispose(false);
      this.ownerWait = host.timer(() => {
        this.ownerWait = null;
        if (host.state.status === "waiting" && !host.seats.anyUser()) host.disconnect();
      }, OWNED_TABLE_WAIT_MS);
    }
  }

  /** The registry's member set: the humans seated now. */
  writeMembers(): void {
    this.registry.members(this.host.seats.list.filter((s) => s.userId && !s.isBot).map((s) => ({ userId: s.userId as string, seat: s.index })));
  }

  playerSeated(): void {
    if (this.host.state.status === "waiting") this.writeMembers();
    if (this.ownerWait) {
      // The first player sat: the table now closes when the last one leaves, as any table.
      this.ownerWait.clear();
      this.ownerWait = null;
      // A started match keeps the table (startMatch turned autoDispose off): never toggle it on and off in one join.
      if (this.host.state.status === "waiting") this.host.setAutoDispose(true);
    }
  }

  playerLeft(): void {
    if (this.host.state.status === "waiting") this.writeMembers();
  }

  matchStarted(): void {
    this.writeMembers();
    this.registry.status({ status: "playing", matchId: this.host.match.matchId, processId: this.host.processId });
  }

  matchEnded(): void {
    this.registry.status({ status: "finished", processId: null });
  }

  /** Any other status change (pause, resume, abandoned, idle unload): in the background. */
  status(change: StatusChange): void {
    this.registry.status(change);
  }

  /** Resolves once every registry write queued so far is done. */
  settled(): Promise<void> {
    return this.registry.settled();
  }

  /** Shutdown: the room state with the frozen clocks, the table interrupted; resolves once written. */
  async shutdown(clocks: ReadonlyMap<number, number>): Promise<void> {
    if (this.host.state.status === "playing") {
      this.saveRoomState(clocks);
      this.registry.status({ status: "interrupted", processId: null });
    } else if (this.host.state.status === "paused") {
      // A paused table stays paused (unloaded), its frozen clocks and its pause in the room state.
      this.saveRoomState(clocks);
      this.pausedUnloaded();
    }
    await this.registry.settled();
  }

  /** Disposed: a table closed before its start is closed; a live match was stored as interrupted. */
  disposed(): void {
    const status = this.host.state.status;
    if (status === "waiting") this.registry.status({ status: "closed", processId: null });
    else if (status === "playing") this.registry.status({ status: "interrupted", processId: null });
    else if (status === "paused") this.pausedUnloaded();
  }

  /** The table is paused and no process holds it any more. */
  private pausedUnloaded(): void {
    const pause = this.host.pauseSnapshot();
    this.registry.status({ status: "paused", pausedReason: pause?.reason ?? "manual", pausedBy: pause?.byUserId ?? null, processId: null });
  }

  /** The room state a resume needs, in the registry; `clocks` when a graceful shutdown froze them. */
  saveRoomState(clocks: ReadonlyMap<number, number> | null): void {
    const host = this.host;
    if (!host.match.matchId) return;
    const state = captureRoomState({
      roomName: host.roomName,
      matchId: host.match.matchId,
      settings: host.settings,
      setupOptions: host.options,
      serverSeed: host.gameSeed,
      joinCode: host.joinCode,
      hostSeat: host.state.hostSeat,
      seats: host.seats.list,
      clientSeedOf: (userId) => host.clientSeeds.get(userId) ?? "",
      clocks: clocks ? { seq: host.matchLog.seq, remainingMs: clocks } : null,
      pause: host.pauseSnapshot(),
    });
    this.registry.roomState(state as unknown as Record<string, unknown>);
  }

  /**
   * A revived table: seats from the room state, the match replayed from its log, accepted move
   * ids remembered, clocks with their remaining time. Players not back within RECONNECT_GRACE_S
   * are played by bots.
   */
  restore(stored: StoredRoomState, source: ResumeSource): void {
    const host = this.host;
    const start = source.match.start;
    const replayed = replayLog(host.definition, {
      seed: start.seed,
      seats: host.seats.list.length,
      options: host.options,
      seedCommitment: start.seedCommitment ?? null,
      entries: source.match.entries,
      initialEvents: (s) => host.initialEvents(s),
    });
    host.seats.restore(stored.seats, replayed.botControlled, replayed.consecutiveTimeouts);
    for (const s of stored.seats) {
      if (s.userId && !s.isBot) host.clientSeeds.set(s.userId, s.clientSeed);
      (host.state.seats[s.seat] as SeatState).clientSeed = s.clientSeed;
    }
    host.state.hostSeat = stored.hostSeat;
    for (const a of replayed.accepted) host.inbox.remember(a.seat, { id: a.id, ok: true, seq: a.seq });
    const frozen = stored.clocks?.seq === replayed.lastSeq ? stored.clocks.remainingMs : null;
    host.match.resume({ start, replayed, clocks: frozen ? new Map(Object.entries(frozen).map(([seat, ms]) => [Number(seat), ms])) : null });
    // A paused table comes back paused (its clocks frozen with the time they had left).
    if (stored.pause && host.state.status === "playing") {
      host.restorePause(stored.pause);
      this.registry.status({ status: "paused", pausedReason: stored.pause.reason, pausedBy: stored.pause.byUserId, processId: host.processId });
    }
    this.saveRoomState(null);
    host.timer(() => {
      if (host.state.status !== "playing") return;
      const away = host.seats.list.filter((s) => s.userId && !s.isBot && !s.connected && !s.botControlled);
      for (const s of away) host.seats.takeOver(s, "grace");
      if (away.length) host.match.scheduleTurn();
    }, host.services.config.reconnectGraceS * 1000);
  }
}
