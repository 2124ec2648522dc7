import { randomUUID } from "node:crypto";
import {
  CloseCode,
  Room,
  ServerError,
  matchMaker,
  type AuthContext,
  type RoomException,
  type RoomMethodName,
} from "@colyseus/core";
import { StateView, type ArraySchema } from "@colyseus/schema";
import { botTurn, type BotLevel, type BotMemory, type GameDefinition, type Seat, type TeamOutcome } from "../games/core/GameDefinition.js";
import { isIllegalAction } from "../games/core/IllegalAction.js";
import { RNG_ALGORITHM, dealingSeed, seedCommitment } from "../games/core/fairness/commitReveal.js";
import { createRng, newSeed, seedState, type Rng } from "../games/core/rng.js";
import type { SeatState, TableState } from "../schema/TableState.js";
import { syncPrimitives } from "../schema/sync.js";
import type { AccessClaims } from "../services/tokens.js";
import type { EntrySource } from "../services/matchStore.js";
import { roomServices, type RoomServices } from "./context.js";
import { childSpan, traceEntry, traced } from "../platform/tracing.js";
import { ERROR, MESSAGES_PER_SECOND, MESSAGE, catchUpMessage, joinOptions, seatMessage, type AckMessage, type JoinOptions } from "./protocol.js";
import { ENDED_ROOMS_PREFIX, releaseJoinCode, reserveJoinCode } from "../services/tableDirectory.js";
import { admissionVerdict, authenticateJoin, checkAdmission, describeOptionIssues, joinError, requestingUser, type JoinVerdict } from "./table/admission.js";
import { RESERVATION_SECONDS, RESERVED_CAPACITY_SHARE, tableHoldings } from "./table/holdings.js";
import type { TableClient } from "./table/client.js";
import { TurnClock } from "./table/clock.js";
import { pendingChanges, watchForStrayChanges } from "./table/patchSweep.js";
import { RoomTimers, stopRoomTicking, type Timer } from "./table/timers.js";
import { Inbox } from "./table/inbox.js";
import { MatchLog } from "./table/log.js";
import { Seats, type SeatRecord } from "./table/seats.js";
import { ViewSync } from "./table/sync.js";
import { ClientFaults, checkFramesFirst, dropViewChangesAfterFullState, releaseView } from "./table/transport.js";
import { ListingPublisher, type PublicListing } from "./table/listing.js";
import { ResignBook, resignMessage } from "./table/resign.js";

export type { TableClient, TableClientData } from "./table/client.js";

export type { PublicListing } from "./table/listing.js";

const MAX_SPECTATORS = 64;
const BOT_BURST_GAP_MS = 250;
const FINISHED_LINGER_MS = 30_000;
/** Time added to a player's clock when he reconnects during his turn (default; a room type may set its own). */
const RECONNECT_EXTENSION_MS = 10_000;
/** Bound on bot moves run back to back when BOT_DELAY_MS = 0, before yielding to the event loop. */
const MAX_INLINE_BOT_MOVES = 64;

/** Rooms created by this process, for MAX_ROOMS (a per-process limit, like the memory it protects). */
let localTables = 0;

export interface TableRoomOptions {
  ranked?: boolean;
  /** Per room type turn clock (defaults: TURN_TIMEOUT_S / TURN_WARNING_S). */
  turnTimeoutS?: number;
  turnWarningS?: number;
  /** Grace added to a player's clock when he reconnects during his turn (default 10 s). */
  reconnectExtensionMs?: number;
  /** MAX_TIMEOUTS expiries in a row lose the match on casual tables too (ranked tables always do). */
  forfeitOnTimeouts?: boolean;
}

/**
 * A table seated by invitation (e.g. created over REST): only the users `admits` accepts take a
 * seat (instead of a join code), and the match starts by itself once every seat is taken.
 */
export interface SeatInvitation {
  admits(userId: string): boolean;
}

/**
 * One generic authoritative table for any turn-based GameDefinition. This file wires the parts
 * under ./table/ to the Colyseus lifecycle: seats (who sits where, reconnection, bots taking
 * over), clock (turn deadlines), inbox (validated, idempotent messages), log (sequence numbers,
 * recorder hand-off, catch-up) and sync (engine views → schema). A game's room subclass
 * supplies the definition and the schema mapping.
 */
export abstract class TableRoom<
  State,
  Action,
  View,
  Event,
  Outcome extends TeamOutcome,
  Box,
  Options,
  S extends TableState & { seats: ArraySchema<SeatState> },
