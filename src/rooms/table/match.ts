import { randomUUID } from "node:crypto";
import type { ArraySchema } from "@colyseus/schema";
import type { BotLevel, GameDefinition, Seat, TeamOutcome } from "../../games/core/GameDefinition.js";
import { RNG_ALGORITHM, dealingSeed } from "../../games/core/fairness/commitReveal.js";
import type { Logger } from "../../platform/logger.js";
import { childSpan } from "../../platform/tracing.js";
import type { SeatState, TableState } from "../../schema/TableState.js";
import { syncPrimitives } from "../../schema/sync.js";
import type { EntrySource, MatchStartRecord } from "../../services/matchStore.js";
import type { RoomServices } from "../context.js";
import type { TableClient } from "./client.js";
import type { TurnClock } from "./clock.js";
import type { MatchLog } from "./log.js";
import type { Seats } from "./seats.js";
import { ViewSync, type RoomViewMapping, type ViewMapping } from "./sync.js";
import type { Timer } from "./timers.js";
import type { ReplayedMatch } from "./resume.js";
import { LiveBoxScore } from "./boxScore.js";
import { fanOutEvents, type EventVisibility } from "./eventFanout.js";
import { TurnScheduler } from "./turns.js";

export type EndReason = "finished" | "forfeit" | "resign";

/** A logged entry: its sequence number and the events the acting connection may see (sent in its ack). */
export interface Recorded<Event> {
  seq: number;
  actorEvents: Event[];
}

/** What the match flow needs from its room (built by the room with closures, as for the other parts). */
export interface MatchHost<State, Action, View, Event, Outcome, Box, Options> {
  readonly definition: GameDefinition<State, Action, View, Event, Outcome, Box, Options>;
  readonly state: TableState & { seats: ArraySchema<SeatState> };
  readonly seats: Seats;
  readonly matchLog: MatchLog<Event>;
  readonly services: RoomServices;
  readonly roomId: string;
  readonly processId: string;
  readonly mode: "quick" | "bots" | "private";
  readonly ranked: boolean;
  /** The game options (read when the match starts: `beforeStart` may complete them). */
  readonly options: Options;
  /** The secret server seed committed to at creation. */
  readonly gameSeed: string;
  /** Connected clients, to send each what it may see of new events. */
  readonly clients: readonly TableClient[];
  clientSeedOf(userId: string): string;
  initialEvents(state: State): Event[];
  beforeStart(): void;
  botLevelFor(seat: number, takenOver: boolean): BotLevel;
  /** The game's mapping of engine views into the schema (the room subclass's, its optional parts always answered). */
  readonly mapping: Required<RoomViewMapping<State, View>>;
  /** Turn length and warning lead, in milliseconds. */
  readonly turnMs: { timeoutMs: number; warningMs: number };
  timer(fn: () => void, ms: number): Timer;
  /** The match has started (the table leaves quick matchmaking, stays alive with nobody connected). */
  started(): void;
  /** The match has ended: tell the clients, release the holdings (the log is being stored). */
  ended(outcome: Outcome): void;
  /** The ended match is stored: the table may close. */
  stored(): void;
  log(): Logger;
  commit(): void;
  now(): number;
}

/**
 * The match flow: start (seeds, setup, recorder), the single place actions change the game
 * (apply, log, sync, then the turns: table/turns.ts), forfeits (timeouts, resignation), stop and
 * resume, and the end of the match. The room wires Colyseus messages and connections to it.
 */
export class MatchFlow<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options> implements ViewMapping<View> {
  game: State | null = null;
  matchId = "";
  startedAt = 0;
  /** Set once the match has ended (the stored log is being written); awaited before the table closes. */
  finishing: Promise<void> | null = null;
  private forfeited = false;
  /** Why the match was forfeited ("timeouts", "resign"): the table's `endReason`. */
  private forfeitReason: "forfeit" | "resign" = "forfeit";
  private readonly box: LiveBoxScore<Event, Box>;
  /** GameDefinition.eventVisibleTo, bound once. */
  private readonly eventVisible: EventVisibility<Event>;

  /** Who acts next and when: the turn clock and the bots' runs (table/turns.ts). */
  readonly turns: TurnScheduler<State, Action, View, Event, Outcome, Box, Options>;
  readonly viewSync: ViewSync<View>;

  constructor(private readonly host: MatchHost<State, Action, View, Event, Outcome, Box, Options>) {
    this.turns = new TurnScheduler(this, host);
    this.viewSync = new ViewSync<View>(this, host.state.seats);
    this.eventVisible = (event, viewer) => host.definition.eventVisibleTo(event, viewer);
    this.box = new LiveBoxScore<Event, Box>((events) => host.definition.summarise(events), host.matchLog, () => host.log());
  }

  /** The turn clock (the scheduler's). */
  get turnClock(): TurnClock {
    return this.turns.clock;
  }

  private get definition(): GameDefinition<State, Action, View, Event, Outcome, Box, Options> {
    return this.host.definition;
  }

  // ─────────── the view sync's mapping: the room's, over this match's game ───────────

