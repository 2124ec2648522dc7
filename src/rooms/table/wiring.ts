import { matchMaker, type Client, type Deferred } from "@colyseus/core";
import type { ArraySchema } from "@colyseus/schema";
import type { BotLevel, GameDefinition, Seat, TeamOutcome } from "../../games/core/GameDefinition.js";
import type { SeatState, TableState } from "../../schema/TableState.js";
import type { Logger } from "../../platform/logger.js";
import type { RoomServices } from "../context.js";
import type { TableClient } from "./client.js";
import type { Timer } from "./timers.js";
import type { Inbox } from "./inbox.js";
import type { MatchLog } from "./log.js";
import type { ClientFaults } from "./transport.js";
import type { TableSettings } from "./settings.js";
import type { SeatInvitation } from "./invitation.js";
import type { TableFacts } from "./admission.js";
import type { RoomViewMapping } from "./sync.js";
import type { TurnClock } from "./clock.js";
import type { PauseSnapshot } from "./pause.js";
import type { StatusChange } from "../../services/tableRegistry.js";
import { Seats, type SeatsHost } from "./seats.js";
import { MatchFlow, type MatchHost } from "./match.js";
import { ActionDesk, type ActionsHost } from "./actions.js";
import { HostControls, type HostControlsHost } from "./hostControls.js";
import { Connections, type ConnectionsHost } from "./connections.js";
import { TableRecords, type RecordsHost } from "./records.js";
import { TablePausing, type PausingHost } from "./pausing.js";

/**
 * What the table's parts read from and ask of the room: members of TableRoom itself (it
 * implements this), read through TableHub when the parts ask, so they see the room's current
 * values (options, seed, join code, creator, clients). Public on the room for this reason only:
 * nothing outside the room and its parts calls them.
 */
export interface PartsRoom<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options> {
  readonly definition: GameDefinition<State, Action, View, Event, Outcome, Box, Options>;
  readonly state: TableState & { seats: ArraySchema<SeatState> };
  readonly services: RoomServices;
  readonly roomId: string;
  readonly roomName: string;
  readonly mode: "quick" | "bots" | "private";
  readonly ranked: boolean;
  readonly settings: TableSettings;
  readonly inbox: Inbox;
  readonly matchLog: MatchLog<Event>;
  readonly faults: ClientFaults;
  readonly options: Options;
  readonly gameSeed: string;
  readonly joinCode: string;
  readonly creatorId: string | null;
  readonly clients: readonly TableClient[] & { getById(sessionId: string): TableClient | undefined };
  autoDispose: boolean;
  syncPublic(view: View): void;
  syncPrivate(seat: SeatState, view: View | null): void;
  handCount(view: View, seat: number): number;
  privateMayChange?(seat: number, events: readonly Event[]): boolean;
  syncOwnFromGame?(seat: SeatState, game: State, seatIndex: number): void;
  log(): Logger;
  commit(): void;
  now(): number;
  timer(fn: () => void, ms: number): Timer;
  sendError(client: TableClient, code: string, message: string): void;
  broadcast(type: string, payload: unknown): void;
  invitation(): SeatInvitation | null;
  tableFacts(): TableFacts;
  initialEvents(state: State): Event[];
  beforeStart(): void;
  botLevelFor(seat: Seat, takenOver: boolean): BotLevel;
  startMatch(): void;
  matchStarted(): void;
  matchEnded(outcome: Outcome): void;
  matchStored(): void;
  /** Store what must survive the process (the live match, the room state). */
  persistOnShutdown(): Promise<void>;
  releaseHoldings(): void;
  rememberEnded(): void;
  disconnect(code?: number): Promise<unknown>;
  allowReconnection(client: TableClient, seconds: number): Deferred<Client>;
  /** A connection's StateView changed (table/patchSweep.ts). */
  viewsChanged(): void;
}

/** The parts a table is made of (DESIGN.md, Rooms), connected to each other and to the room. */
export interface TableParts<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options> {
  seats: Seats;
  match: MatchFlow<State, Action, View, Event, Outcome, Box, Options>;
  actions: ActionDesk<State, Action, View, Event, Outcome, Box, Options>;
  hostControls: HostControls;
  connections: Connections<State, Action, View, Event, Outcome, Box, Options>;
  records: TableRecords<State, Action, View, Event, Outcome, Box, Options>;
  pausing: TablePausing<State, Action, View, Event, Outcome, Box, Options>;
}

