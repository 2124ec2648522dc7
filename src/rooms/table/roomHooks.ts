import { CloseCode } from "@colyseus/core";
import type { Presence } from "@colyseus/core";
import type { TeamOutcome } from "../../games/core/GameDefinition.js";
import type { Logger } from "../../platform/logger.js";
import type { TableState } from "../../schema/TableState.js";
import { ENDED_ROOMS_PREFIX } from "../../services/tableDirectory.js";
import type { RoomServices } from "../context.js";
import { MESSAGE } from "../protocol.js";
import type { TableCommits } from "./commits.js";
import type { Inbox } from "./inbox.js";
import type { TableLifecycle } from "./lifecycle.js";
import type { MatchLog } from "./log.js";
import { MAX_SPECTATORS } from "./roomSetup.js";
import type { Timer } from "./timers.js";
import type { TableParts } from "./wiring.js";

/** How long an ended and stored table stays open for its players to read the result. */
const FINISHED_LINGER_MS = 30_000;
/** How long presence answers GAME_ENDED for an ended table. */
const ENDED_MEMORY_S = 7 * 24 * 3600;

/**
 * What the room does when its match starts and ends, and when it goes down (shutdown, dispose,
 * admin close). Functions over the room and its parts, called from its Colyseus hooks and from
 * the match flow (through the hub): the room file stays the coordinator of its lifecycle, and a
 * table holds no extra object for them.
 */
export interface HookedRoom {
  readonly roomId: string;
  readonly mode: "quick" | "bots" | "private";
  readonly ranked: boolean;
  readonly definition: { readonly name: string; readonly maxSeats: number };
  /** Undefined for a creation refused before its state (BAD_OPTIONS, ROOM_LIMIT). */
  readonly state: TableState | undefined;
  readonly matchId: string;
  readonly presence: Presence;
  readonly clients: { readonly length: number };
  readonly services: RoomServices;
  readonly matchLog: MatchLog<unknown>;
  readonly inbox: Inbox;
  autoDispose: boolean;
  broadcast(type: string, payload: unknown): void;
  setMatchmaking(updates: { private: boolean; maxClients: number }): Promise<void>;
  timer(fn: () => void, ms: number): Timer;
  disconnect(code?: number): Promise<unknown>;
  releaseHoldings(): void;
  persistOnShutdown(): Promise<void>;
  log(): Logger;
}

type Parts<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options> = TableParts<State, Action, View, Event, Outcome, Box, Options>;

// ───────────────────────────── the match ─────────────────────────────

/** Start the match (the fill timer is no longer needed; the stored room state has no clocks yet). */
export function startMatch<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options>(parts: Parts<State, Action, View, Event, Outcome, Box, Options>): void {
  if (parts.match.game) return;
  parts.connections.cancelFill();
  parts.match.start();
  parts.records.saveRoomState(null);
}

/** The match has started: the table lives on with nobody connected and leaves quick matchmaking. */
export function matchStarted<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options>(room: HookedRoom, parts: Parts<State, Action, View, Event, Outcome, Box, Options>): void {
  room.autoDispose = false;
  // Full table: quick matchmaking must not send newcomers here (spectators and rejoins use the id).
  if (room.mode === "quick") void room.setMatchmaking({ private: true, maxClients: room.definition.maxSeats + MAX_SPECTATORS });
  parts.records.matchStarted();
  parts.pausing.idle.start();
}

export function matchEnded<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options>(room: HookedRoom, parts: Parts<State, Action, View, Event, Outcome, Box, Options>, outcome: Outcome): void {
  room.broadcast(MESSAGE.matchEnded, { matchId: room.matchId, outcome });
  room.releaseHoldings();
  parts.records.matchEnded();
  parts.pausing.idle.stop();
  rememberEnded(room);
}

/** Joins and reconnections to an ended table are answered GAME_ENDED (any process, through presence). */
export function rememberEnded(room: HookedRoom): void {
  void Promise.resolve()
    .then(() => room.presence.setex(`${ENDED_ROOMS_PREFIX}${room.roomId}`, room.matchId, ENDED_MEMORY_S))
    .catch((err: unknown) => room.log().warn({ err }, "could not remember the ended game in presence"));
}

/** The ended match is stored: let players read the result and the box score, then close the table. */
export function matchStored(room: HookedRoom): void {
  room.autoDispose = true;
  room.timer(() => void room.disconnect(), FINISHED_LINGER_MS);
  if (room.clients.length === 0) void room.disconnect();
}

// ───────────────────────────── going down ─────────────────────────────

/**
 * The process shuts down: nothing acts any more (bots, clocks, moves); the room state with the
 * frozen clocks and the live match (marked interrupted) are stored before the clients go;
 * onDispose waits for it too. `parts` is undefined for a creation refused before them.
 */
export function shutDown<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options>(room: HookedRoom, parts: Parts<State, Action, View, Event, Outcome, Box, Options> | undefined): void {
  void (async () => {
    // A paused table's clocks are frozen already: their time is kept (and it stays paused).
    const frozen = parts && room.state?.status === "paused" ? parts.match.turnClock.remaining() : null;
    const stopped = parts?.match.stop();
    const clocks = frozen ?? stopped;
    await room.persistOnShutdown();
    if (clocks) await parts?.records.shutdown(clocks);
  })().finally(() => {
    room.disconnect(CloseCode.SERVER_SHUTDOWN).catch(() => {});
  });
}

/** The room is disposed: timers stopped, the table uncounted, the live match stored, its memory dropped. */
export async function dispose<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options>(
  room: HookedRoom,
  parts: Parts<State, Action, View, Event, Outcome, Box, Options> | undefined,
  own: { commits: TableCommits; lifecycle: TableLifecycle<State, Action, View, Event, Outcome, Box, Options> },
): Promise<void> {
  parts?.match.turnClock.clear();
  parts?.pausing.idle.stop();
  own.commits.stop();
  await own.lifecycle.closed();
  // A refused creation (BAD_OPTIONS, ROOM_LIMIT) is disposed before it has a state or parts.
  if (!room.state) return;
  room.releaseHoldings();
  await room.persistOnShutdown();
  parts?.records.disposed();
  room.matchLog.attachedRecorder?.close();
  // Stored: drop what the table held in memory.
  room.matchLog.release();
  room.inbox.clear();
  parts?.match.viewSync.release();
  room.log().info("table disposed");
}

/** Admin close (HTTP DELETE /rooms/:id through remoteRoomCall): store the match, then disconnect all. */
/** Public facts about the table for HTTP lookups across processes (`getTableInfo` through presence). */
export function tableInfo<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options>(
  room: HookedRoom,
  parts: Parts<State, Action, View, Event, Outcome, Box, Options>,
): Record<string, unknown> {
  return {
    roomId: room.roomId,
    matchId: room.matchId || null,
    game: room.definition.name,
    status: room.state?.status,
    mode: room.mode,
    ranked: room.ranked,
    seats: parts.seats.describe(),
  };
}

export async function adminClose(room: HookedRoom, by: string): Promise<void> {
  room.log().warn({ by }, "table closed by an admin");
  room.services.audit.record({ kind: "room.admin_close", userId: by, roomId: room.roomId, matchId: room.matchId || null });
  await room.persistOnShutdown();
  await room.disconnect(CloseCode.SERVER_SHUTDOWN);
}
