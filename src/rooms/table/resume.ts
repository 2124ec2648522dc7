import { z } from "zod";
import type { GameDefinition, TeamOutcome } from "../../games/core/GameDefinition.js";
import { canonicalJson, verifyChain } from "../../games/core/fairness/commitReveal.js";
import type { LogEntry, MatchStartRecord } from "../../services/matchStore.js";
import type { EventBatch } from "./log.js";

/**
 * Resume (issue 12 §2): a match is rebuilt from (options, seed, log) by replaying the engine — no
 * snapshot of engine state. What is not in the engine (who sits where, the table's settings, the
 * seeds, the clocks' remaining time) is the table's *room state*, stored in `tables.room_state`
 * when the match starts and again, with the clocks, when the table goes down gracefully.
 */

export const ROOM_STATE_VERSION = 1;

const seatRecord = z.object({
  seat: z.number().int().min(0),
  team: z.number().int().min(0),
  userId: z.string().nullable(),
  name: z.string(),
  guest: z.boolean(),
  isBot: z.boolean(),
  clientSeed: z.string(),
});

export const storedRoomState = z.object({
  v: z.literal(ROOM_STATE_VERSION),
  /** Colyseus room name (e.g. `baloot_ranked`): the room type a revival creates. */
  roomName: z.string().min(1),
  matchId: z.string().min(1),
  settings: z.object({
    ranked: z.boolean(),
    mode: z.enum(["quick", "bots", "private"]),
    turnTimeoutS: z.number().int().positive(),
    turnWarningS: z.number().int().min(0),
    botLevel: z.enum(["basic", "strong"]),
    reconnectExtensionMs: z.number().int().min(0),
    forfeitOnTimeouts: z.boolean(),
  }),
  /** The options the engine was set up with (after the room type completed them, e.g. decks). */
  setupOptions: z.record(z.string(), z.unknown()),
  /** The server seed (secret; the database holds it for the match too). */
  serverSeed: z.string().min(1),
  joinCode: z.string(),
  hostSeat: z.number().int().min(-1),
  seats: z.array(seatRecord).min(1),
  /**
   * The turn clocks frozen by a graceful shutdown: remaining ms per seat, valid for the log as it
   * was at `seq` (null: not frozen — after a crash every seat to act gets a full turn).
   */
  clocks: z.object({ seq: z.number().int().min(0), remainingMs: z.record(z.string(), z.number().min(0)) }).nullable(),
  /** A paused table (docs/PROTOCOL.md §5b) comes back paused as it was: who paused, why, since when. */
  pause: z
    .object({ reason: z.enum(["manual", "idle"]), bySeat: z.number().int().min(-1), byUserId: z.string().nullable(), at: z.number() })
    .nullable()
    .optional(),
  savedAt: z.number(),
});
export type StoredRoomState = z.infer<typeof storedRoomState>;
export type StoredSeat = z.infer<typeof seatRecord>;

/** What replaying a stored log gives back. */
export interface ReplayedMatch<State, Event> {
  game: State;
  /** The engine events per entry (catch-up and the box score). */
  batches: EventBatch<Event>[];
  lastSeq: number;
  lastHash: string | null;
  /** Seats a bot plays for their user (bot takeover entries not followed by a reclaim). */
  botControlled: Set<number>;
  /** Timeouts in a row per seat, as the room counted them. */
  consecutiveTimeouts: number[];
  /** The match was forfeited (by timeouts or resignation) and how. */
  forfeit: "forfeit" | "resign" | null;
  /** Player moves' client ids (seat, id, seq): a re-sent id gets the first answer again. */
  accepted: { seat: number; id: string; seq: number }[];
}

export class ReplayError extends Error {
  constructor(
    readonly seq: number,
    message: string,
  ) {
    super(`entry ${seq}: ${message}`);
    this.name = "ReplayError";
  }
}

const same = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

/**
 * Replays a stored log as TableRoom wrote it, checking each step against what was stored:
 * - seq 1, a `room` entry without seat: the opening events of setup;
 * - an entry with a seat and an action: a player, bot or timeout move (the engine must produce
 *   exactly the stored events);
 * - a `timeout` entry with a seat and no action: the forfeit of that seat's team by timeouts; a
 *   `player` one: its team's resignation (src/services/replay.ts reads them the same way);
 * - a `room` entry with a seat: a room event (`botTakeover`, `seatReclaimed`), no engine step.
 * The sequence numbers must follow each other from 1, and the hash chain must hold.
 */
