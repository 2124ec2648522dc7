import { randomUUID } from "node:crypto";
import {
  CloseCode,
  Room,
  ServerError,
  matchMaker,
  type AuthContext,
  type Client,
  type Delayed,
  type Deferred,
  type RoomException,
  type RoomMethodName,
} from "@colyseus/core";
import { StateView, type ArraySchema } from "@colyseus/schema";
import { botTurn, type BotLevel, type BotMemory, type GameDefinition, type Seat, type TeamOutcome } from "../games/core/GameDefinition.js";
import { isIllegalAction } from "../games/core/IllegalAction.js";
import { createRng, newSeed, seedState, type Rng } from "../games/core/rng.js";
import type { SeatState, TableState } from "../schema/TableState.js";
import { setIfChanged, syncPrimitives } from "../schema/sync.js";
import type { AccessClaims } from "../services/tokens.js";
import { TokenError } from "../services/tokens.js";
import { MatchRecorder } from "../services/matchRecorder.js";
import type { EntrySource, LogEntry } from "../services/matchStore.js";
import { roomServices, type RoomServices } from "./context.js";
import { ERROR, JOIN_ERROR_STATUS, MESSAGE, actionMessage, joinOptions, seatMessage, type AckMessage, type JoinOptions } from "./protocol.js";
import { ENDED_ROOMS_PREFIX, releaseJoinCode, reserveJoinCode } from "../services/tableDirectory.js";

/** Per-connection data kept by the room. */
export interface TableClientData {
  /** "replaced": an older connection of a user who joined again; it is being closed. */
  role: "player" | "spectator" | "replaced";
  seat: number;
  userId: string;
}
export type TableClient = Client<{ userData: TableClientData; auth: AccessClaims }>;

/** Server-side record of a seat (the schema mirrors its public part). */
interface SeatRecord {
  index: number;
  team: number;
  userId: string | null;
  name: string;
  guest: boolean;
  /** Seated as a bot from the start. */
  isBot: boolean;
  /** A bot plays for the seated user (grace expired, left, or too many timeouts). */
  botControlled: boolean;
  sessionId: string | null;
  connected: boolean;
  reconnection: Deferred<Client> | null;
  consecutiveTimeouts: number;
  /** Answers to recent action ids, for idempotent retries (bounded, oldest dropped first). */
  answers: Map<string, AckMessage>;
}

const MAX_REMEMBERED_ANSWERS = 256;
/**
 * Patch/clock tick. Turn-based tables patch right after each change, so the tick only drives
 * timers (turn clock, bot delay); every table pays it, so it is kept coarse (docs/CAPACITY.md).
 */
const TICK_MS = 250;
const MAX_SPECTATORS = 64;
const FINISHED_LINGER_MS = 30_000;
/** Time added to a player's clock when he reconnects during his turn. */
const RECONNECT_EXTENSION_MS = 10_000;
/** Bound on bot moves run back to back when BOT_DELAY_MS = 0, before yielding to the event loop. */
const MAX_INLINE_BOT_MOVES = 64;

function joinError(code: keyof typeof JOIN_ERROR_STATUS, message: string): ServerError {
  return new ServerError(JOIN_ERROR_STATUS[code] ?? 400, `${code}: ${message}`);
}

/** Rooms created by this process, for MAX_ROOMS (a per-process limit, like the memory it protects). */
let localTables = 0;

export interface TableRoomOptions {
  ranked?: boolean;
  /** Per room type turn clock (defaults: TURN_TIMEOUT_S / TURN_WARNING_S). */
  turnTimeoutS?: number;
  turnWarningS?: number;
}

