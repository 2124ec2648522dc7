import {
  CloseCode,
  Room,
  ServerError,
  type AuthContext,
} from "@colyseus/core";
import type { ArraySchema } from "@colyseus/schema";
import type { BotLevel, GameDefinition, TeamOutcome } from "../games/core/GameDefinition.js";
import { newSeed } from "../games/core/rng.js";
import type { SeatState, TableState } from "../schema/TableState.js";
import type { AccessClaims } from "../services/tokens.js";
import { roomServices, type RoomServices } from "./context.js";
import type { Logger } from "../platform/logger.js";
import { ERROR, MESSAGES_PER_SECOND, MESSAGE, joinOptions } from "./protocol.js";
import { traceEntry, traced } from "../platform/tracing.js";
import { admissionVerdict, authenticateJoin, describeOptionIssues, type JoinVerdict } from "./table/admission.js";
import { TableLifecycle } from "./table/lifecycle.js";
import type { TableSettings } from "./table/settings.js";
import type { TableClient } from "./table/client.js";
import { RoomTimers, type Timer } from "./table/timers.js";
import { Inbox } from "./table/inbox.js";
import { MatchLog } from "./table/log.js";
import type { Seats } from "./table/seats.js";
import { ClientFaults } from "./table/transport.js";
import { ListingPublisher, type PublicListing } from "./table/listing.js";
import type { MatchFlow } from "./table/match.js";
import type { TurnClock } from "./table/clock.js";
import { configureTableRoom, createTableState } from "./table/roomSetup.js";
import { wireTableParts, type PartsRoom, type TableParts } from "./table/wiring.js";
import { dispatchTableMessage } from "./table/dispatch.js";
import { registerTableMessages } from "./table/messages.js";
import { tableOwner } from "./table/registryWrites.js";
import { TableCommits } from "./table/commits.js";
import { shareRoomAccessors } from "./table/roomAccessors.js";
import { guardRoomClass } from "./table/guard.js";
import type { TableCallResult, TableCaller } from "./table/pauseControl.js";
import type { TablePausing } from "./table/pausing.js";
import * as hooks from "./table/roomHooks.js";
import { readTableSetup } from "./table/tableSetup.js";
import type { SeatInvitation } from "./table/invitation.js";
import type { TableRoomOptions } from "./table/settings.js";

export type { TableClient, TableClientData } from "./table/client.js";
export type { PublicListing } from "./table/listing.js";
export type { SeatInvitation } from "./table/invitation.js";
export type { TableRoomOptions } from "./table/settings.js";