export function replayLog<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options>(
  def: GameDefinition<State, Action, View, Event, Outcome, Box, Options>,
  input: { seed: string; seats: number; options: Options; seedCommitment: string | null; entries: readonly LogEntry[]; initialEvents(state: State): Event[] },
): ReplayedMatch<State, Event> {
  const teams = def.teams(input.seats);
  const teamOf = (seat: number) => teams.findIndex((t) => t.includes(seat));
  let game = def.setup({ seed: input.seed, seats: input.seats, options: input.options });
  const batches: EventBatch<Event>[] = [];
  const botControlled = new Set<number>();
  const consecutiveTimeouts = Array.from({ length: input.seats }, () => 0);
  let forfeit: "forfeit" | "resign" | null = null;
  const accepted: { seat: number; id: string; seq: number }[] = [];
  if (input.seedCommitment) {
    const chain = verifyChain(input.seedCommitment, input.entries);
    if (!chain.ok) throw new ReplayError(chain.brokenAt ?? 0, `the hash chain does not hold (${chain.reason ?? "broken"})`);
  }
  let expected = 1;
  for (const e of input.entries) {
    if (e.seq !== expected) throw new ReplayError(e.seq, `expected entry ${expected}`);
    expected += 1;
    let events: Event[];
    if (e.seq === 1) {
      if (e.source !== "room" || e.seat !== null) throw new ReplayError(e.seq, "the first entry is not the opening");
      events = input.initialEvents(game);
    } else if (e.seat !== null && e.action !== null) {
      const r = def.apply(game, e.seat, e.action);
      game = r.state;
      events = r.events;
      if (e.source === "timeout") consecutiveTimeouts[e.seat] = (consecutiveTimeouts[e.seat] ?? 0) + 1;
      else if (e.source === "player") consecutiveTimeouts[e.seat] = 0;
      if (e.source === "player" && e.actionId) accepted.push({ seat: e.seat, id: e.actionId, seq: e.seq });
    } else if (e.seat !== null && (e.source === "timeout" || e.source === "player")) {
      const why = e.source === "timeout" ? "timeouts" : "resign";
      const r = def.forfeit(game, teamOf(e.seat), why);
      game = r.state;
      events = r.events;
      forfeit = why === "resign" ? "resign" : "forfeit";
    } else if (e.seat !== null && e.source === "room") {
      const roomEvent = (e.events[0] ?? {}) as { type?: unknown };
      if (roomEvent.type === "botTakeover") botControlled.add(e.seat);
      else if (roomEvent.type === "seatReclaimed") {
        botControlled.delete(e.seat);
        consecutiveTimeouts[e.seat] = 0;
      } else throw new ReplayError(e.seq, `unknown room entry ${JSON.stringify(roomEvent.type)}`);
      continue;
    } else {
      throw new ReplayError(e.seq, "an entry the room never writes");
    }
    if (!same(events, e.events)) throw new ReplayError(e.seq, "the engine's events differ from the stored ones");
    if (events.length) batches.push({ seq: e.seq, events });
  }
  const last = input.entries[input.entries.length - 1];
  return { game, batches, lastSeq: last?.seq ?? 0, lastHash: last?.hash ?? null, botControlled, consecutiveTimeouts, forfeit, accepted };
}

/** The room state of a table whose match is on (what `captureRoomState` needs from the room). */
export interface RoomStateSource {
  roomName: string;
  matchId: string;
  settings: StoredRoomState["settings"];
  setupOptions: unknown;
  serverSeed: string;
  joinCode: string;
  hostSeat: number;
  seats: readonly { index: number; team: number; userId: string | null; name: string; guest: boolean; isBot: boolean }[];
  clientSeedOf(userId: string): string;
  /** Frozen clocks (graceful shutdown) and the log position they belong to; null otherwise. */
  clocks: { seq: number; remainingMs: ReadonlyMap<number, number> } | null;
  /** The table's pause (null when playing). */
  pause?: StoredRoomState["pause"];
}

export function captureRoomState(r: RoomStateSource): StoredRoomState {
  return {
    v: ROOM_STATE_VERSION,
    roomName: r.roomName,
    matchId: r.matchId,
    settings: { ...r.settings },
    setupOptions: { ...(r.setupOptions as Record<string, unknown>) },
    serverSeed: r.serverSeed,
    joinCode: r.joinCode,
    hostSeat: r.hostSeat,
    seats: r.seats.map((s) => ({
      seat: s.index,
      team: s.team,
      userId: s.isBot ? null : s.userId,
      name: s.name,
      guest: s.guest,
      isBot: s.isBot,
      clientSeed: s.isBot || !s.userId ? "" : r.clientSeedOf(s.userId),
    })),
    clocks: r.clocks ? { seq: r.clocks.seq, remainingMs: Object.fromEntries([...r.clocks.remainingMs].map(([seat, ms]) => [String(seat), ms])) } : null,
    pause: r.pause ?? null,
    savedAt: Date.now(),
  };
}

/**
 * A table stored before room states existed (or with one this code cannot read): its room state
 * rebuilt from the table's options and the match record (players, seeds, options). What neither
 * holds is lost: guest flags (false), the join code (a new one), the clocks (full turns).
 */
export function roomStateFromMatch(
  source: { table: { options: Record<string, unknown>; ranked: boolean }; match: { start: MatchStartRecord } },
  roomName: string,
  settings: StoredRoomState["settings"],
): StoredRoomState {
  const start = source.match.start;
  const { mode: _mode, ...setupOptions } = start.options;
  const players = [...start.players].sort((a, b) => a.seat - b.seat);
  const firstHuman = players.find((p) => !p.isBot && p.userId)?.seat ?? -1;
  return {
    v: ROOM_STATE_VERSION,
    roomName,
    matchId: start.matchId,
    settings,
    setupOptions,
    serverSeed: start.serverSeed ?? start.seed,
    joinCode: "",
    hostSeat: settings.mode === "private" ? firstHuman : -1,
    seats: players.map((p) => ({ seat: p.seat, team: p.team, userId: p.isBot ? null : p.userId, name: p.displayName, guest: false, isBot: p.isBot, clientSeed: start.clientSeeds?.[p.seat] ?? "" })),
    clocks: null,
    savedAt: Date.now(),
  };
}