  view(seat: number | null): View {
    return this.definition.view(this.game as State, seat);
  }

  syncPublic(view: View): void {
    this.host.mapping.syncPublic(view);
  }

  syncPrivate(seat: SeatState, view: View | null): void {
    this.host.mapping.syncPrivate(seat, view);
  }

  handCount(view: View, seat: number): number {
    return this.host.mapping.handCount(view, seat);
  }

  privateMayChange(seat: number, events: readonly unknown[]): boolean {
    return this.host.mapping.privateMayChange(seat, events);
  }

  syncOwn(schemaSeat: SeatState, seat: number): void {
    this.host.mapping.syncOwnFromGame(schemaSeat, this.game as State, seat);
  }

  // ───────────────────────────── start ─────────────────────────────

  start(): void {
    if (this.game) return;
    const host = this.host;
    host.beforeStart();
    // The seats' client seeds in seat order (bots ""), published; the engine deals from HMAC(server seed, them).
    const clientSeeds = host.seats.list.map((s) => (s.isBot || !s.userId ? "" : host.clientSeedOf(s.userId)));
    clientSeeds.forEach((c, i) => ((host.state.seats[i] as SeatState).clientSeed = c));
    const engineSeed = dealingSeed(host.gameSeed, clientSeeds);
    this.matchId = randomUUID();
    host.state.matchId = this.matchId;
    this.startedAt = Date.now();
    const state = this.definition.setup({ seed: engineSeed, seats: host.seats.list.length, options: host.options });
    this.game = state;
    host.state.status = "playing";
    host.started();

    host.matchLog.startRecording(
      host.services.matchStore,
      {
        matchId: this.matchId,
        game: this.definition.name,
        roomId: host.roomId,
        ranked: host.ranked,
        options: { ...(host.options as Record<string, unknown>), mode: host.mode },
        seed: engineSeed,
        serverSeed: host.gameSeed,
        seedCommitment: host.state.seedCommitment,
        clientSeeds,
        rngAlgorithm: RNG_ALGORITHM,
        processId: host.processId,
        startedAt: new Date(this.startedAt),
        players: host.seats.list.map((s) => ({ seat: s.index, team: s.team, userId: s.isBot ? null : s.userId, displayName: s.name, isBot: s.isBot })),
      },
      { logger: () => host.log(), metrics: host.services.metrics, onFinished: host.services.onMatchFinished },
    );
    host.log().info({ players: host.seats.list.map((s) => (s.isBot ? "bot" : s.userId)) }, "match started");
    host.services.metrics.tableEvents.inc({ game: this.definition.name, event: "started" });
    this.record(null, "room", null, this.host.initialEvents(state));
    this.afterChange();
  }

  // ───────────────────────────── the log ─────────────────────────────

  /**
   * Log engine events (the log part hands the entry to the recorder) and tell each client what it
   * may see (table/eventFanout.ts). `actor`: the connection whose ack will carry its visible
   * events (docs/PROTOCOL.md §4), so it gets no `events` message for this entry; those events are returned.
   */
  record(seat: Seat | null, source: EntrySource, action: Action | null, events: Event[], actionId?: string, actor?: TableClient): Recorded<Event> {
    const host = this.host;
    const { seq } = host.matchLog.append(seat, source, action as Record<string, unknown> | null, events, events, actionId);
    host.state.seq = seq;
    const actorEvents = events.length ? fanOutEvents(host.clients, seq, events, this.eventVisible, host.matchLog.whenDurable(), actor) : [];
    if (events.some((e) => this.definition.isCheckpoint(e))) {
      const recorder = host.matchLog.attachedRecorder;
      recorder?.setBoxScore(this.safeBoxScore());
      recorder?.checkpoint();
    }
    return { seq, actorEvents };
  }

  /** Room-caused log entries (bot takeovers, reclaimed seats): no action, not engine events. */
  logRoomEntry(seat: Seat, event: Record<string, unknown>): void {
    if (!this.host.matchLog.attachedRecorder) return;
    if (event.type === "botTakeover") this.host.services.metrics.botTakeovers.inc({ game: this.definition.name, reason: String(event.reason) });
    const { seq } = this.host.matchLog.append(seat, "room", null, [{ ...event, room: true }]);
    this.host.state.seq = seq;
  }

  // ───────────────────────────── changes ─────────────────────────────

  /**
   * The single place actions change the game: apply, log, then advance clocks and bots. `actor`:
   * the connection that sent the action (its ack carries the returned `actorEvents`).
   */
  applyAction(seat: Seat, action: unknown, source: EntrySource, actionId?: string, actor?: TableClient): Recorded<Event> {
    const game = this.game as State;
    const result = childSpan("engine.apply", () => this.definition.apply(game, seat, action));
    this.game = result.state;
    const recorded = this.record(seat, source, action as Action, result.events, actionId, actor);
    this.afterChange(seat, result.events);
    return recorded;
  }

