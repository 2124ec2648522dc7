import type { Client, Deferred } from "@colyseus/core";
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
import type { ViewMapping } from "./sync.js";
import { Seats } from "./seats.js";
import { MatchFlow } from "./match.js";
import { ActionDesk } from "./actions.js";
import { HostControls } from "./hostControls.js";
import { Connections } from "./connections.js";
import { TableRecords } from "./records.js";
import { TablePausing } from "./pausing.js";
import type { TableHandlers } from "./messages.js";
import { MESSAGE } from "../protocol.js";
import { traceEntry } from "../../platform/tracing.js";

/**
 * Everything the table's parts read from the room and ask of it, as ONE object the room builds
 * (TableRoom.partsHost). Getters give the room's current value of what changes after creation
 * (options, seed, join code, creator, clients).
 */
export interface TableHost<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options> {
  readonly definition: GameDefinition<State, Action, View, Event, Outcome, Box, Options>;
  readonly state: TableState & { seats: ArraySchema<SeatState> };
  readonly services: RoomServices;
  readonly roomId: string;
  readonly roomName: string;
  readonly processId: string;
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
  readonly clients: readonly TableClient[];
  clientById(sessionId: string): TableClient | undefined;
  readonly mapping: Omit<ViewMapping<View>, "view">;
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
  persist(): Promise<void>;
  releaseHoldings(): void;
  rememberEnded(): void;
  disconnect(code?: number): Promise<unknown>;
  allowReconnection(client: TableClient, seconds: number): Deferred<Client>;
  setAutoDispose(value: boolean): void;
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

/** Build the parts and connect their callbacks to each other and to the room. */
export function wireTableParts<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options>(
  host: TableHost<State, Action, View, Event, Outcome, Box, Options>,
  seatTeams: number[],
): TableParts<State, Action, View, Event, Outcome, Box, Options> {
  const { settings } = host;
  const seats = new Seats(
    {
      state: host.state,
      hasHost: host.mode === "private",
      get joinCode() {
        return host.joinCode;
      },
      clientById: (id) => host.clientById(id),
      logRoomEntry: (seat, event) => match.logRoomEntry(seat, event),
      viewsChanged: () => host.viewsChanged(),
    },
    seatTeams,
  );
  const common = {
    definition: host.definition,
    state: host.state,
    seats,
    matchLog: host.matchLog,
    services: host.services,
    roomId: host.roomId,
    log: () => host.log(),
    commit: () => host.commit(),
    now: () => host.now(),
    sendError: (client: TableClient, code: string, message: string) => host.sendError(client, code, message),
    timer: (fn: () => void, ms: number) => host.timer(fn, ms),
    mode: host.mode,
    ranked: host.ranked,
    inbox: host.inbox,
    roomName: host.roomName,
    invitation: () => host.invitation(),
    startMatch: () => host.startMatch(),
    membersChanged: () => records.writeMembers(),
  };
  const match: MatchFlow<State, Action, View, Event, Outcome, Box, Options> = new MatchFlow({
    ...common,
    processId: host.processId,
    get options() {
      return host.options;
    },
    get gameSeed() {
      return host.gameSeed;
    },
    get clients() {
      return host.clients;
    },
    clientSeedOf: (userId) => connections.clientSeeds.get(userId) ?? "",
    initialEvents: (state) => host.initialEvents(state),
    beforeStart: () => host.beforeStart(),
    botLevelFor: (seat, takenOver) => host.botLevelFor(seat, takenOver),
    mapping: host.mapping,
    turnMs: { timeoutMs: settings.turnTimeoutS * 1000, warningMs: settings.turnWarningS * 1000 },
    started: () => host.matchStarted(),
    ended: (outcome) => host.matchEnded(outcome),
    stored: () => host.matchStored(),
  });
  const pausing: TablePausing<State, Action, View, Event, Outcome, Box, Options> = new TablePausing({
    ...common,
    match,
    get creatorId() {
      return host.creatorId;
    },
    persist: () => host.persist(),
    saveRoomState: (clocks) => records.saveRoomState(clocks),
    recordStatus: (change) => records.status(change),
    registrySettled: () => records.settled(),
    broadcast: (type, payload) => host.broadcast(type, payload),
    releaseHoldings: () => host.releaseHoldings(),
    rememberEnded: () => host.rememberEnded(),
    disconnect: (code) => host.disconnect(code),
  });
  const actions = new ActionDesk({ ...common, match });
  const hostControls = new HostControls(common);
  const connections: Connections<State, Action, View, Event, Outcome, Box, Options> = new Connections({
    ...common,
    turnClock: match.turnClock,
    match,
    faults: host.faults,
    reconnectExtensionMs: settings.reconnectExtensionMs,
    tableFacts: () => host.tableFacts(),
    allowReconnection: (client, seconds) => host.allowReconnection(client, seconds),
    seated: (client, userId) => {
      records.playerSeated();
      pausing.playerArrived(client, userId);
    },
    reconnected: (client, userId) => pausing.playerArrived(client, userId),
    get unloading() {
      return pausing.management.unloading;
    },
    left: () => records.playerLeft(),
  });
  const records: TableRecords<State, Action, View, Event, Outcome, Box, Options> = new TableRecords({
    ...common,
    processId: host.processId,
    match,
    settings,
    get options() {
      return host.options;
    },
    get gameSeed() {
      return host.gameSeed;
    },
    get joinCode() {
      return host.joinCode;
    },
    clientSeeds: connections.clientSeeds,
    hasInvitation: () => host.invitation() !== null,
    initialEvents: (state) => host.initialEvents(state),
    setAutoDispose: (value) => host.setAutoDispose(value),
    disconnect: () => void host.disconnect(),
    pauseSnapshot: () => pausing.pauses.snapshot(),
    restorePause: (pause) => pausing.pauses.restore(pause),
  });
  return { seats, match, actions, hostControls, connections, records, pausing };
}

/** The client messages of docs/PROTOCOL.md, routed to the parts (pausing adds its own and counts activity for the idle rule). */
export function tableMessageHandlers<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options>(
  parts: TableParts<State, Action, View, Event, Outcome, Box, Options>,
  host: Pick<TableHost<State, Action, View, Event, Outcome, Box, Options>, "roomId" | "definition">,
): TableHandlers {
  const { actions, hostControls, connections, match, pausing } = parts;
  return pausing.handlers({
    [MESSAGE.action]: (client, message) =>
      traceEntry("room.action", { "diwan.room.id": host.roomId, "diwan.game": host.definition.name }, () => actions.handleAction(client, message)),
    [MESSAGE.seat]: (client, message) => hostControls.handleSeatChange(client, message),
    [MESSAGE.fillBots]: (client) => hostControls.handleFillBots(client),
    [MESSAGE.start]: (client) => hostControls.handleStart(client),
    [MESSAGE.boxScore]: (client) => client.send(MESSAGE.boxScore, match.boxScore()),
    [MESSAGE.catchUp]: (client, message) => connections.handleCatchUp(client, message),
    [MESSAGE.resign]: (client, message) => actions.handleResign(client, message),
  });
}