> extends Room<{ state: S; client: TableClient }> {
  protected abstract readonly definition: GameDefinition<State, Action, View, Event, Outcome, Box, Options>;
  /** Creates the schema (with `seats` filled by `createSeat`). */
  protected abstract createState(): S;
  protected abstract createSeat(index: number, team: number): SeatState;
  /** Copy the public (spectator) view into the schema, in place. */
  protected abstract syncPublic(view: View): void;
  /** Copy a seat's private view into its `@view()` fields; `view` null clears them. */
  protected abstract syncPrivate(seat: SeatState, view: View | null): void;
  /** Number of cards/pieces a seat holds, from the public view. */
  protected abstract handCount(view: View, seat: number): number;
  /** Validate and normalise game options for a new table (throw to refuse). */
  protected abstract gameOptions(raw: Record<string, unknown> | undefined, testHooks: boolean, ranked: boolean): Options;
  /** Opening events produced by setup (e.g. the first deal). */
  protected initialEvents(_state: State): Event[] {
    return [];
  }
  /** Tables seated by invitation return one (checked at matchmaking and at join); null otherwise. */
  protected invitation(): SeatInvitation | null {
    return null;
  }
  /** Last chance to complete the options from who sits where (e.g. each seat's own deck), just before setup. */
  protected beforeStart(): void {}
  /** Subclasses registered as ranked rooms return { ranked: true }. */
  protected defaultTableOptions(): TableRoomOptions {
    return {};
  }

  protected services!: RoomServices;
  protected game: State | null = null;
  /** The secret server seed, drawn at creation and committed to in `seedCommitment` (docs/FAIRNESS.md). */
  protected gameSeed = "";
  /** Each seated user's client seed, mixed into the dealing seed when the match starts. */
  private readonly clientSeeds = new Map<string, string>();
  protected matchId = "";
  protected ranked = false;
  protected mode: "quick" | "bots" | "private" = "quick";
  protected options!: Options;
  protected startedAt = 0;

  protected seats!: Seats;
  protected turnClock!: TurnClock;
  protected readonly inbox = new Inbox(MESSAGES_PER_SECOND);
  protected readonly matchLog = new MatchLog<Event>();
  private viewSync!: ViewSync<View>;
  private faults!: ClientFaults;
  private listing!: ListingPublisher;

  /** Private tables: the join code (held by the room; shown only in seated players' seat fields). */
  private joinCode = "";
  private testHooks = false;
  private forfeited = false;
  /** Why the match was forfeited ("timeouts", "resign"): the table's `endReason`. */
  private forfeitReason: "forfeit" | "resign" = "forfeit";
  private readonly resignations = new ResignBook();
  private reconnectExtensionMs = RECONNECT_EXTENSION_MS;
  private forfeitOnTimeouts = false;
  private botRng!: Rng;
  /** Bot strength at this table: the table's `botLevel` option (vs-bots/private) or BOT_LEVEL. */
  protected botLevel: BotLevel = "basic";
  /** What each seat's bot remembers between its turns (opaque; see GameDefinition "Bots"). */
  private readonly botMemory = new Map<number, BotMemory>();
  private fillTimer: Timer | null = null;
  private lingerTimer: Timer | null = null;
  /**
   * Turn clocks, bot delays, fill and linger timers: on the process-wide timer wheel, not on a
   * per-room interval (a table where nothing happens costs no CPU). Tests move `timers` forward.
   */
  protected readonly timers = new RoomTimers();
  private unwatchChanges: () => void = () => {};
  private finishing: Promise<void> | null = null;
  private countedTable = false;
  private boxCache: { seq: number; box: Box } | null = null;
  private logContext: Record<string, unknown> = {};
  /** Sessions counted in the clients-connected gauge (a drop and the later leave count once). */
  private readonly countedSessions = new Set<string>();

  private countConnection(client: TableClient, up: boolean): void {
    const has = this.countedSessions.has(client.sessionId);
    if (up && !has) {
      this.countedSessions.add(client.sessionId);
      this.services.metrics.clientsConnected.inc({ room: this.roomName });
    } else if (!up && has) {
      this.countedSessions.delete(client.sessionId);
      this.services.metrics.clientsConnected.dec({ room: this.roomName });
    }
  }

  // ───────────────────────────── lifecycle ─────────────────────────────

  /** Runs in the matchmaking process before a room is created or a seat reserved. */
  static override async onAuth(token: string, rawOptions: unknown, context: AuthContext): Promise<AccessClaims> {
    return traced("room.auth", {}, () => authenticateJoin(token, rawOptions, context));
  }

  /** Matchmaking asks before reserving a seat by id (through presence: any process). */
  checkJoin(claims: AccessClaims, rawOptions: unknown): JoinVerdict | Promise<JoinVerdict> {
    const parsed = joinOptions.safeParse(rawOptions ?? {});
    if (!parsed.success) return { ok: false, code: "BAD_OPTIONS", message: describeOptionIssues(parsed.error) };
    return admissionVerdict(this.tableFacts(), claims, parsed.data);
  }

  private tableFacts() {
    return { state: this.state, joinCode: this.joinCode, seats: this.seats, ranked: this.ranked, mode: this.mode, invitation: this.invitation() };
  }

  override async onCreate(rawOptions: unknown): Promise<void> {
    this.services = roomServices();
    const { config } = this.services;
    if (localTables >= config.maxRooms) {
      throw joinError("ROOM_LIMIT", `this server is at its limit of ${config.maxRooms} tables; try again shortly`);
    }
    const parsed = joinOptions.safeParse(rawOptions ?? {});
    if (!parsed.success) throw joinError("BAD_OPTIONS", describeOptionIssues(parsed.error));
    const options = parsed.data;
    const defaults = this.defaultTableOptions();
    this.ranked = defaults.ranked ?? false;
    this.reconnectExtensionMs = defaults.reconnectExtensionMs ?? RECONNECT_EXTENSION_MS;
    this.forfeitOnTimeouts = defaults.forfeitOnTimeouts ?? false;
    this.mode = this.ranked ? "quick" : (options.mode ?? "quick");
    this.testHooks = config.env === "test";
    try {
      this.options = this.gameOptions(this.mode === "quick" ? undefined : options.game, this.testHooks, this.ranked);
    } catch (err) {
      throw joinError("BAD_OPTIONS", describeOptionIssues(err, "game"));
    }
    if (this.testHooks && options.seed) this.gameSeed = options.seed;
    // The last tables of this process are kept for players who hold none (issue 8, item 11).
    const reserve = Math.floor(config.maxRooms * RESERVED_CAPACITY_SHARE);
    const creator = requestingUser(rawOptions);
    if (creator && reserve > 0 && localTables >= config.maxRooms - reserve && (await tableHoldings().current(creator)).tables.length > 0) {
      throw joinError("ROOM_LIMIT", `this server keeps its last ${reserve} tables for players without a table; finish or leave yours first`);
    }

    localTables += 1;
    this.countedTable = true;
    this.services.metrics.roomsActive.inc({ room: this.roomName });
    this.services.metrics.tableEvents.inc({ game: this.definition.name, event: "created" });
    this.logContext = { roomId: this.roomId, game: this.definition.name };

    const state = this.createState();
    state.mode = this.mode;
    state.ranked = this.ranked;
    // Turn clock: the room type's default, or a private/vs-bots table's own choice.
    const turnTimeoutS = options.turnSeconds && this.mode !== "quick" ? options.turnSeconds : (defaults.turnTimeoutS ?? config.turnTimeoutS);
    const warningS = options.turnWarningSeconds && this.mode !== "quick" ? options.turnWarningSeconds : (defaults.turnWarningS ?? config.turnWarningS);
    const turnWarningS = Math.min(warningS, Math.floor(turnTimeoutS / 2));
    state.turnTimeoutS = turnTimeoutS;
    const teams = this.definition.teams(this.definition.maxSeats);
    const seatTeams: number[] = [];
    for (let i = 0; i < this.definition.maxSeats; i++) {
      const team = teams.findIndex((t) => t.includes(i));
      state.seats.push(this.createSeat(i, team));
      seatTeams.push(team);
    }
    this.state = state;
    // Commit–reveal: the server seed is fixed and committed to before anyone sits (let alone any deal).
    this.gameSeed ||= newSeed();
    state.seedCommitment = seedCommitment(this.gameSeed);
    state.rngAlgorithm = RNG_ALGORITHM;
    this.wireParts(seatTeams, turnTimeoutS, turnWarningS);
    dropViewChangesAfterFullState(this);
    this.faults = new ClientFaults(this.services.metrics.registry, () => this.log());
    checkFramesFirst(this, (client, fault) => {
      this.faults.report(client, "frame", fault);
      if (!this.inbox.admit(client)) return this.refuseFlood(client);
      this.sendError(client, ERROR.MALFORMED_MESSAGE, `a frame could not be decoded (${fault})`);
    });
    // Quick match: the matchmaker must not reserve more seats than the table has, or concurrent
    // joinOrCreate calls land in a table that filled and started meanwhile. Room for spectators
    // is opened when the match starts (the table then leaves quick matchmaking).
    this.maxClients = this.mode === "quick" ? this.definition.maxSeats : this.definition.maxSeats + MAX_SPECTATORS;
    // The inbox counts messages in real time (MESSAGES_PER_SECOND). Colyseus's own count (on the
    // room clock, brought up to date per frame by stopRoomTicking) is only a backstop for frames
    // that never reach a handler.
    this.maxMessagesPerSecond = MESSAGES_PER_SECOND * 3;
    stopRoomTicking(this);
    this.unwatchChanges = watchForStrayChanges({ hasPendingChanges: () => pendingChanges(this), flush: () => this.commit() });
    // A seat reserved by matchmaking and not taken over a WebSocket is released this soon.
    this.seatReservationTimeout = RESERVATION_SECONDS;
    // Empty waiting tables close by themselves; once the match starts the table lives until the
    // match is stored, even with nobody connected (bots may be playing, players may rejoin).
    this.autoDispose = true;
    this.botRng = createRng(seedState(newSeed(), "bots"));
    this.botLevel = (this.mode !== "quick" ? options.botLevel : undefined) ?? config.botLevel;
    state.botLevel = this.botLevel;

    await this.setMetadata({ mode: this.mode, ranked: this.ranked, game: this.definition.name });
    this.listing = new ListingPublisher((listing: PublicListing) =>
      this.setMetadata(listing).catch((err: unknown) => this.log().warn({ err }, "could not update the table listing")),
    );
    this.publishListing();
    if (this.mode !== "quick") await this.setPrivate(true);
    if (this.mode === "private") this.joinCode = await this.reserveJoinCode();

    const limited = <A extends unknown[]>(handler: (client: TableClient, ...args: A) => void) =>
      (client: TableClient, ...args: A): void => {
        if (this.inbox.admit(client)) handler(client, ...args);
        else this.refuseFlood(client);
      };
    this.onMessage(MESSAGE.action, limited((client, message: unknown) => traceEntry("room.action", { "diwan.room.id": this.roomId, "diwan.game": this.definition.name }, () => this.handleAction(client, message))));
    this.onMessage(MESSAGE.seat, limited((client, message: unknown) => this.handleSeatChange(client, message)));
    this.onMessage(MESSAGE.fillBots, limited((client) => this.handleFillBots(client)));
    this.onMessage(MESSAGE.start, limited((client) => this.handleStart(client)));
    this.onMessage(MESSAGE.boxScore, limited((client) => client.send(MESSAGE.boxScore, this.getBoxScore())));
    this.onMessage(MESSAGE.catchUp, limited((client, message: unknown) => this.handleCatchUp(client, message)));
    this.onMessage(MESSAGE.resign, limited((client, message: unknown) => this.handleResign(client, message)));
    this.onMessage(
      "*",
      limited((client, type: string | number) => {
        this.sendError(client, ERROR.UNKNOWN_MESSAGE, `unknown message type ${JSON.stringify(type)}`);
      }),
    );
    this.log().info({ mode: this.mode, ranked: this.ranked }, "table created");
  }

  /** Build the parts and connect their callbacks to this room. */
  private wireParts(seatTeams: number[], turnTimeoutS: number, turnWarningS: number): void {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- read by a getter below
    const room = this;
    this.seats = new Seats(
      {
        state: this.state,
        hasHost: this.mode === "private",
        get joinCode() {
          return room.joinCode;
        },
        clientById: (id) => this.clients.getById(id),
        logRoomEntry: (seat, event) => this.logRoomEntry(seat, event),
      },
      seatTeams,
    );
    this.turnClock = new TurnClock(
      {
        timer: (fn, ms) => this.timer(fn, ms),
        now: () => this.now(),
        onWarning: (seat, deadline) =>
          this.seats.clientOf(seat)?.send(MESSAGE.turnWarning, { seat, deadline, remainingMs: Math.max(0, deadline - this.now()) }),
        onExpired: (seat) => this.onTurnExpired(seat),
        onDeadline: (deadline) => {
          if (this.state.deadline !== deadline) this.state.deadline = deadline;
        },
      },
      turnTimeoutS * 1000,
      turnWarningS * 1000,
    );
    this.viewSync = new ViewSync<View>(
      {
        view: (seat) => this.definition.view(this.game as State, seat),
        syncPublic: (view) => this.syncPublic(view),
        syncPrivate: (seat, view) => this.syncPrivate(seat, view),
        handCount: (view, seat) => this.handCount(view, seat),
      },
      this.state.seats,
    );
  }

  /**
   * Safety net: Colyseus wraps every hook, message handler and clock callback in try/catch when
   * this is defined, so an unexpected bug is logged and the table (and the process) live on.
   */
  override onUncaughtException(error: RoomException, methodName: RoomMethodName): void {
    const log = this.services ? this.log() : undefined;
    const cause = (error as { cause?: unknown }).cause ?? error;
    // Join refusals (TABLE_FULL, BAD_OPTIONS…) are ServerErrors thrown on purpose; Colyseus still
    // rethrows them from onCreate/onJoin to the client.
    if (cause instanceof ServerError) log?.debug({ method: methodName, reason: cause.message }, "refused");
    else log?.error({ err: cause, method: methodName }, "uncaught error in a room handler");
  }

  /** Join codes live in the database (they survive a Redis restart): see services/tableDirectory. */
  private async reserveJoinCode(): Promise<string> {
    try {
      return await reserveJoinCode(this.roomId);
    } catch (err) {
      this.log().warn({ err }, "could not allocate a join code");
      throw joinError("ROOM_LIMIT", "could not allocate a join code");
    }
  }

  override onJoin(client: TableClient, rawOptions: unknown): void {
    traceEntry("room.join", { "diwan.room.id": this.roomId, "diwan.game": this.definition.name }, () => this.join(client, rawOptions));
  }

  private join(client: TableClient, rawOptions: unknown): void {
    const claims = client.auth as AccessClaims;
    const parsedOptions = joinOptions.safeParse(rawOptions ?? {});
    if (!parsedOptions.success) throw joinError("BAD_OPTIONS", describeOptionIssues(parsedOptions.error));
    const options: JoinOptions = parsedOptions.data;
    checkAdmission(this.tableFacts(), claims, options);
    client.view = new StateView();
    this.countConnection(client, true);
    this.faults.guardSocket(client);

    const own = this.seats.ofUser(claims.sub);
    if (options.spectate && !own) {
      client.userData = { role: "spectator", seat: -1, userId: claims.sub };
      this.state.spectators += 1;
      this.log().info({ userId: claims.sub }, "spectator joined");
      this.setHolding(claims.sub, false);
      if (options.lastSeq !== undefined) this.sendCatchUp(client, options.lastSeq);
      this.commit();
      return;
    }
    if (own) {
      this.seats.takeBack(own, client);
      this.log().info({ userId: own.userId, seat: own.index }, "player took his seat back");
      if (this.game) this.scheduleTurn();
    } else {
      const seat = this.seats.pick(options.seat, this.mode === "private");
      if (!seat) throw joinError("TABLE_FULL", options.seat !== undefined ? "that seat is taken" : "all seats are taken");
      this.seats.occupy(seat, client, claims);
      this.clientSeeds.set(claims.sub, options.clientSeed ?? "");
      (this.state.seats[seat.index] as SeatState).clientSeed = options.clientSeed ?? "";
      this.log().info({ userId: claims.sub, seat: seat.index }, "player seated");
    }
    if (options.lastSeq !== undefined) this.sendCatchUp(client, options.lastSeq);
    this.setHolding(claims.sub, true);

    if (this.state.status === "waiting") {
      if (this.mode === "bots") {
        this.seats.fillWithBots();
        this.startMatch();
      } else if (this.mode === "private" && this.invitation()) {
        if (this.seats.allTaken()) this.startMatch();
      } else if (this.mode === "quick") {
        if (this.seats.allTaken()) this.startMatch();
        else this.armBotFill();
      }
    }
    this.commit();
  }

  /** Every logged event after `lastSeq` that this client may see, in order, as `events` messages. */
  private sendCatchUp(client: TableClient, lastSeq: number): void {
    const viewer = client.userData?.role === "player" ? client.userData.seat : null;
    for (const batch of this.matchLog.catchUp(lastSeq, (e) => this.definition.eventVisibleTo(e, viewer))) {
      client.send(MESSAGE.events, { seq: batch.seq, events: batch.events, catchUp: true });
    }
  }

  private handleCatchUp(client: TableClient, message: unknown): void {
    const parsed = catchUpMessage.safeParse(message);
    if (!parsed.success) return this.sendError(client, ERROR.MALFORMED_MESSAGE, "catchUp needs { lastSeq: integer >= 0 }");
    this.sendCatchUp(client, parsed.data.lastSeq);
  }

  /** Over the message rate: told once, then disconnected (a seated player's seat is held as for a drop). */
  private refuseFlood(client: TableClient): void {
    if (!this.inbox.firstFlood(client)) return;
    this.sendError(client, ERROR.RATE_LIMITED, `more than ${MESSAGES_PER_SECOND} messages in one second; disconnecting`);
    this.log().warn({ sessionId: client.sessionId, userId: client.userData?.userId }, "client flooded messages; disconnected");
    client.leave(CloseCode.WITH_ERROR, "RATE_LIMITED");
  }

  private armBotFill(): void {
    if (this.fillTimer || this.state.status !== "waiting") return;
    this.fillTimer = this.timer(() => {
      this.fillTimer = null;
      if (this.state.status !== "waiting" || !this.seats.anyUser()) return;
      this.seats.fillWithBots();
      this.startMatch();
      this.commit();
    }, this.services.config.botFillWaitS * 1000);
  }

  override onDrop(client: TableClient, code?: number): void {
    this.countConnection(client, false);
    const data = client.userData;
    if (!data || data.role !== "player") return;
    const seat = this.seats.get(data.seat);
    if (!seat || seat.sessionId !== client.sessionId) return;
    this.seats.dropped(seat);
    this.services.metrics.playerDrops.inc({ game: this.definition.name });
    this.commit();
    if (code === CloseCode.SERVER_SHUTDOWN || this.state.status === "finished") return;
    const grace = this.services.config.reconnectGraceS;
    this.log().info({ userId: seat.userId, seat: seat.index, graceS: grace }, "player dropped; seat held");
    // Do not await: Colyseus closes the socket only once onDrop returns, and calls onLeave
    // itself when the grace ends without a reconnection.
    const deferred = this.allowReconnection(client, grace);
    this.seats.holdFor(seat, deferred);
    Promise.resolve(deferred).catch(() => {});
  }

  override onReconnect(client: TableClient): void {
    this.countConnection(client, true);
    this.faults.guardSocket(client);
    const data = client.userData;
    if (!data || data.role !== "player") return;
    const seat = this.seats.get(data.seat);
    if (!seat) return;
    this.seats.reconnected(seat, client);
    this.services.metrics.reconnects.inc({ game: this.definition.name });
    this.log().info({ userId: seat.userId, seat: seat.index }, "player reconnected");
    // His clock kept running while away: give him a little time back if it is his turn.
    if (this.game) this.turnClock.extend(seat.index, this.reconnectExtensionMs);
    this.commit();
  }

  override onLeave(client: TableClient): void {
    this.countConnection(client, false);
    // The connection is gone for good: its StateView must stop tracking the seat (see releaseView).
    releaseView(client);
    const data = client.userData;
    if (!data || data.role === "replaced") return;
    if (data.role === "spectator") {
      if (this.state.spectators > 0) this.state.spectators -= 1;
      this.commit();
      return;
    }
    const seat = this.seats.get(data.seat);
    // A newer connection of the same user owns the seat now: nothing to do.
    if (!seat || seat.sessionId !== client.sessionId) return;
    const userId = seat.userId;
    const outcome = this.seats.left(seat, this.state.status);
    if (userId && outcome !== "kept") this.setHolding(userId, false);
    if (outcome === "bot") this.scheduleTurn();
    this.commit();
  }

  /** Record (seated) or drop a user's hold on this table in the shared holdings book. */
  private setHolding(userId: string, seated: boolean): void {
    const book = tableHoldings();
    void (seated ? book.seated(userId, this.roomId) : book.drop(userId, this.roomId)).catch(() => {});
  }

  /** The match is over or the table closes: nobody holds it any more. */
  private releaseHoldings(): void {
    for (const s of this.seats?.list ?? []) if (s.userId && !s.isBot) this.setHolding(s.userId, false);
  }

  override onBeforeShutdown(): void {
    // Store the live match (marked interrupted) before the clients go; onDispose waits for it too.
    void this.persistOnShutdown().finally(() => {
      this.disconnect(CloseCode.SERVER_SHUTDOWN).catch(() => {});
    });
  }

  private shutdownPersist: Promise<void> | null = null;
  private persistOnShutdown(): Promise<void> {
    this.shutdownPersist ??= (async () => {
      this.turnClock?.clear();
      const recorder = this.matchLog.attachedRecorder;
      if (this.finishing) {
        await this.finishing;
      } else if (recorder && this.state.status === "playing") {
        this.services.metrics.tableEvents.inc({ game: this.definition.name, event: "interrupted" });
        const ok = await recorder.interrupt(this.safeBoxScore(), this.services.config.shutdownTimeoutS * 1000);
        this.log().info({ matchId: this.matchId, stored: ok, seq: this.matchLog.seq }, "live match stored as interrupted");
      }
    })();
    return this.shutdownPersist;
  }

  override async onDispose(): Promise<void> {
    this.turnClock?.clear();
    this.timers.clearAll();
    this.unwatchChanges();
    if (this.countedTable) {
      localTables -= 1;
      this.countedTable = false;
      this.services.metrics.roomsActive.dec({ room: this.roomName });
      if (!this.matchId) this.services.metrics.tableEvents.inc({ game: this.definition.name, event: "abandoned" });
    }
    // A refused creation (BAD_OPTIONS, ROOM_LIMIT) is disposed before it has a state or parts.
    const joinCode = this.joinCode;
    if (joinCode) {
      await Promise.resolve()
        .then(() => releaseJoinCode(joinCode))
        .catch(() => {});
    }
    if (!this.state) return;
    this.releaseHoldings();
    await this.persistOnShutdown();
    this.matchLog.attachedRecorder?.close();
    // Stored: drop what the table held in memory.
    this.matchLog.release();
    this.inbox.clear();
    this.viewSync?.release();
    this.log().info("table disposed");
  }

  // ───────────────────────────── private tables ─────────────────────────────

  private handleSeatChange(client: TableClient, message: unknown): void {
    const parsed = seatMessage.safeParse(message);
    if (!parsed.success) return this.sendError(client, ERROR.MALFORMED_MESSAGE, "seat needs { seat: number }");
    const data = client.userData;
    if (this.mode !== "private" || this.state.status !== "waiting") {
      return this.sendError(client, ERROR.ALREADY_STARTED, "seats can be changed only at a private table before the start");
    }
    if (!data || data.role !== "player") return this.sendError(client, ERROR.NOT_SEATED, "only seated players can change seats");
    const from = this.seats.get(data.seat) as SeatRecord;
    const to = this.seats.get(parsed.data.seat);
    if (!to) return this.sendError(client, ERROR.MALFORMED_MESSAGE, "no such seat");
    if (to === from) return;
    if (to.userId !== null || to.isBot) return this.sendError(client, ERROR.SEAT_TAKEN, "that seat is taken");
    this.seats.move(from, to, client);
    this.commit();
  }

  private isHost(client: TableClient): boolean {
    return this.mode === "private" && client.userData?.role === "player" && client.userData.seat === this.state.hostSeat;
  }

  private handleFillBots(client: TableClient): void {
    if (!this.isHost(client)) return this.sendError(client, ERROR.NOT_HOST, "only the host of a private table can add bots");
    if (this.invitation()) return this.sendError(client, ERROR.NOT_HOST, "this table is for its invited players only; it starts when they are seated");
    if (this.state.status !== "waiting") return this.sendError(client, ERROR.ALREADY_STARTED, "the match has started");
    this.seats.fillWithBots();
    this.commit();
  }

  private handleStart(client: TableClient): void {
    if (!this.isHost(client)) return this.sendError(client, ERROR.NOT_HOST, "only the host of a private table can start it");
    if (this.invitation()) return this.sendError(client, ERROR.NOT_HOST, "this table starts by itself when its invited players are seated");
    if (this.state.status !== "waiting") return this.sendError(client, ERROR.ALREADY_STARTED, "the match has started");
    if (!this.seats.allTaken()) {
      return this.sendError(client, ERROR.NOT_STARTED, "every seat needs a player or a bot first");
    }
    this.startMatch();
    this.commit();
  }

  // ───────────────────────────── the match ─────────────────────────────

  private startMatch(): void {
    if (this.game) return;
    this.fillTimer?.clear();
    this.fillTimer = null;
    this.beforeStart();
    // The seats' client seeds in seat order (bots ""), published; the engine deals from HMAC(server seed, them).
    const clientSeeds = this.seats.list.map((s) => (s.isBot || !s.userId ? "" : (this.clientSeeds.get(s.userId) ?? "")));
    clientSeeds.forEach((c, i) => ((this.state.seats[i] as SeatState).clientSeed = c));
    const engineSeed = dealingSeed(this.gameSeed, clientSeeds);
    this.matchId = randomUUID();
    this.state.matchId = this.matchId;
    this.startedAt = Date.now();
    this.logContext.matchId = this.matchId;
    const state = this.definition.setup({ seed: engineSeed, seats: this.seats.list.length, options: this.options });
    this.game = state;
    this.state.status = "playing";
    this.autoDispose = false;
    // Full table: quick matchmaking must not send newcomers here (spectators and rejoins use the id).
    if (this.mode === "quick") void this.setMatchmaking({ private: true, maxClients: this.definition.maxSeats + MAX_SPECTATORS });

    this.matchLog.startRecording(
      this.services.matchStore,
      {
        matchId: this.matchId,
        game: this.definition.name,
        roomId: this.roomId,
        ranked: this.ranked,
        options: { ...(this.options as Record<string, unknown>), mode: this.mode },
        seed: engineSeed,
        serverSeed: this.gameSeed,
        seedCommitment: this.state.seedCommitment,
        clientSeeds,
        rngAlgorithm: RNG_ALGORITHM,
        processId: matchMaker.processId,
        startedAt: new Date(this.startedAt),
        players: this.seats.list.map((s) => ({ seat: s.index, team: s.team, userId: s.isBot ? null : s.userId, displayName: s.name, isBot: s.isBot })),
      },
      { logger: this.log(), metrics: this.services.metrics, onFinished: this.services.onMatchFinished },
    );
    this.log().info({ players: this.seats.list.map((s) => (s.isBot ? "bot" : s.userId)) }, "match started");
    this.services.metrics.tableEvents.inc({ game: this.definition.name, event: "started" });
    this.record(null, "room", null, this.initialEvents(state));
    this.afterChange();
  }

  /** Log engine events (the log part hands the entry to the recorder) and tell each client what it may see. */
  private record(seat: Seat | null, source: EntrySource, action: Action | null, events: Event[]): number {
    const { seq } = this.matchLog.append(seat, source, action as Record<string, unknown> | null, events, events);
    this.state.seq = seq;
    if (events.length) {
      for (const client of this.clients) {
        const viewer = client.userData?.role === "player" ? client.userData.seat : null;
        const visible = events.filter((e) => this.definition.eventVisibleTo(e, viewer));
        if (visible.length) client.send(MESSAGE.events, { seq, events: visible });
      }
    }
    if (events.some((e) => this.definition.isCheckpoint(e))) {
      const recorder = this.matchLog.attachedRecorder;
      recorder?.setBoxScore(this.safeBoxScore());
      recorder?.checkpoint();
    }
    return seq;
  }

  /** Room-caused log entries (bot takeovers, reclaimed seats): no action, not engine events. */
  private logRoomEntry(seat: Seat, event: Record<string, unknown>): void {
    if (event.type === "botTakeover") this.services.metrics.botTakeovers.inc({ game: this.definition.name, reason: String(event.reason) });
    if (!this.matchLog.attachedRecorder) return;
    const { seq } = this.matchLog.append(seat, "room", null, [{ ...event, room: true }]);
    this.state.seq = seq;
  }

  private handleAction(client: TableClient, message: unknown): void {
    const started = process.hrtime.bigint();
    const parsed = childSpan("room.action.validate", () => this.inbox.parseAction(message));
    if (!parsed.ok) {
      if (parsed.id) this.sendAck(client, { id: parsed.id, ok: false, error: parsed.error });
      else client.send(MESSAGE.error, parsed.error);
      this.services.metrics.actions.inc({ game: this.definition.name, result: "rejected" });
      return;
    }
    const { id, action } = parsed;
    const data = client.userData;
    const seat = data?.role === "player" ? this.seats.get(data.seat) : undefined;
    const remembered = seat ? this.inbox.answered(seat.index, id) : undefined;
    if (remembered) {
      this.sendAck(client, remembered);
      this.services.metrics.actions.inc({ game: this.definition.name, result: "duplicate" });
      return;
    }
    const answer =
      parsed.seat !== undefined && seat && parsed.seat !== seat.index ? this.refuseOtherSeat(client, seat, parsed.seat) : this.decide(client, seat, action);
    const ack = { ...answer, id } as AckMessage;
    if (seat) this.inbox.remember(seat.index, ack);
    if (ack.ok) this.commit();
    this.sendAck(client, ack);
    this.services.metrics.actions.inc({ game: this.definition.name, result: ack.ok ? "accepted" : "rejected" });
    this.services.metrics.actionAckSeconds.observe({ game: this.definition.name }, Number(process.hrtime.bigint() - started) / 1e9);
  }

  /**
   * Acks go out only once every logged entry is durable in the journal (with the Redis journal
   * that is one pipelined round trip; the file journal is durable at once). Waiting for the
   * latest append for every ack, refusals included, keeps a connection's acks in order.
   */
  private sendAck(client: TableClient, ack: AckMessage): void {
    const durable = this.matchLog.whenDurable();
    if (durable) void durable.then(() => client.send(MESSAGE.ack, ack));
    else client.send(MESSAGE.ack, ack);
  }

  /** A client claiming another seat than its own: refused and audited (never applied). */
  private refuseOtherSeat(client: TableClient, seat: SeatRecord, claimed: number): { ok: false; error: { code: string; message: string } } {
    this.services.audit.record({
      kind: "room.other_seat_action",
      userId: client.userData?.userId,
      roomId: this.roomId,
      matchId: this.matchId || null,
      detail: { seat: seat.index, claimed },
    });
    return { ok: false, error: { code: ERROR.NOT_YOUR_SEAT, message: `you hold seat ${seat.index}, not seat ${claimed}` } };
  }

  /** Validate and apply one client action; the answer without its id. */
  private decide(
    client: TableClient,
    seat: SeatRecord | undefined,
    action: unknown,
  ): { ok: true; seq: number } | { ok: false; error: { code: string; message: string } } {
    const refuse = (code: string, message: string) => ({ ok: false as const, error: { code, message } });
    const data = client.userData;
    if (!data || data.role === "spectator") {
      this.services.audit.record({ kind: "room.spectator_action", userId: data?.userId, roomId: this.roomId, matchId: this.matchId || null });
      return refuse(ERROR.SPECTATOR, "spectators cannot act");
    }
    if (!seat) return refuse(ERROR.NOT_SEATED, "you have no seat at this table");
    if (this.state.status === "finished" || !this.game) {
      return this.state.status === "finished"
        ? refuse(ERROR.GAME_ENDED, "the game has ended")
        : refuse(ERROR.NOT_STARTED, "the match has not started yet");
    }
    if (!this.definition.activeSeats(this.game).includes(seat.index)) {
      const why = this.offTurnRefusal(this.game, seat.index, action);
      return refuse(why.code, why.message);
    }
    // He is back: a human action takes the seat back from the bot.
    if (seat.botControlled) this.seats.reclaim(seat);
    try {
      const seq = this.applyAction(seat.index, action, "player");
      seat.consecutiveTimeouts = 0;
      this.seats.mirror(seat);
      return { ok: true, seq };
    } catch (err) {
      if (isIllegalAction(err)) return refuse(err.code, err.message);
      this.log().error({ err, seat: seat.index }, "engine error while applying an action");
      return refuse(ERROR.INTERNAL, "the server could not apply this action");
    }
  }

  /**
   * Why a seat that is not to act cannot make this call. The engine tells "wait for your turn"
   * from "the rules never give you this call here" (e.g. a raise by the wrong team), so it is
   * asked on a copy of the game (nothing can change); whatever it would accept off-turn is still
   * refused as NOT_YOUR_TURN.
   */
  private offTurnRefusal(game: State, seat: Seat, action: unknown): { code: string; message: string } {
    try {
      this.definition.apply(this.definition.clone(game), seat, action);
    } catch (err) {
      if (isIllegalAction(err)) return { code: err.code, message: err.message };
    }
    return { code: ERROR.NOT_YOUR_TURN, message: "it is not your turn" };
  }

  /** The single place actions change the game: apply, log, then advance clocks and bots. */
  private applyAction(seat: Seat, action: unknown, source: EntrySource): number {
    const game = this.game as State;
    const result = childSpan("engine.apply", () => this.definition.apply(game, seat, action));
    this.game = result.state;
    const seq = this.record(seat, source, action as Action, result.events);
    this.afterChange();
    return seq;
  }

  /** Sync the schema from the engine's views and move the table on (clock, bots, end). */
  private afterChange(): void {
    const game = this.game;
    if (!game) return;
    // A bot seated from the start never has a client: nobody would receive its private fields.
    childSpan("room.sync", () => this.viewSync.apply((seat) => !this.seats.get(seat)?.isBot));
    this.boxCache = null;
    const outcome = this.definition.outcome(game);
    if (outcome) {
      this.finishMatch(outcome, this.forfeited ? this.forfeitReason : "finished");
      return;
    }
    this.scheduleTurn();
  }

  /** Start the clock for the seats to act, or let bots act. */
  private scheduleTurn(): void {
    if (!this.game || this.state.status !== "playing") return;
    this.turnClock.clear();
    const active = this.definition.activeSeats(this.game);
    syncPrimitives(this.state.activeSeats, active);
    for (const s of active) if (!this.seats.isBot(s)) this.turnClock.start(s);
    if (active.some((s) => this.seats.isBot(s))) {
      // Nobody connected and every seat played by a bot: nobody waits for the pace, so the bots
      // finish the match at once and the table (and its memory) goes (issue 8, item 27).
      const unattended = this.clients.length === 0 && this.seats.list.every((s) => s.isBot || s.botControlled);
      const delay = unattended ? 0 : this.services.config.botDelayMs;
      // Bursts of inline bot moves (delay 0) keep the 250 ms gap the old room tick gave them, so
      // the loop is shared and a player coming back finds the match still on.
      this.turnClock.scheduleBots(delay === 0 ? BOT_BURST_GAP_MS : delay, () => this.runBots(delay === 0 ? MAX_INLINE_BOT_MOVES : 1));
    }
  }

  /** Bot level for a seat; `takenOver` = a bot plays for a seated player (left, grace expired, timeouts). */
  protected botLevelFor(_seat: number, _takenOver: boolean): BotLevel {
    return this.botLevel;
  }

  private onTurnExpired(seatIndex: number): void {
    const game = this.game;
    const seat = this.seats.get(seatIndex);
    if (!game || !seat || this.state.status !== "playing") return;
    if (!this.definition.activeSeats(game).includes(seatIndex)) return;
    seat.consecutiveTimeouts += 1;
    this.services.metrics.turnTimeouts.inc({ game: this.definition.name });
    this.log().info({ seat: seatIndex, timeouts: seat.consecutiveTimeouts }, "turn timed out");
    const { maxTimeouts } = this.services.config;
    if (seat.consecutiveTimeouts >= maxTimeouts && (this.ranked || this.forfeitOnTimeouts)) {
      this.seats.mirror(seat);
      this.forfeited = true;
      const result = this.definition.forfeit(game, seat.team, "timeouts");
      this.game = result.state;
      this.record(seatIndex, "timeout", null, result.events);
      this.afterChange();
      this.commit();
      return;
    }
    try {
      this.applyAction(seatIndex, this.definition.timeoutAction(game, seatIndex), "timeout");
    } catch (err) {
      this.log().error({ err, seat: seatIndex }, "timeout action failed");
    }
    if (seat.consecutiveTimeouts >= maxTimeouts && !seat.botControlled && this.state.status === "playing") {
      this.seats.takeOver(seat, "timeouts");
      this.scheduleTurn();
    }
    this.seats.mirror(seat);
    this.commit();
  }

  /**
   * `resign { confirm: true }`: the sender's team loses by forfeit (reason `resign`, logged as a
   * `player` entry without an action) once every human of the team has confirmed (ResignBook).
   */
  private handleResign(client: TableClient, message: unknown): void {
    if (!resignMessage.safeParse(message).success) {
      return this.sendError(client, ERROR.CONFIRM_REQUIRED, "resign needs { confirm: true }: resigning ends the match as a loss for your team");
    }
    const data = client.userData;
    if (!data || data.role !== "player") return this.sendError(client, ERROR.NOT_SEATED, "only seated players can resign");
    const seat = this.seats.get(data.seat);
    if (!seat) return this.sendError(client, ERROR.NOT_SEATED, "you have no seat at this table");
    if (this.state.status === "finished") return this.sendError(client, ERROR.GAME_ENDED, "the game has ended");
    const game = this.game;
    if (!game || this.state.status !== "playing") return this.sendError(client, ERROR.NOT_STARTED, "the match has not started yet");
    const team = this.seats.list.filter((s) => s.team === seat.team);
    const verdict = this.resignations.request(seat, team, this.now());
    if (verdict.kind === "pending") {
      this.log().info({ seat: seat.index, waitingFor: verdict.waitingFor }, "resignation waits for the partners");
      for (const s of team) this.seats.clientOf(s.index)?.send(MESSAGE.resignPending, { team: verdict.team, seat: seat.index, waitingFor: verdict.waitingFor, expiresAt: verdict.expiresAt });
      return;
    }
    this.log().info({ seat: seat.index, team: verdict.team }, "team resigned");
    this.forfeited = true;
    this.forfeitReason = "resign";
    try {
      const result = this.definition.forfeit(game, verdict.team, "resign");
      this.game = result.state;
      this.record(seat.index, "player", null, result.events);
    } catch (err) {
      this.forfeited = false;
      this.log().error({ err, seat: seat.index }, "forfeit failed");
      return this.sendError(client, ERROR.INTERNAL, "the server could not end the match");
    }
    this.afterChange();
    this.commit();
  }

  /** The one place a bot decides: the game's bot for a seat it plays, from that seat's view only. */
  private botAction(game: State, seat: Seat): Action {
    const level = this.botLevelFor(seat, this.seats.get(seat)?.botControlled === true);
    const { action, memory } = botTurn(this.definition, game, seat, this.botMemory.get(seat), this.botRng, level);
    this.botMemory.set(seat, memory);
    return action;
  }

  /** Let bots act (up to `budget` moves back to back), then hand control back to the clock. */
  private runBots(budget: number): void {
    for (let n = 0; n < budget; n++) {
      const game = this.game;
      if (!game || this.state.status !== "playing") break;
      const seat = this.definition.activeSeats(game).find((s) => this.seats.isBot(s));
      if (seat === undefined) break;
      try {
        this.applyAction(seat, this.botAction(game, seat), "bot");
      } catch (err) {
        this.log().error({ err, seat }, "bot failed; using the timeout action");
        try {
          this.applyAction(seat, this.definition.timeoutAction(game, seat), "bot");
        } catch (err2) {
          this.log().error({ err: err2, seat }, "bot fallback failed");
          break;
        }
      }
      this.commit();
    }
  }

  private finishMatch(outcome: Outcome, reason: "finished" | "forfeit" | "resign"): void {
    if (this.finishing) return;
    this.turnClock.clear();
    this.state.status = "finished";
    this.state.endReason = reason;
    this.state.winnerTeam = outcome.winnerTeam ?? -1;
    this.state.deadline = 0;
    syncPrimitives(this.state.activeSeats, []);
    const endedAt = new Date();
    const box = this.safeBoxScore();
    this.broadcast(MESSAGE.matchEnded, { matchId: this.matchId, outcome });
    this.releaseHoldings();
    this.log().info({ winnerTeam: outcome.winnerTeam, scores: outcome.scores, reason }, "match ended");
    this.services.metrics.tableEvents.inc({ game: this.definition.name, event: "finished" });
    this.services.metrics.matchDuration.observe({ game: this.definition.name, reason }, (endedAt.getTime() - this.startedAt) / 1000);
    void Promise.resolve()
      .then(() => this.presence.setex(`${ENDED_ROOMS_PREFIX}${this.roomId}`, this.matchId, 7 * 24 * 3600))
      .catch((err: unknown) => this.log().warn({ err }, "could not remember the ended game in presence"));
    this.finishing = this.matchLog.finish(
      {
        status: "finished",
        endedAt,
        durationMs: endedAt.getTime() - this.startedAt,
        winnerTeam: outcome.winnerTeam,
        scores: outcome.scores,
        outcome: outcome as unknown as Record<string, unknown>,
      },
      box,
    );
    void this.finishing.then(() => {
      this.autoDispose = true;
      // Let players read the result and the box score, then close the table.
      this.lingerTimer = this.timer(() => void this.disconnect(), FINISHED_LINGER_MS);
      if (this.clients.length === 0) void this.disconnect();
    });
  }

  // ───────────────────────────── helpers ─────────────────────────────

  /** The live box score (also served over HTTP through presence: `remoteRoomCall(roomId, "getBoxScore")`). */
  getBoxScore(): Box {
    const seq = this.matchLog.seq;
    if (!this.boxCache || this.boxCache.seq !== seq) {
      this.boxCache = { seq, box: this.definition.summarise(this.matchLog.events as Event[]) };
    }
    return this.boxCache.box;
  }

  private safeBoxScore(): Box | null {
    try {
      return this.getBoxScore();
    } catch (err) {
      this.log().error({ err }, "box score failed");
      return null;
    }
  }

  /** Admin close (HTTP DELETE /rooms/:id through remoteRoomCall): store the match, then disconnect all. */
  async adminClose(by: string): Promise<void> {
    this.log().warn({ by }, "table closed by an admin");
    this.services.audit.record({ kind: "room.admin_close", userId: by, roomId: this.roomId, matchId: this.matchId || null });
    await this.persistOnShutdown();
    await this.disconnect(CloseCode.SERVER_SHUTDOWN);
  }

  /** Public facts about the table for HTTP lookups across processes. */
  getTableInfo(): Record<string, unknown> {
    return {
      roomId: this.roomId,
      matchId: this.matchId || null,
      game: this.definition.name,
      status: this.state.status,
      mode: this.mode,
      ranked: this.ranked,
      seats: this.seats.describe(),
    };
  }

  /** Inside a timer callback commits wait: the callback patches once when it is done. */
  private ticking = 0;

  protected timer(fn: () => void, ms: number): Timer {
    return this.timers.after(() => {
      this.ticking += 1;
      try {
        traceEntry("room.timer", { "diwan.room.id": this.roomId, "diwan.game": this.definition.name }, fn);
      } catch (err) {
        // As Colyseus did for room clock callbacks: a bug is logged and the table lives on.
        this.log().error({ err, method: "timer" }, "uncaught error in a room handler");
      } finally {
        this.ticking -= 1;
      }
      this.commit();
    }, ms);
  }

  /**
   * Send the state change now (turn-based latency: there is no patch interval). Inside a timer
   * callback the callback patches once when it is done.
   */
  protected commit(): void {
    if (this.ticking > 0) return;
    this.publishListing();
    childSpan("room.patch", () => this.broadcastPatch());
  }

  /** Public (quick-match) tables keep their listing current for `GET /tables/public`. */
  private publishListing(): void {
    if (this.mode !== "quick" || !this.state || !this.listing) return;
    this.listing.publish({
      mode: this.mode,
      ranked: this.ranked,
      game: this.definition.name,
      status: this.state.status,
      seats: this.seats.list.map((s) => ({ seat: s.index, name: s.name, bot: s.isBot || s.botControlled, connected: s.isBot || s.connected })),
      spectators: this.state.spectators,
    });
  }

  private sendError(client: TableClient, code: string, message: string): void {
    client.send(MESSAGE.error, { code, message });
  }

  protected now(): number {
    return this.timers.now();
  }

  protected log() {
    return this.services.logger.child(this.logContext);
  }
}