/**
 * One generic authoritative table for any turn-based GameDefinition: the coordinator between the
 * Colyseus lifecycle and its parts under ./table/ (seats, clock, inbox, log, sync, the match flow,
 * actions, host controls, dispatch, room hooks), which table/wiring.ts builds and connects over
 * the room itself. A game's room subclass supplies the definition and the schema mapping.
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
>
  extends Room<{ state: S; client: TableClient }>
  implements PartsRoom<State, Action, View, Event, Outcome, Box, Options>
{
  abstract readonly definition: GameDefinition<State, Action, View, Event, Outcome, Box, Options>;
  /** Creates the schema (with `seats` filled by `createSeat`). */
  protected abstract createState(): S;
  protected abstract createSeat(index: number, team: number): SeatState;
  /** Copy the public (spectator) view into the schema, in place. */
  abstract syncPublic(view: View): void;
  /** Copy a seat's private view into its `@view()` fields; `view` null clears them. */
  abstract syncPrivate(seat: SeatState, view: View | null): void;
  /** Number of cards/pieces a seat holds, from the public view. */
  abstract handCount(view: View, seat: number): number;
  /** Incremental private views (ViewMapping.privateMayChange); games without it rebuild every seat's. */
  privateMayChange?(seat: number, events: readonly Event[]): boolean;
  /** A seat's private fields straight from the game (ViewMapping.syncOwn); games without it sync `syncPrivate` of the seat's whole view. */
  syncOwnFromGame?(seat: SeatState, game: State, seatIndex: number): void;
  /** Validate and normalise game options for a new table (throw to refuse). */
  protected abstract gameOptions(raw: Record<string, unknown> | undefined, testHooks: boolean, ranked: boolean): Options;
  /** Opening events produced by setup (e.g. the first deal). */
  initialEvents(_state: State): Event[] {
    return [];
  }
  /** Tables seated by invitation return one (checked at matchmaking and at join); null otherwise. */
  invitation(): SeatInvitation | null {
    return null;
  }
  /** Last chance to complete the options from who sits where (e.g. each seat's own deck), just before setup. */
  beforeStart(): void {}
  /** Subclasses registered as ranked rooms return { ranked: true }. */
  protected defaultTableOptions(): TableRoomOptions {
    return {};
  }
  /** Bot level for a seat; `takenOver` = a bot plays for a seated player (left, grace expired, timeouts). */
  botLevelFor(_seat: number, _takenOver: boolean): BotLevel {
    return this.botLevel;
  }

  services!: RoomServices;
  /** The secret server seed, drawn at creation and committed to in `seedCommitment` (docs/FAIRNESS.md). */
  gameSeed = "";
  ranked = false;
  mode: "quick" | "bots" | "private" = "quick";
  options!: Options;

  /** The table's parts (table/wiring.ts); undefined for a creation refused before them. */
  private parts!: TableParts<State, Action, View, Event, Outcome, Box, Options>;
  readonly inbox = new Inbox(MESSAGES_PER_SECOND);
  readonly matchLog = new MatchLog<Event>();
  faults!: ClientFaults;

  /** Private tables: the join code (held by the room; shown only in seated players' seat fields). */
  joinCode = "";
  private testHooks = false;
  /** The table's settings, fixed at creation (stored in the room state). */
  settings!: TableSettings;
  /** Bot strength at this table: the table's `botLevel` option (vs-bots/private) or BOT_LEVEL. */
  protected botLevel: BotLevel = "basic";
  /**
   * Turn clocks, bot delays, fill and linger timers: on the process-wide timer wheel, not on a
   * per-room interval (a table where nothing happens costs no CPU). Tests move `timers` forward.
   */
  protected readonly timers = new RoomTimers();
  /** How a room turn's changes reach the clients: commit, timers as room turns, the listing (table/commits.ts). */
  private readonly commits = new TableCommits(this, this.timers);
  /** The table's life around the match (the MAX_ROOMS count, the join code, storing the live match). */
  private readonly lifecycle = new TableLifecycle<State, Action, View, Event, Outcome, Box, Options>(this);
  private logContext: Record<string, unknown> = {};
  /**
   * The table's child logger, made once per change of `logContext` (not on every log line) and
   * held weakly: a table logs rarely, and a kept pino child is ≈ 0.8 KiB of every table's heap.
   */
  private loggerRef: WeakRef<Logger> | null = null;
  /** The table's creator (registry owner_id): vs-bots and REST tables' owner; null for quick tables. */
  creatorId: string | null = null;

  constructor() {
    super();
    guardRoomClass(Object.getPrototypeOf(this) as object);
  }

  // The parts, read from `parts` (getters: no field per part on every table).
  /** Who sits where. */
  protected get seats(): Seats {
    return this.parts?.seats;
  }
  /** The match flow (start, actions, turns, the end); undefined before the parts are made. */
  get match(): MatchFlow<State, Action, View, Event, Outcome, Box, Options> {
    return this.parts?.match;
  }
  /** Pause, resume, pause requests, the idle rule and deleting the table (docs/PROTOCOL.md §5b; table/pausing.ts). */
  private get pausing(): TablePausing<State, Action, View, Event, Outcome, Box, Options> {
    return this.parts?.pausing;
  }

  /** The turn clock (the match flow's). */
  protected get turnClock(): TurnClock {
    return this.match.turnClock;
  }

  /** The match's id ("" before the start). */
  get matchId(): string {
    return this.match?.matchId ?? "";
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

  tableFacts() {
    return { state: this.state, joinCode: this.joinCode, seats: this.seats, ranked: this.ranked, mode: this.mode, invitation: this.invitation() };
  }

  override async onCreate(rawOptions: unknown): Promise<void> {
    this.services = roomServices();
    const { config } = this.services;
    const setup = await readTableSetup(rawOptions, this.roomName, config, this.defaultTableOptions(), (settings, raw, testHooks) => {
      // A game's gameOptions may read the table's mode (Baseball: private tables take more options).
      this.adoptSettings(settings);
      return this.gameOptions(raw, testHooks, settings.ranked);
    });
    const { source, stored, settings } = setup;
    if (source) this.roomId = source.roomId;
    this.adoptSettings(settings);
    this.testHooks = setup.testHooks;
    this.options = setup.options;
    // The server seed is fixed (and committed to in the state) before anyone sits.
    this.gameSeed = setup.seed || newSeed();

    this.lifecycle.opened();
    this.logContext = { roomId: this.roomId, game: this.definition.name };
    this.loggerRef = null;

    const { state, seatTeams } = createTableState(() => this.createState(), this.definition, (i, team) => this.createSeat(i, team), {
      settings,
      gameSeed: this.gameSeed,
      storedCommitment: source?.match.start.seedCommitment,
    });
    this.state = state;
    this.faults = new ClientFaults(this.services.metrics.registry, () => this.log());
    const parts = (this.parts = wireTableParts(this, seatTeams));
    this.match.forfeitsOnTimeouts = settings.forfeitOnTimeouts;
    // The room itself handles malformed frames and flushes stray changes (no closures per table).
    const strayChanges = configureTableRoom(
      this as unknown as Room,
      { quick: this.mode === "quick", maxSeats: this.definition.maxSeats },
      this,
    );
    this.commits.watch(strayChanges);
    this.botLevel = settings.botLevel;
    state.botLevel = this.botLevel;

    await this.setMetadata({ mode: this.mode, ranked: this.ranked, game: this.definition.name });
    if (this.mode === "quick") this.publishListing();
    if (this.mode !== "quick") await this.setPrivate(true);
    if (this.mode === "private") this.joinCode = await this.lifecycle.reserveJoinCode();

    registerTableMessages(
      this,
      this.inbox,
      (err, method) => this.reportUncaught(err, method),
      (client) => parts.connections.refuseFlood(client),
      (client, code, message) => this.sendError(client, code, message),
      (client, type, message) => dispatchTableMessage(parts, this, client, type, message),
    );
    this.log().info({ mode: this.mode, ranked: this.ranked }, "table created");
    // A revived table keeps its owner (the registry's owner_id).
    this.creatorId = source ? source.table.ownerId : tableOwner(rawOptions, this.mode).id;
    parts.records.created(rawOptions, source !== null);
    if (stored && source) parts.records.restore(stored, source);
  }

  /** REST `POST /tables/:id/pause` (through remoteRoomCall): the owner or an admin. */
  pauseTable(by: TableCaller): TableCallResult {
    return this.pausing.pauseTable(by);
  }

  /** REST `POST /tables/:id/resume`: the owner or an admin; clocks restart with their remaining time. */
  resumeTable(by: TableCaller): TableCallResult {
    return this.pausing.resumeTable(by);
  }

  /** REST `DELETE /tables/:id`: the owner before the start, an admin any time (a live match ends as abandoned). */
  deleteTable(by: TableCaller): Promise<TableCallResult> {
    return this.pausing.deleteTable(by, CloseCode.CONSENTED);
  }

  /** The table's settings, fixed at creation: its mode and rankedness are read everywhere. */
  private adoptSettings(settings: TableSettings): void {
    this.settings = settings;
    this.ranked = settings.ranked;
    this.mode = settings.mode;
  }

  /**
   * Safety net for unexpected errors in the room's hooks (table/guard.ts, installed once per room
   * class) and message handlers (table/messages.ts): logged, and the table (and the process) live
   * on. Not Colyseus's `onUncaughtException`: defining it wraps every hook per room.
   */
  reportUncaught(err: unknown, method: string): void {
    const log = this.services ? this.log() : undefined;
    // Join refusals (TABLE_FULL, BAD_OPTIONS…) are ServerErrors thrown on purpose; Colyseus still
    // rethrows them from onCreate/onJoin to the client.
    if (err instanceof ServerError) log?.debug({ method, reason: err.message }, "refused");
    else log?.error({ err, method }, "uncaught error in a room handler");
  }

  override onJoin(client: TableClient, rawOptions: unknown): void {
    traceEntry("room.join", { "diwan.room.id": this.roomId, "diwan.game": this.definition.name }, () => this.parts.connections.join(client, rawOptions));
  }

  override onDrop(client: TableClient, code?: number): void {
    this.parts.connections.drop(client, code);
  }

  override onReconnect(client: TableClient): void {
    this.parts.connections.reconnect(client);
  }

  override onLeave(client: TableClient): void {
    this.parts.connections.leave(client);
  }

  releaseHoldings(): void {
    this.parts?.connections.releaseHoldings();
  }

  override onBeforeShutdown(): void {
    hooks.shutDown(this, this.parts);
  }

  persistOnShutdown(): Promise<void> {
    return this.lifecycle.persist();
  }

  override onDispose(): Promise<void> {
    return hooks.dispose(this, this.parts, { commits: this.commits, lifecycle: this.lifecycle });
  }

  // ───────────────────────────── the match (table/roomHooks.ts) ─────────────────────────────

  startMatch(): void {
    hooks.startMatch(this.parts);
  }

  matchStarted(): void {
    this.logContext.matchId = this.match.matchId;
    this.loggerRef = null;
    hooks.matchStarted(this, this.parts);
  }

  matchEnded(outcome: Outcome): void {
    hooks.matchEnded(this, this.parts, outcome);
  }

  rememberEnded(): void {
    hooks.rememberEnded(this);
  }

  matchStored(): void {
    hooks.matchStored(this);
  }

  // ───────────────────────────── helpers ─────────────────────────────

  /** The live box score (also served over HTTP through presence: `remoteRoomCall(roomId, "getBoxScore")`). */
  getBoxScore(): Box {
    return this.match.boxScore();
  }

  /** Admin close (HTTP DELETE /rooms/:id through remoteRoomCall): store the match, then disconnect all. */
  adminClose(by: string): Promise<void> {
    return hooks.adminClose(this, by);
  }

  /** Public facts about the table for HTTP lookups across processes (table/roomHooks.ts). */
  getTableInfo(): Record<string, unknown> {
    return hooks.tableInfo(this, this.parts);
  }

  /** Run `fn` after `ms` as a room turn (table/commits.ts). */
  timer(fn: () => void, ms: number): Timer {
    return this.commits.timer(fn, ms);
  }

  /** Send the state change now (table/commits.ts); inside a timer callback the callback patches once when done. */
  commit(): void {
    this.commits.commit();
  }

  /** A frame that failed the transport check (table/transport.ts): counted, refused with MALFORMED_MESSAGE, or a flood. */
  malformedFrame(client: TableClient, fault: string): void {
    this.faults.report(client, "frame", fault);
    if (!this.inbox.admit(client)) return this.parts.connections.refuseFlood(client);
    this.sendError(client, ERROR.MALFORMED_MESSAGE, `a frame could not be decoded (${fault})`);
  }

  /** Public (quick-match) tables keep their listing current for `GET /tables/public`, on every commit. */
  private publishListing(): void {
    const listing = new ListingPublisher({ mode: this.mode, ranked: this.ranked, game: this.definition.name }, (listing: PublicListing) =>
      this.setMetadata(listing).catch((err: unknown) => this.log().warn({ err }, "could not update the table listing")),
    );
    this.commits.publishTo(listing, () => (this.state ? { status: this.state.status, spectators: this.state.spectators, seats: this.seats.list } : null));
  }

  /** A connection's StateView changed outside commit (table/patchSweep.ts). */
  viewsChanged(): void {
    this.commits.viewsChanged();
  }

  sendError(client: TableClient, code: string, message: string): void {
    client.send(MESSAGE.error, { code, message });
  }

  now(): number {
    return this.timers.now();
  }

  log(): Logger {
    let logger = this.loggerRef?.deref();
    if (!logger) {
      logger = this.services.logger.child(this.logContext);
      this.loggerRef = new WeakRef(logger);
    }
    return logger;
  }
}

// Colyseus's five per-room accessors live on the class, once (table/roomAccessors.ts).
shareRoomAccessors(TableRoom.prototype);
