import type { Room } from "@colyseus/core";
import { RNG_ALGORITHM, seedCommitment } from "../../games/core/fairness/commitReveal.js";
import type { SeatState, TableState } from "../../schema/TableState.js";
import { MESSAGES_PER_SECOND } from "../protocol.js";
import type { TableClient } from "./client.js";
import { RESERVATION_SECONDS } from "./holdings.js";
import type { TableSettings } from "./settings.js";
import { watchForStrayChanges, type StrayChangeWatch } from "./patchSweep.js";
import { stopRoomTicking } from "./timers.js";
import { checkFramesFirst, dropViewChangesAfterFullState } from "./transport.js";

/** Fill the schema's seats (teams from the definition); returns each seat's team. */
export function addSeats(
  state: { seats: { push(seat: SeatState): unknown } },
  definition: { maxSeats: number; teams(seats: number): number[][] },
  createSeat: (index: number, team: number) => SeatState,
): number[] {
  const teams = definition.teams(definition.maxSeats);
  const seatTeams: number[] = [];
  for (let i = 0; i < definition.maxSeats; i++) {
    const team = teams.findIndex((t) => t.includes(i));
    state.seats.push(createSeat(i, team));
    seatTeams.push(team);
  }
  return seatTeams;
}

/**
 * A new table's state: its settings, its seats (teams from the definition), and the commitment to
 * the server seed, published before anyone sits, let alone any deal (commit–reveal,
 * docs/FAIRNESS.md). A revived table keeps the commitment it was created with. Returns the state
 * and each seat's team.
 */
export function createTableState<S extends TableState & { seats: { push(seat: SeatState): unknown } }>(
  createState: () => S,
  definition: { maxSeats: number; teams(seats: number): number[][] },
  createSeat: (index: number, team: number) => SeatState,
  table: { settings: Pick<TableSettings, "mode" | "ranked" | "turnTimeoutS">; gameSeed: string; storedCommitment: string | undefined },
): { state: S; seatTeams: number[] } {
  const state = createState();
  state.mode = table.settings.mode;
  state.ranked = table.settings.ranked;
  state.turnTimeoutS = table.settings.turnTimeoutS;
  const seatTeams = addSeats(state, definition, createSeat);
  state.seedCommitment = table.storedCommitment ?? seedCommitment(table.gameSeed);
  state.rngAlgorithm = RNG_ALGORITHM;
  return { state, seatTeams };
}

/** Room for spectators once a table's match has started. */
export const MAX_SPECTATORS = 64;

/**
 * The Colyseus settings of a table room: transport guards, no room tick (turn-based: patches go
 * out on change), seat limits, reservation timeout, auto-dispose. Returns the watch for changes
 * made outside commit (the state must be set).
 */
export function configureTableRoom(
  room: Room,
  shape: { quick: boolean; maxSeats: number },
  table: { commit(): void; malformedFrame(client: TableClient, fault: string): void },
): StrayChangeWatch {
  dropViewChangesAfterFullState(room);
  // `table` itself is the handler and the flusher: no closure per table around it. Frames are
  // checked, their writes batched and the room clock ticked by the room class (transport.ts).
  checkFramesFirst(room, table);
  // Quick match: the matchmaker must not reserve more seats than the table has, or concurrent
  // joinOrCreate calls land in a table that filled and started meanwhile. Room for spectators
  // is opened when the match starts (the table then leaves quick matchmaking).
  room.maxClients = shape.quick ? shape.maxSeats : shape.maxSeats + MAX_SPECTATORS;
  // The inbox counts messages in real time (MESSAGES_PER_SECOND). Colyseus's own count (on the
  // room clock, brought up to date per frame by the room class: transport.ts) is only a backstop for frames
  // that never reach a handler.
  room.maxMessagesPerSecond = MESSAGES_PER_SECOND * 3;
  stopRoomTicking(room);
  const strayChanges = watchForStrayChanges(room, table);
  // A seat reserved by matchmaking and not taken over a WebSocket is released this soon.
  room.seatReservationTimeout = RESERVATION_SECONDS;
  // Empty waiting tables close by themselves; once the match starts the table lives until the
  // match is stored, even with nobody connected (bots may be playing, players may rejoin).
  room.autoDispose = true;
  return strayChanges;
}