/**
 * One generic authoritative table for any turn-based GameDefinition: seats and auth, spectators,
 * reconnection, the turn clock, bots, validated idempotent actions, per-seat hidden information
 * and the match event log. A game's room subclass supplies the definition and the schema mapping.
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

  protected services!: RoomServices;
  protected seats: SeatRecord[] = [];
  protected game: State | null = null;
  protected gameSeed = "";
  protected matchId = "";
  protected recorder: MatchRecorder | null = null;
  protected events: Event[] = [];
  protected seq = 0;
  protected ranked = false;
  protected mode: "quick" | "bots" | "private" = "quick";
  protected options!: Options;
  protected startedAt = 0;
  private testHooks = false;
  private turnTimeoutS = 30;
  private turnWarningS = 10;
  private forfeited = false;
  private botRng!: Rng;
  /** Bot strength at this table: the table's `botLevel` option (vs-bots/private) or BOT_LEVEL. */
  protected botLevel: BotLevel = "basic";
  /** What each seat's bot remembers between its turns (opaque; see GameDefinition "Bots"). */
  private readonly botMemory = new Map<number, BotMemory>();
  /** Each active human seat's clock (several seats may act at once in some games). */
  private readonly seatClocks = new Map<number, { deadline: number; timers: Delayed[] }>();
  private botTimer: Delayed | null = null;
  private fillTimer: Delayed | null = null;
  private lingerTimer: Delayed | null = null;
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
    const services = roomServices();
    const options = joinOptions.safeParse(rawOptions ?? {});
    const candidate = token || (options.success ? options.data.token : undefined);
    let claims: AccessClaims;
    try {
      claims = await services.tokens.verifyAccessToken(candidate);
    } catch (err) {
      const reason = err instanceof TokenError ? err.code : "TOKEN_INVALID";
      services.audit.record({ kind: "room.auth_rejected", ip: context?.ip ?? null, detail: { reason } });
      throw joinError("AUTH_FAILED", err instanceof Error ? err.message : "invalid token");
    }
    // vs-bots and private tables are always new tables: limit how fast one user opens them.
    const mode = options.success ? options.data.mode : undefined;
    if ((mode === "bots" || mode === "private") && services.tableCreationLimiter) {
      const verdict = await services.tableCreationLimiter.take(claims.sub);
      if (!verdict.ok) {
        throw joinError("RATE_LIMITED", `too many new tables; try again in ${verdict.retryAfterS} s`);
      }
    }
    return claims;
  }

  override async onCreate(rawOptions: unknown): Promise<void> {
    this.services = roomServices();
    const { config } = this.services;
    if (localTables >= config.maxRooms) {
      throw joinError("ROOM_LIMIT", `this server is at its limit of ${config.maxRooms} tables; try again shortly`);
    }
    const parsed = joinOptions.safeParse(rawOptions ?? {});
    if (!parsed.success) throw joinError("BAD_OPTIONS", parsed.error.issues.map((i) => i.message).join("; "));
    const options = parsed.data;
    const defaults = this.defaultTableOptions();
    this.ranked = defaults.ranked ?? false;
    this.mode = this.ranked ? "quick" : (options.mode ?? "quick");
    this.testHooks = config.env === "test";
    try {
      this.options = this.gameOptions(this.mode === "quick" ? undefined : options.game, this.testHooks, this.ranked);
    } catch (err) {
      throw joinError("BAD_OPTIONS", err instanceof Error ? err.message : String(err));
    }
    if (this.testHooks && options.seed) this.gameSeed = options.seed;

    localTables += 1;
    this.countedTable = true;
    this.services.metrics.roomsActive.inc({ room: this.roomName });
    this.logContext = { roomId: this.roomId, game: this.definition.name };

    const state = this.createState();
    state.mode = this.mode;
    state.ranked = this.ranked;
    // Turn clock: the room type's default, or a private/vs-bots table's own choice.
    this.turnTimeoutS = options.turnSeconds && this.mode !== "quick" ? options.turnSeconds : (defaults.turnTimeoutS ?? config.turnTimeoutS);
    this.turnWarningS = Math.min(defaults.turnWarningS ?? config.turnWarningS, Math.floor(this.turnTimeoutS / 2));
    state.turnTimeoutS = this.turnTimeoutS;
    const teams = this.definition.teams(this.definition.maxSeats);
    for (let i = 0; i < this.definition.maxSeats; i++) {
      const team = teams.findIndex((t) => t.includes(i));
      state.seats.push(this.createSeat(i, team));
      this.seats.push({
        index: i,
        team,
        userId: null,
        name: "",
        guest: false,
        isBot: false,
        botControlled: false,
        sessionId: null,
        connected: false,
        reconnection: null,
        consecutiveTimeouts: 0,
        answers: new Map(),
      });
    }
    this.state = state;
    // Quick match: the matchmaker must not reserve more seats than the table has, or concurrent
    // joinOrCreate calls land in a table that filled and started meanwhile. Room for spectators
    // is opened when the match starts (the table then leaves quick matchmaking).
    this.maxClients = this.mode === "quick" ? this.definition.maxSeats : this.definition.maxSeats + MAX_SPECTATORS;
    this.maxMessagesPerSecond = 20;
    this.patchRate = TICK_MS;
    // Empty waiting tables close by themselves; once the match starts the table lives until the
    // match is stored, even with nobody connected (bots may be playing, players may rejoin).
    this.autoDispose = true;
    this.botRng = createRng(seedState(newSeed(), "bots"));
    this.botLevel = (this.mode !== "quick" ? options.botLevel : undefined) ?? config.botLevel;

    await this.setMetadata({ mode: this.mode, ranked: this.ranked, game: this.definition.name });
    if (this.mode !== "quick") await this.setPrivate(true);
    if (this.mode === "private") {
      const code = await this.reserveJoinCode();
      state.joinCode = code;
    }

    this.onMessage(MESSAGE.action, (client: TableClient, message: unknown) => this.handleAction(client, message));
    this.onMessage(MESSAGE.seat, (client: TableClient, message: unknown) => this.handleSeatChange(client, message));
    this.onMessage(MESSAGE.fillBots, (client: TableClient) => this.handleFillBots(client));
    this.onMessage(MESSAGE.start, (client: TableClient) => this.handleStart(client));
    this.onMessage(MESSAGE.boxScore, (client: TableClient) => client.send(MESSAGE.boxScore, this.getBoxScore()));
    this.onMessage("*", (client: TableClient, type: string | number) => {
      this.sendError(client, ERROR.UNKNOWN_MESSAGE, `unknown message type ${JSON.stringify(type)}`);
    });
    this.log().info({ mode: this.mode, ranked: this.ranked }, "table created");
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

  /** Subclasses registered as ranked rooms return { ranked: true }. */
  protected defaultTableOptions(): TableRoomOptions {
    return {};
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

  /**
   * Who may take a seat (Colyseus skips the instance onAuth when the static one is defined, so
   * onJoin calls this first; throwing here refuses the join with the error's message).
   */
  private checkAdmission(claims: AccessClaims, options: JoinOptions): void {
    if (this.state.status === "finished") throw joinError("GAME_ENDED", "this game has ended");
    if (options.spectate) return;
    if (this.ranked && claims.guest) throw joinError("GUEST_NOT_ALLOWED", "ranked tables need a registered account");
    const own = this.seats.find((s) => s.userId === claims.sub);
    if (own) return; // coming back to his seat
    if (this.mode === "private" && this.seats.some((s) => s.userId !== null) && options.joinCode !== this.state.joinCode) {
      throw joinError("BAD_JOIN_CODE", "this private table needs its join code");
    }
    if (this.state.status !== "waiting") throw joinError("ALREADY_STARTED", "the match has started; you can spectate");
    if (!this.seats.some((s) => s.userId === null && !s.isBot)) throw joinError("TABLE_FULL", "all seats are taken");
  }

  override onJoin(client: TableClient, rawOptions: unknown): void {
    const claims = client.auth as AccessClaims;
    const parsedOptions = joinOptions.safeParse(rawOptions ?? {});
    if (!parsedOptions.success) throw joinError("BAD_OPTIONS", parsedOptions.error.issues.map((i) => i.message).join("; "));
    const options: JoinOptions = parsedOptions.data;
    this.checkAdmission(claims, options);
    client.view = new StateView();
    this.countConnection(client, true);

    const own = this.seats.find((s) => s.userId === claims.sub);
    if (options.spectate && !own) {
      client.userData = { role: "spectator", seat: -1, userId: claims.sub };
      this.state.spectators += 1;
      this.log().info({ userId: claims.sub }, "spectator joined");
      return;
    }
    if (own) {
      this.takeSeatBack(own, client);
    } else {
      const seat = this.pickSeat(options.seat);
      if (!seat) throw joinError("TABLE_FULL", options.seat !== undefined ? "that seat is taken" : "all seats are taken");
      this.occupySeat(seat, client, claims);
    }

    if (this.state.status === "waiting") {
      if (this.mode === "bots") {
        for (const s of this.seats) if (s.userId === null && !s.isBot) this.seatBot(s);
        this.startMatch();
      } else if (this.mode === "quick") {
        if (this.seats.every((s) => s.userId !== null || s.isBot)) this.startMatch();
        else this.armBotFill();
      }
    }
    this.commit();
  }

  private pickSeat(preferred: number | undefined): SeatRecord | undefined {
    const free = (s: SeatRecord) => s.userId === null && !s.isBot;
    if (this.mode === "private" && preferred !== undefined) {
      const seat = this.seats[preferred];
      return seat && free(seat) ? seat : undefined;
    }
    return this.seats.find(free);
  }

  private occupySeat(seat: SeatRecord, client: TableClient, claims: AccessClaims): void {
    seat.userId = claims.sub;
    seat.name = claims.name;
    seat.guest = claims.guest;
    seat.sessionId = client.sessionId;
    seat.connected = true;
    client.userData = { role: "player", seat: seat.index, userId: claims.sub };
    client.view?.add(this.state.seats[seat.index] as SeatState);
    if (this.mode === "private" && this.state.hostSeat < 0) this.state.hostSeat = seat.index;
    this.mirrorSeat(seat);
    this.log().info({ userId: claims.sub, seat: seat.index }, "player seated");
  }

  /** The same user joins again (new tab, rejoin by id after the grace, or during it): he gets his seat back. */
  private takeSeatBack(seat: SeatRecord, client: TableClient): void {
    const previous = seat.sessionId ? this.clients.getById(seat.sessionId) : undefined;
    const pending = seat.reconnection;
    seat.reconnection = null;
    seat.sessionId = client.sessionId;
    seat.connected = true;
    if (seat.botControlled) {
      seat.botControlled = false;
      seat.consecutiveTimeouts = 0;
      this.logRoomEntry(seat.index, { type: "seatReclaimed", seat: seat.index });
    }
    client.userData = { role: "player", seat: seat.index, userId: seat.userId as string };
    client.view?.add(this.state.seats[seat.index] as SeatState);
    pending?.reject(new Error("replaced by a new connection"));
    if (previous && previous.sessionId !== client.sessionId) {
      previous.userData = { role: "replaced", seat: -1, userId: seat.userId as string };
      previous.leave(CloseCode.WITH_ERROR, "replaced by a new connection");
    }
    this.mirrorSeat(seat);
    this.log().info({ userId: seat.userId, seat: seat.index }, "player took his seat back");
    if (this.game) this.scheduleTurn();
  }

  private seatBot(seat: SeatRecord): void {
    const n = this.seats.filter((s) => s.isBot).length + 1;
    seat.isBot = true;
    seat.name = `Bot ${n}`;
    seat.connected = true;
    this.mirrorSeat(seat);
  }

  private armBotFill(): void {
    if (this.fillTimer || this.state.status !== "waiting") return;
    this.fillTimer = this.timer(() => {
      this.fillTimer = null;
      if (this.state.status !== "waiting" || !this.seats.some((s) => s.userId !== null)) return;
      for (const s of this.seats) if (s.userId === null && !s.isBot) this.seatBot(s);
      this.startMatch();
      this.commit();
    }, this.services.config.botFillWaitS * 1000);
  }

  override onDrop(client: TableClient, code?: number): void {
    this.countConnection(client, false);
    const data = client.userData;
    if (!data || data.role !== "player") return;
    const seat = this.seats[data.seat];
    if (!seat || seat.sessionId !== client.sessionId) return;
    seat.connected = false;
    this.mirrorSeat(seat);
    this.commit();
    if (code === CloseCode.SERVER_SHUTDOWN || this.state.status === "finished") return;
    const grace = this.services.config.reconnectGraceS;
    this.log().info({ userId: seat.userId, seat: seat.index, graceS: grace }, "player dropped; seat held");
    // Do not await: Colyseus closes the socket only once onDrop returns, and calls onLeave
    // itself when the grace ends without a reconnection.
    const deferred = this.allowReconnection(client, grace);
    seat.reconnection = deferred;
    Promise.resolve(deferred).catch(() => {});
  }

  override onReconnect(client: TableClient): void {
    this.countConnection(client, true);
    const data = client.userData;
    if (!data || data.role !== "player") return;
    const seat = this.seats[data.seat];
    if (!seat) return;
    seat.reconnection = null;
    seat.sessionId = client.sessionId;
    seat.connected = true;
    this.mirrorSeat(seat);
    this.log().info({ userId: seat.userId, seat: seat.index }, "player reconnected");
    // His clock kept running while away: give him a little time back if it is his turn.
    const now = this.now();
    const clock = this.seatClocks.get(seat.index);
    if (this.game && clock && clock.deadline - now < RECONNECT_EXTENSION_MS) {
      this.startClock(seat.index, RECONNECT_EXTENSION_MS);
    }
    this.commit();
  }

  override onLeave(client: TableClient): void {
    this.countConnection(client, false);
    const data = client.userData;
    if (!data || data.role === "replaced") return;
    if (data.role === "spectator") {
      if (this.state.spectators > 0) this.state.spectators -= 1;
      this.commit();
      return;
    }
    const seat = this.seats[data.seat];
    // A newer connection of the same user owns the seat now: nothing to do.
    if (!seat || seat.sessionId !== client.sessionId) return;
    seat.connected = false;
    seat.sessionId = null;
    seat.reconnection = null;
    if (this.state.status === "waiting") {
      // Before the start a seat is simply freed.
      seat.userId = null;
      seat.name = "";
      if (this.state.hostSeat === seat.index) {
        this.state.hostSeat = this.seats.find((s) => s.userId !== null)?.index ?? -1;
      }
    } else if (this.state.status === "playing" && !seat.botControlled) {
      seat.botControlled = true;
      this.logRoomEntry(seat.index, { type: "botTakeover", seat: seat.index, reason: "left" });
      this.scheduleTurn();
    }
    this.mirrorSeat(seat);
    this.commit();
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
      this.clearTurnTimers();
      if (this.finishing) {
        await this.finishing;
      } else if (this.recorder && this.state.status === "playing") {
        const ok = await this.recorder.interrupt(this.safeBoxScore(), this.services.config.shutdownTimeoutS * 1000);
        this.log().info({ matchId: this.matchId, stored: ok, seq: this.seq }, "live match stored as interrupted");
      }
    })();
    return this.shutdownPersist;
  }

  override async onDispose(): Promise<void> {
    this.clearTurnTimers();
    if (this.countedTable) {
      localTables -= 1;
      this.countedTable = false;
      this.services.metrics.roomsActive.dec({ room: this.roomName });
    }
    if (this.state.joinCode) {
      await Promise.resolve()
        .then(() => releaseJoinCode(this.state.joinCode))
        .catch(() => {});
    }
    await this.persistOnShutdown();
    this.recorder?.close();
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
    const from = this.seats[data.seat] as SeatRecord;
    const to = this.seats[parsed.data.seat];
    if (!to) return this.sendError(client, ERROR.MALFORMED_MESSAGE, "no such seat");
    if (to === from) return;
    if (to.userId !== null || to.isBot) return this.sendError(client, ERROR.SEAT_TAKEN, "that seat is taken");
    Object.assign(to, { userId: from.userId, name: from.name, guest: from.guest, sessionId: from.sessionId, connected: true });
    Object.assign(from, { userId: null, name: "", guest: false, sessionId: null, connected: false });
    client.view?.remove(this.state.seats[from.index] as SeatState);
    client.view?.add(this.state.seats[to.index] as SeatState);
    client.userData = { ...data, seat: to.index };
    if (this.state.hostSeat === from.index) this.state.hostSeat = to.index;
    this.mirrorSeat(from);
    this.mirrorSeat(to);
    this.commit();
  }

  private isHost(client: TableClient): boolean {
    return this.mode === "private" && client.userData?.role === "player" && client.userData.seat === this.state.hostSeat;
  }

  private handleFillBots(client: TableClient): void {
    if (!this.isHost(client)) return this.sendError(client, ERROR.NOT_HOST, "only the host of a private table can add bots");
    if (this.state.status !== "waiting") return this.sendError(client, ERROR.ALREADY_STARTED, "the match has started");
    for (const s of this.seats) if (s.userId === null && !s.isBot) this.seatBot(s);
    this.commit();
  }

  private handleStart(client: TableClient): void {
    if (!this.isHost(client)) return this.sendError(client, ERROR.NOT_HOST, "only the host of a private table can start it");
    if (this.state.status !== "waiting") return this.sendError(client, ERROR.ALREADY_STARTED, "the match has started");
    if (!this.seats.every((s) => s.userId !== null || s.isBot)) {
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
    this.gameSeed ||= newSeed();
    this.matchId = randomUUID();
    this.startedAt = Date.now();
    this.logContext.matchId = this.matchId;
    const state = this.definition.setup({ seed: this.gameSeed, seats: this.seats.length, options: this.options });
    this.game = state;
    this.state.status = "playing";
    this.autoDispose = false;
    // Full table: quick matchmaking must not send newcomers here (spectators and rejoins use the id).
    if (this.mode === "quick") void this.setMatchmaking({ private: true, maxClients: this.definition.maxSeats + MAX_SPECTATORS });

    this.recorder = new MatchRecorder(
      this.services.matchStore,
      {
        matchId: this.matchId,
        game: this.definition.name,
        roomId: this.roomId,
        ranked: this.ranked,
        options: { ...(this.options as Record<string, unknown>), mode: this.mode },
        seed: this.gameSeed,
        processId: matchMaker.processId,
        startedAt: new Date(this.startedAt),
        players: this.seats.map((s) => ({
          seat: s.index,
          team: s.team,
          userId: s.isBot ? null : s.userId,
          displayName: s.name,
          isBot: s.isBot,
        })),
      },
      {
        logger: this.log(),
        metrics: this.services.metrics,
        onFinished: this.services.onMatchFinished,
      },
    );
    this.log().info({ players: this.seats.map((s) => (s.isBot ? "bot" : s.userId)) }, "match started");
    this.record(null, "room", null, this.initialEvents(state));
    this.afterChange();
  }

  /** The one place log entries get their sequence number: memory only (the recorder writes later). */
  private appendEntry(seat: Seat | null, source: EntrySource, action: Action | null, events: unknown[]): number {
    this.seq += 1;
    this.state.seq = this.seq;
    const entry: LogEntry = { seq: this.seq, at: new Date(), seat, source, action: action as Record<string, unknown> | null, events };
    this.recorder?.append(entry);
    return this.seq;
  }

  /** Log engine events and tell each client what it may see. */
  private record(seat: Seat | null, source: EntrySource, action: Action | null, events: Event[]): number {
    const seq = this.appendEntry(seat, source, action, events);
    for (const e of events) this.events.push(e);
    if (events.length) {
      for (const client of this.clients) {
        const viewer = client.userData?.role === "player" ? client.userData.seat : null;
        const visible = events.filter((e) => this.definition.eventVisibleTo(e, viewer));
        if (visible.length) client.send(MESSAGE.events, { seq, events: visible });
      }
    }
    if (events.some((e) => this.definition.isCheckpoint(e))) {
      this.recorder?.setBoxScore(this.safeBoxScore());
      this.recorder?.checkpoint();
    }
    return seq;
  }

  /** Room-caused log entries (bot takeovers, reclaimed seats): no action, not engine events. */
  private logRoomEntry(seat: Seat, event: Record<string, unknown>): void {
    if (this.recorder) this.appendEntry(seat, "room", null, [{ ...event, room: true }]);
  }

  private handleAction(client: TableClient, message: unknown): void {
    const started = process.hrtime.bigint();
    const parsed = actionMessage.safeParse(message);
    if (!parsed.success) {
      const id = typeof (message as { id?: unknown })?.id === "string" ? ((message as { id: string }).id.slice(0, 64) as string) : null;
      const error = { code: ERROR.MALFORMED_MESSAGE, message: "an action message is { id: string (1-64 chars), action: object }" };
      if (id) client.send(MESSAGE.ack, { id, ok: false, error } satisfies AckMessage);
      else client.send(MESSAGE.error, error);
      this.services.metrics.actions.inc({ game: this.definition.name, result: "rejected" });
      return;
    }
    const { id, action } = parsed.data;
    const data = client.userData;
    const seat = data?.role === "player" ? this.seats[data.seat] : undefined;
    const remembered = seat?.answers.get(id);
    if (remembered) {
      client.send(MESSAGE.ack, remembered);
      this.services.metrics.actions.inc({ game: this.definition.name, result: "duplicate" });
      return;
    }
    const answer =
      parsed.data.seat !== undefined && seat && parsed.data.seat !== seat.index
        ? this.refuseOtherSeat(client, seat, parsed.data.seat)
        : this.decide(client, seat, action);
    const ack = { ...answer, id } as AckMessage;
    if (seat) {
      seat.answers.set(id, ack);
      if (seat.answers.size > MAX_REMEMBERED_ANSWERS) seat.answers.delete(seat.answers.keys().next().value as string);
    }
    if (ack.ok) this.commit();
    client.send(MESSAGE.ack, ack);
    this.services.metrics.actions.inc({ game: this.definition.name, result: ack.ok ? "accepted" : "rejected" });
    this.services.metrics.actionAckSeconds.observe(
      { game: this.definition.name },
      Number(process.hrtime.bigint() - started) / 1e9,
    );
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
      return refuse(ERROR.NOT_YOUR_TURN, "it is not your turn");
    }
    if (seat.botControlled) {
      // He is back: a human action takes the seat back from the bot.
      seat.botControlled = false;
      this.logRoomEntry(seat.index, { type: "seatReclaimed", seat: seat.index });
      this.mirrorSeat(seat);
    }
    try {
      const seq = this.applyAction(seat.index, action, "player");
      seat.consecutiveTimeouts = 0;
      this.mirrorSeat(seat);
      return { ok: true, seq };
    } catch (err) {
      if (isIllegalAction(err)) return refuse(err.code, err.message);
      this.log().error({ err, seat: seat.index }, "engine error while applying an action");
      return refuse(ERROR.INTERNAL, "the server could not apply this action");
    }
  }

  /** The single place actions change the game: apply, log, then advance clocks and bots. */
  private applyAction(seat: Seat, action: unknown, source: EntrySource): number {
    const game = this.game as State;
    const result = this.definition.apply(game, seat, action);
    this.game = result.state;
    const seq = this.record(seat, source, action as Action, result.events);
    this.afterChange();
    return seq;
  }

  /** Sync the schema from the engine's views and move the table on (clock, bots, end). */
  private afterChange(): void {
    const game = this.game;
    if (!game) return;
    const publicView = this.definition.view(game, null);
    this.syncPublic(publicView);
    for (let i = 0; i < this.seats.length; i++) {
      const schemaSeat = this.state.seats[i] as SeatState;
      const count = this.handCount(publicView, i);
      if (schemaSeat.handCount !== count) schemaSeat.handCount = count;
      // A bot seated from the start never has a client: nobody would receive its private fields.
      if (this.seats[i]?.isBot) continue;
      this.syncPrivate(schemaSeat, this.definition.view(game, i));
    }
    this.boxCache = null;
    const outcome = this.definition.outcome(game);
    if (outcome) {
      this.finishMatch(outcome, this.forfeited ? "forfeit" : "finished");
      return;
    }
    this.scheduleTurn();
  }

  /** Start the clock for the seats to act, or let bots act. */
  private scheduleTurn(): void {
    if (!this.game || this.state.status !== "playing") return;
    this.clearTurnTimers();
    const active = this.definition.activeSeats(this.game);
    syncPrimitives(this.state.activeSeats, active);
    const humans = active.filter((s) => !this.isBotSeat(s));
    const bots = active.filter((s) => this.isBotSeat(s));
    if (humans.length > 0) {
      for (const s of humans) this.startClock(s, this.turnTimeoutS * 1000);
    } else {
      this.state.deadline = 0;
    }
    if (bots.length > 0) this.scheduleBots();
  }

  /** Bot level for a seat; `takenOver` = a bot plays for a seated player (left, grace expired, timeouts). */
  protected botLevelFor(_seat: number, _takenOver: boolean): BotLevel {
    return this.botLevel;
  }

  private isBotSeat(index: number): boolean {
    const s = this.seats[index];
    return Boolean(s && (s.isBot || s.botControlled));
  }

  private startClock(seat: number, ms: number): void {
    const turnWarningS = this.turnWarningS;
    for (const t of this.seatClocks.get(seat)?.timers ?? []) t.clear();
    const deadline = this.now() + ms;
    const timers: Delayed[] = [];
    const warnAt = ms - turnWarningS * 1000;
    if (turnWarningS > 0 && warnAt > 0) {
      timers.push(
        this.timer(() => {
          const owner = this.clientOfSeat(seat);
          owner?.send(MESSAGE.turnWarning, { seat, deadline, remainingMs: Math.max(0, deadline - this.now()) });
        }, warnAt),
      );
    }
    timers.push(this.timer(() => this.onTurnExpired(seat), ms));
    this.seatClocks.set(seat, { deadline, timers });
    // The public deadline is the earliest running clock.
    this.state.deadline = Math.min(...[...this.seatClocks.values()].map((c) => c.deadline));
  }

  private onTurnExpired(seatIndex: number): void {
    const game = this.game;
    const seat = this.seats[seatIndex];
    if (!game || !seat || this.state.status !== "playing") return;
    if (!this.definition.activeSeats(game).includes(seatIndex)) return;
    seat.consecutiveTimeouts += 1;
    this.log().info({ seat: seatIndex, timeouts: seat.consecutiveTimeouts }, "turn timed out");
    const { maxTimeouts } = this.services.config;
    if (seat.consecutiveTimeouts >= maxTimeouts && this.ranked) {
      this.mirrorSeat(seat);
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
      seat.botControlled = true;
      this.logRoomEntry(seatIndex, { type: "botTakeover", seat: seatIndex, reason: "timeouts" });
      this.scheduleTurn();
    }
    this.mirrorSeat(seat);
    this.commit();
  }

  private scheduleBots(): void {
    if (this.botTimer) return;
    const delay = this.services.config.botDelayMs;
    this.botTimer = this.timer(() => {
      this.botTimer = null;
      this.runBots(delay === 0 ? MAX_INLINE_BOT_MOVES : 1);
    }, delay);
  }

  /** Let bots act (up to `budget` moves back to back), then hand control back to the clock. */
  private runBots(budget: number): void {
    for (let n = 0; n < budget; n++) {
      const game = this.game;
      if (!game || this.state.status !== "playing") break;
      const seat = this.definition.activeSeats(game).find((s) => this.isBotSeat(s));
      if (seat === undefined) break;
      try {
        const level = this.botLevelFor(seat, this.seats[seat]?.botControlled === true);
        const { action, memory } = botTurn(this.definition, game, seat, this.botMemory.get(seat), this.botRng, level);
        this.botMemory.set(seat, memory);
        this.applyAction(seat, action, "bot");
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

  private finishMatch(outcome: Outcome, reason: "finished" | "forfeit"): void {
    if (this.finishing) return;
    this.clearTurnTimers();
    this.state.status = "finished";
    this.state.endReason = reason;
    this.state.winnerTeam = outcome.winnerTeam ?? -1;
    this.state.deadline = 0;
    syncPrimitives(this.state.activeSeats, []);
    const endedAt = new Date();
    const box = this.safeBoxScore();
    this.broadcast(MESSAGE.matchEnded, { matchId: this.matchId, outcome });
    this.log().info({ winnerTeam: outcome.winnerTeam, scores: outcome.scores, reason }, "match ended");
    void Promise.resolve()
      .then(() => this.presence.setex(`${ENDED_ROOMS_PREFIX}${this.roomId}`, this.matchId, 7 * 24 * 3600))
      .catch((err: unknown) => this.log().warn({ err }, "could not remember the ended game in presence"));
    const recorder = this.recorder;
    this.finishing = (async () => {
      if (recorder) {
        await recorder.finish(
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
      }
    })();
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
    if (!this.boxCache || this.boxCache.seq !== this.seq) {
      this.boxCache = { seq: this.seq, box: this.definition.summarise(this.events) };
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
      seats: this.seats.map((s) => ({ seat: s.index, userId: s.userId, name: s.name, bot: s.isBot || s.botControlled, connected: s.connected })),
    };
  }

  private clientOfSeat(index: number): TableClient | undefined {
    const seat = this.seats[index];
    return seat?.sessionId ? this.clients.getById(seat.sessionId) : undefined;
  }

  private mirrorSeat(seat: SeatRecord): void {
    const s = this.state.seats[seat.index] as SeatState;
    setIfChanged(s, "name", seat.name);
    setIfChanged(s, "userId", seat.isBot ? "" : (seat.userId ?? ""));
    setIfChanged(s, "occupied", seat.userId !== null || seat.isBot);
    setIfChanged(s, "isBot", seat.isBot);
    setIfChanged(s, "botControlled", seat.botControlled);
    setIfChanged(s, "connected", seat.isBot || seat.connected);
    setIfChanged(s, "consecutiveTimeouts", seat.consecutiveTimeouts);
  }

  private clearTurnTimers(): void {
    for (const clock of this.seatClocks.values()) for (const t of clock.timers) t.clear();
    this.seatClocks.clear();
    this.botTimer?.clear();
    this.botTimer = null;
  }

  /** Clock callbacks run inside broadcastPatch's clock tick, which patches right after them. */
  private ticking = 0;

  private timer(fn: () => void, ms: number): Delayed {
    return this.clock.setTimeout(() => {
      this.ticking += 1;
      try {
        fn();
      } finally {
        this.ticking -= 1;
      }
    }, ms);
  }

  /**
   * Send the state change now instead of waiting for the next tick (turn-based latency).
   * Inside a clock callback the enclosing tick patches anyway; patching there would re-enter the clock.
   */
  protected commit(): void {
    if (this.ticking > 0) return;
    this.broadcastPatch();
  }

  private sendError(client: TableClient, code: string, message: string): void {
    client.send(MESSAGE.error, { code, message });
  }

  protected now(): number {
    return Date.now();
  }

  protected log() {
    return this.services.logger.child(this.logContext);
  }
}