/**
 * The one host every part is given (they each read the members their own host interface names):
 * the room's facts and callbacks, read from the room itself, and the parts' calls to one
 * another. A class over the room, so a table holds one small object here instead of a host
 * object literal with its own closures, per part or for the whole table (issue 10: heap per table).
 */
class TableHub<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options>
  implements
    SeatsHost,
    MatchHost<State, Action, View, Event, Outcome, Box, Options>,
    PausingHost<State, Action, View, Event, Outcome, Box, Options>,
    ActionsHost<State, Action, View, Event, Outcome, Box, Options>,
    HostControlsHost,
    ConnectionsHost<State, Action, View, Event, Outcome, Box, Options>,
    RecordsHost<State, Action, View, Event, Outcome, Box, Options>
{
  // Fixed when the table is created.
  readonly processId: string;
  readonly hasHost: boolean;
  readonly turnMs: { timeoutMs: number; warningMs: number };
  readonly reconnectExtensionMs: number;
  // The parts, set by wireTableParts in construction order (each may read the earlier ones).
  seats!: Seats;
  match!: MatchFlow<State, Action, View, Event, Outcome, Box, Options>;
  pausing!: TablePausing<State, Action, View, Event, Outcome, Box, Options>;
  connections!: Connections<State, Action, View, Event, Outcome, Box, Options>;
  records!: TableRecords<State, Action, View, Event, Outcome, Box, Options>;

  constructor(private readonly room: PartsRoom<State, Action, View, Event, Outcome, Box, Options>) {
    this.processId = matchMaker.processId;
    this.hasHost = room.mode === "private";
    this.turnMs = { timeoutMs: room.settings.turnTimeoutS * 1000, warningMs: room.settings.turnWarningS * 1000 };
    this.reconnectExtensionMs = room.settings.reconnectExtensionMs;
  }

  // The room's facts (current values).
  get definition(): GameDefinition<State, Action, View, Event, Outcome, Box, Options> {
    return this.room.definition;
  }
  get state(): TableState & { seats: ArraySchema<SeatState> } {
    return this.room.state;
  }
  get services(): RoomServices {
    return this.room.services;
  }
  get roomId(): string {
    return this.room.roomId;
  }
  get roomName(): string {
    return this.room.roomName;
  }
  get mode(): "quick" | "bots" | "private" {
    return this.room.mode;
  }
  get ranked(): boolean {
    return this.room.ranked;
  }
  get settings(): TableSettings {
    return this.room.settings;
  }
  get inbox(): Inbox {
    return this.room.inbox;
  }
  get matchLog(): MatchLog<Event> {
    return this.room.matchLog;
  }
  get faults(): ClientFaults {
    return this.room.faults;
  }
  get options(): Options {
    return this.room.options;
  }
  get gameSeed(): string {
    return this.room.gameSeed;
  }
  get joinCode(): string {
    return this.room.joinCode;
  }
  get creatorId(): string | null {
    return this.room.creatorId;
  }
  get clients(): readonly TableClient[] {
    return this.room.clients;
  }

  /**
   * The game's view mapping: the hub itself (methods over the room's), not an object literal with
   * closures per table. Without the room's incremental hooks every private view is rebuilt, from
   * the seat's whole view (ViewMapping's defaults).
   */
  get mapping(): Required<RoomViewMapping<State, View>> {
    return this;
  }
  syncPublic(view: View): void {
    this.room.syncPublic(view);
  }
  syncPrivate(seat: SeatState, view: View | null): void {
    this.room.syncPrivate(seat, view);
  }
  handCount(view: View, seat: number): number {
    return this.room.handCount(view, seat);
  }
  privateMayChange(seat: number, events: readonly unknown[]): boolean {
    const room = this.room;
    return room.privateMayChange ? room.privateMayChange(seat, events as readonly Event[]) : true;
  }
  syncOwnFromGame(schemaSeat: SeatState, game: State, seat: number): void {
    const room = this.room;
    if (room.syncOwnFromGame) room.syncOwnFromGame(schemaSeat, game, seat);
    else room.syncPrivate(schemaSeat, room.definition.view(game, seat));
  }

  // The room's callbacks.
  log(): Logger {
    return this.room.log();
  }
  commit(): void {
    this.room.commit();
  }
  now(): number {
    return this.room.now();
  }
  timer(fn: () => void, ms: number): Timer {
    return this.room.timer(fn, ms);
  }
  sendError(client: TableClient, code: string, message: string): void {
    this.room.sendError(client, code, message);
  }
  broadcast(type: string, payload: unknown): void {
    this.room.broadcast(type, payload);
  }
  clientById(sessionId: string): TableClient | undefined {
    return this.room.clients.getById(sessionId);
  }
  viewsChanged(): void {
    this.room.viewsChanged();
  }
  invitation(): SeatInvitation | null {
    return this.room.invitation();
  }
  hasInvitation(): boolean {
    return this.room.invitation() !== null;
  }
  tableFacts(): TableFacts {
    return this.room.tableFacts();
  }
  initialEvents(state: State): Event[] {
    return this.room.initialEvents(state);
  }
  beforeStart(): void {
    this.room.beforeStart();
  }
  botLevelFor(seat: Seat, takenOver: boolean): BotLevel {
    return this.room.botLevelFor(seat, takenOver);
  }
  startMatch(): void {
    this.room.startMatch();
  }
  started(): void {
    this.room.matchStarted();
  }
  ended(outcome: Outcome): void {
    this.room.matchEnded(outcome);
  }
  stored(): void {
    this.room.matchStored();
  }
  persist(): Promise<void> {
    return this.room.persistOnShutdown();
  }
  releaseHoldings(): void {
    this.room.releaseHoldings();
  }
  rememberEnded(): void {
    this.room.rememberEnded();
  }
  disconnect(code?: number): Promise<unknown> {
    return this.room.disconnect(code);
  }
  allowReconnection(client: TableClient, seconds: number): Deferred<Client> {
    return this.room.allowReconnection(client, seconds);
  }
  setAutoDispose(value: boolean): void {
    this.room.autoDispose = value;
  }

  // The parts' calls to one another.
  logRoomEntry(seat: Seat, event: Record<string, unknown>): void {
    this.match.logRoomEntry(seat, event);
  }
  membersChanged(): void {
    this.records.writeMembers();
  }
  clientSeedOf(userId: string): string {
    return this.connections.clientSeeds.get(userId) ?? "";
  }
  get clientSeeds(): Map<string, string> {
    return this.connections.clientSeeds;
  }
  get turnClock(): TurnClock {
    return this.match.turnClock;
  }
  saveRoomState(clocks: ReadonlyMap<number, number> | null): void {
    this.records.saveRoomState(clocks);
  }
  recordStatus(change: StatusChange): void {
    this.records.status(change);
  }
  registrySettled(): Promise<void> {
    return this.records.settled();
  }
  seated(client: TableClient, userId: string): void {
    this.records.playerSeated();
    this.pausing.playerArrived(client, userId);
  }
  reconnected(client: TableClient, userId: string): void {
    this.pausing.playerArrived(client, userId);
  }
  get unloading(): boolean {
    return this.pausing.unloading;
  }
  left(): void {
    this.records.playerLeft();
  }
  pauseSnapshot(): PauseSnapshot | null {
    return this.pausing.pauseSnapshot();
  }
  restorePause(pause: PauseSnapshot): void {
    this.pausing.pauses.restore(pause);
  }
}

/** Build the parts and connect them to each other and to the room. */
export function wireTableParts<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options>(
  room: PartsRoom<State, Action, View, Event, Outcome, Box, Options>,
  seatTeams: number[],
): TableParts<State, Action, View, Event, Outcome, Box, Options> {
  const hub = new TableHub(room);
  const seats = (hub.seats = new Seats(hub, seatTeams));
  const match = (hub.match = new MatchFlow(hub));
  const pausing = (hub.pausing = new TablePausing(hub));
  const actions = new ActionDesk(hub);
  const hostControls = new HostControls(hub);
  const connections = (hub.connections = new Connections(hub));
  const records = (hub.records = new TableRecords(hub));
  return { seats, match, actions, hostControls, connections, records, pausing };
}