  /** A team loses by forfeit (`timeouts` or `resign`), logged as an entry without an action. */
  forfeit(seat: Seat, team: number, why: "timeouts" | "resign", source: EntrySource): void {
    const game = this.game as State;
    this.forfeited = true;
    if (why === "resign") this.forfeitReason = "resign";
    try {
      const result = this.definition.forfeit(game, team, why);
      this.game = result.state;
      this.record(seat, source, null, result.events);
    } catch (err) {
      this.forfeited = false;
      throw err;
    }
  }

  /**
   * Sync the schema from the engine's views and move the table on (clock, bots, end). `actor` and
   * `events`: the action that changed the game, so only the private views it can have changed are
   * rebuilt (ViewSync); without them every one is.
   */
  afterChange(actor?: Seat, events?: readonly Event[]): void {
    const game = this.game;
    if (!game) return;
    const active = this.definition.activeSeats(game);
    const change = actor !== undefined && events ? { actor, events } : undefined;
    // A bot seated from the start never has a client: nobody would receive its private fields.
    childSpan("room.sync", () => this.viewSync.apply((seat) => !this.host.seats.get(seat)?.isBot, active, change));
    const outcome = this.definition.outcome(game);
    if (outcome) {
      this.finish(outcome, this.forfeited ? this.forfeitReason : "finished");
      return;
    }
    this.scheduleTurn();
  }

  /** Start the clock for the seats to act, or let bots act (table/turns.ts). */
  scheduleTurn(remainingMs?: ReadonlyMap<number, number>): void {
    this.turns.schedule(remainingMs);
  }

  /** MAX_TIMEOUTS expiries in a row lose the match on casual tables too (set by the room type). */
  forfeitsOnTimeouts = false;

  // ───────────────────────────── shutdown and resume ─────────────────────────────

  /** Set when the table goes down (shutdown, admin close): nothing acts any more. */
  stopped = false;

  /**
   * The table goes down: no more bot moves, timeouts or moves; the running clocks are frozen and
   * their remaining time returned (seat → ms), to be stored with the room state.
   */
  stop(): Map<number, number> {
    const remaining = new Map<number, number>();
    if (!this.stopped && this.game && this.host.state.status === "playing") {
      const now = this.host.now();
      for (const s of this.definition.activeSeats(this.game)) {
        const deadline = this.turnClock.deadlineOf(s);
        if (deadline !== undefined) remaining.set(s, Math.max(0, deadline - now));
      }
    }
    this.stopped = true;
    this.turnClock.clear();
    return remaining;
  }

  /**
   * A resumed match (issue 12): the game rebuilt by replaying its log, the log and the recorder
   * continuing the stored match, then play goes on — the clocks with the time they had left.
   */
  resume(r: { start: MatchStartRecord; replayed: ReplayedMatch<State, Event>; clocks: ReadonlyMap<number, number> | null }): void {
    const host = this.host;
    const { start, replayed } = r;
    this.matchId = start.matchId;
    this.startedAt = start.startedAt.getTime();
    this.game = replayed.game;
    if (replayed.forfeit) {
      this.forfeited = true;
      this.forfeitReason = replayed.forfeit;
    }
    host.state.matchId = this.matchId;
    host.state.status = "playing";
    host.started();
    host.matchLog.resumeRecording(
      host.services.matchStore,
      { ...start, processId: host.processId },
      { logger: () => host.log(), metrics: host.services.metrics, onFinished: host.services.onMatchFinished },
      { lastSeq: replayed.lastSeq, lastHash: replayed.lastHash, batches: replayed.batches },
    );
    host.state.seq = replayed.lastSeq;
    host.log().info({ seq: replayed.lastSeq, clocks: r.clocks ? Object.fromEntries(r.clocks) : null }, "match resumed from its log");
    this.viewSync.apply((seat) => !host.seats.get(seat)?.isBot, this.definition.activeSeats(replayed.game));
    const outcome = this.definition.outcome(replayed.game);
    if (outcome) this.finish(outcome, this.forfeited ? this.forfeitReason : "finished");
    else this.scheduleTurn(r.clocks ?? undefined);
  }

  // ───────────────────────────── the end ─────────────────────────────

  private finish(outcome: Outcome, reason: EndReason): void {
    if (this.finishing) return;
    const host = this.host;
    this.turnClock.clear();
    host.state.status = "finished";
    host.state.endReason = reason;
    host.state.winnerTeam = outcome.winnerTeam ?? -1;
    host.state.deadline = 0;
    syncPrimitives(host.state.activeSeats, []);
    const endedAt = new Date();
    const box = this.safeBoxScore();
    host.ended(outcome);
    host.log().info({ winnerTeam: outcome.winnerTeam, scores: outcome.scores, reason }, "match ended");
    host.services.metrics.tableEvents.inc({ game: this.definition.name, event: "finished" });
    host.services.metrics.matchDuration.observe({ game: this.definition.name, reason }, (endedAt.getTime() - this.startedAt) / 1000);
    this.finishing = host.matchLog.finish(
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
    void this.finishing.then(() => host.stored());
  }

  /** The live box score, cached per log position. */
  boxScore(): Box {
    return this.box.get();
  }

  safeBoxScore(): Box | null {
    return this.box.safe();
  }
}
