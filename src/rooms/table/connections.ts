import { CloseCode, type Client, type Deferred } from "@colyseus/core";
import type { ArraySchema } from "@colyseus/schema";
import type { GameDefinition, TeamOutcome } from "../../games/core/GameDefinition.js";
import type { Logger } from "../../platform/logger.js";
import type { SeatState, TableState } from "../../schema/TableState.js";
import type { AccessClaims } from "../../services/tokens.js";
import type { RoomServices } from "../context.js";
import { CLOSE_IDLE_UNLOADED, ERROR, MESSAGES_PER_SECOND, MESSAGE, catchUpMessage, joinOptions, type JoinOptions } from "../protocol.js";
import { checkAdmission, describeOptionIssues, joinError, type TableFacts } from "./admission.js";
import type { TableClient } from "./client.js";
import type { TurnClock } from "./clock.js";
import { tableHoldings } from "./holdings.js";
import type { Inbox } from "./inbox.js";
import type { SeatInvitation } from "./invitation.js";
import type { MatchLog } from "./log.js";
import type { MatchFlow } from "./match.js";
import type { Seats } from "./seats.js";
import type { Timer } from "./timers.js";
import { releaseView, type ClientFaults } from "./transport.js";
import { TableView } from "./tableView.js";

/** What the connection handling needs from its room. */
export interface ConnectionsHost<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options> {
  readonly definition: GameDefinition<State, Action, View, Event, Outcome, Box, Options>;
  readonly state: TableState & { seats: ArraySchema<SeatState> };
  readonly seats: Seats;
  readonly turnClock: TurnClock;
  readonly inbox: Inbox;
  readonly faults: ClientFaults;
  readonly matchLog: MatchLog<Event>;
  readonly match: MatchFlow<State, Action, View, Event, Outcome, Box, Options>;
  readonly services: RoomServices;
  readonly roomId: string;
  readonly roomName: string;
  readonly mode: "quick" | "bots" | "private";
  readonly reconnectExtensionMs: number;
  tableFacts(): TableFacts;
  invitation(): SeatInvitation | null;
  startMatch(): void;
  allowReconnection(client: TableClient, seconds: number): Deferred<Client>;
  /** A player took a seat (or took his back). */
  seated(client: TableClient, userId: string): void;
  /** A seated player's connection came back. */
  reconnected(client: TableClient, userId: string): void;
  /** The table is unloading (idle rule): leaving players keep their seats for its return. */
  readonly unloading: boolean;
  /** A player left his seat for good (or a bot took it over). */
  left(): void;
  timer(fn: () => void, ms: number): Timer;
  sendError(client: TableClient, code: string, message: string): void;
  log(): Logger;
  commit(): void;
}

/**
 * Connections: joining (a seat, a seat taken back, or a spectator's place), catch-up, floods,
 * the quick table's bot fill, drops (the seat held for the reconnect grace), reconnections,
 * leaves, the clients-connected gauge and the shared holdings book.
 */
export class Connections<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options> {
  /** Each seated user's client seed, mixed into the dealing seed when the match starts. */
  readonly clientSeeds = new Map<string, string>();
  private fillTimer: Timer | null = null;
  /** Sessions counted in the clients-connected gauge (a drop and the later leave count once). */
  private readonly countedSessions = new Set<string>();

  constructor(private readonly host: ConnectionsHost<State, Action, View, Event, Outcome, Box, Options>) {}

  private countConnection(client: TableClient, up: boolean): void {
    const has = this.countedSessions.has(client.sessionId);
    const gauge = this.host.services.metrics.clientsConnected;
    if (up && !has) {
      this.countedSessions.add(client.sessionId);
      gauge.inc({ room: this.host.roomName });
    } else if (!up && has) {
      this.countedSessions.delete(client.sessionId);
      gauge.dec({ room: this.host.roomName });
    }
  }

  join(client: TableClient, rawOptions: unknown): void {
    const host = this.host;
    const claims = client.auth as AccessClaims;
    const parsedOptions = joinOptions.safeParse(rawOptions ?? {});
    if (!parsedOptions.success) throw joinError("BAD_OPTIONS", describeOptionIssues(parsedOptions.error));
    const options: JoinOptions = parsedOptions.data;
    checkAdmission(host.tableFacts(), claims, options);
    client.view = new TableView();
    this.countConnection(client, true);
    host.faults.guardSocket(client);

    const own = host.seats.ofUser(claims.sub);
    if (options.spectate && !own) {
      client.userData = { role: "spectator", seat: -1, userId: claims.sub };
      host.state.spectators += 1;
      host.log().info({ userId: claims.sub }, "spectator joined");
      this.setHolding(claims.sub, false);
      if (options.lastSeq !== undefined) this.sendCatchUp(client, options.lastSeq);
      host.commit();
      return;
    }
    if (own) {
      const wasBot = own.botControlled;
      host.seats.takeBack(own, client);
      host.log().info({ userId: own.userId, seat: own.index }, "player took his seat back");
      // From a bot: the clocks start again for him. Else his clock runs on (at least the reconnect extension).
      if (host.match.game && wasBot) host.match.scheduleTurn();
      else if (host.match.game) host.turnClock.extend(own.index, host.reconnectExtensionMs);
    } else {
      const seat = host.seats.pick(options.seat, host.mode === "private");
      if (!seat) throw joinError("TABLE_FULL", options.seat !== undefined ? "that seat is taken" : "all seats are taken");
      host.seats.occupy(seat, client, claims);
      this.clientSeeds.set(claims.sub, options.clientSeed ?? "");
      (host.state.seats[seat.index] as SeatState).clientSeed = options.clientSeed ?? "";
      host.log().info({ userId: claims.sub, seat: seat.index }, "player seated");
    }
    if (options.lastSeq !== undefined) this.sendCatchUp(client, options.lastSeq);
    this.setHolding(claims.sub, true);

    if (host.state.status === "waiting") {
      if (host.mode === "bots") {
        host.seats.fillWithBots();
        host.startMatch();
      } else if (host.mode === "private" && host.invitation()) {
        if (host.seats.allTaken()) host.startMatch();
      } else if (host.mode === "quick") {
        if (host.seats.allTaken()) host.startMatch();
        else this.armBotFill();
      }
    }
    // After the start (a vs-bots table starts in this join): the room sees the table as it now is.
    host.seated(client, claims.sub);
    host.commit();
  }

  /** Every logged event after `lastSeq` that this client may see, in order, as `events` messages. */
  private sendCatchUp(client: TableClient, lastSeq: number): void {
    const viewer = client.userData?.role === "player" ? client.userData.seat : null;
    for (const batch of this.host.matchLog.catchUp(lastSeq, (e) => this.host.definition.eventVisibleTo(e, viewer))) {
      client.send(MESSAGE.events, { seq: batch.seq, events: batch.events, catchUp: true });
    }
  }

  handleCatchUp(client: TableClient, message: unknown): void {
    const parsed = catchUpMessage.safeParse(message);
    if (!parsed.success) return this.host.sendError(client, ERROR.MALFORMED_MESSAGE, "catchUp needs { lastSeq: integer >= 0 }");
    this.sendCatchUp(client, parsed.data.lastSeq);
  }

  /** Over the message rate: told once, then disconnected (a seated player's seat is held as for a drop). */
  refuseFlood(client: TableClient): void {
    if (!this.host.inbox.firstFlood(client)) return;
    this.host.sendError(client, ERROR.RATE_LIMITED, `more than ${MESSAGES_PER_SECOND} messages in one second; disconnecting`);
    this.host.log().warn({ sessionId: client.sessionId, userId: client.userData?.userId }, "client flooded messages; disconnected");
    client.leave(CloseCode.WITH_ERROR, "RATE_LIMITED");
  }

  private armBotFill(): void {
    const host = this.host;
    if (this.fillTimer || host.state.status !== "waiting") return;
    this.fillTimer = host.timer(() => {
      this.fillTimer = null;
      if (host.state.status !== "waiting" || !host.seats.anyUser()) return;
      host.seats.fillWithBots();
      host.startMatch();
      host.commit();
    }, host.services.config.botFillWaitS * 1000);
  }

  /** The match starts: no more waiting for players to fill the table. */
  cancelFill(): void {
    this.fillTimer?.clear();
    this.fillTimer = null;
  }

  drop(client: TableClient, code?: number): void {
    const host = this.host;
    this.countConnection(client, false);
    const data = client.userData;
    if (!data || data.role !== "player") return;
    const seat = host.seats.get(data.seat);
    if (!seat || seat.sessionId !== client.sessionId) return;
    host.seats.dropped(seat);
    host.services.metrics.playerDrops.inc({ game: host.definition.name });
    host.commit();
    if (code === CloseCode.SERVER_SHUTDOWN || code === CLOSE_IDLE_UNLOADED || host.state.status === "finished") return;
    const grace = host.services.config.reconnectGraceS;
    host.log().info({ userId: seat.userId, seat: seat.index, graceS: grace }, "player dropped; seat held");
    // Do not await: Colyseus closes the socket only once onDrop returns, and calls onLeave
    // itself when the grace ends without a reconnection.
    const deferred = host.allowReconnection(client, grace);
    host.seats.holdFor(seat, deferred);
    Promise.resolve(deferred).catch(() => {});
  }

  reconnect(client: TableClient): void {
    const host = this.host;
    this.countConnection(client, true);
    host.faults.guardSocket(client);
    const data = client.userData;
    if (!data || data.role !== "player") return;
    const seat = host.seats.get(data.seat);
    if (!seat) return;
    host.seats.reconnected(seat, client);
    host.services.metrics.reconnects.inc({ game: host.definition.name });
    host.log().info({ userId: seat.userId, seat: seat.index }, "player reconnected");
    // His clock kept running while away: give him a little time back if it is his turn.
    if (host.match.game) host.turnClock.extend(seat.index, host.reconnectExtensionMs);
    if (seat.userId) host.reconnected(client, seat.userId);
    host.commit();
  }

  leave(client: TableClient): void {
    const host = this.host;
    this.countConnection(client, false);
    // The connection is gone for good: its StateView must stop tracking the seat (see releaseView).
    releaseView(client);
    const data = client.userData;
    if (!data || data.role === "replaced") return;
    if (data.role === "spectator") {
      if (host.state.spectators > 0) host.state.spectators -= 1;
      host.commit();
      return;
    }
    const seat = host.seats.get(data.seat);
    // A newer connection of the same user owns the seat now: nothing to do.
    if (!seat || seat.sessionId !== client.sessionId) return;
    const userId = seat.userId;
    // Leaving a paused table is leaving a match: a bot will play the seat once it resumes (not when it unloads).
    const outcome = host.seats.left(seat, host.state.status === "paused" && !host.unloading ? "playing" : host.state.status);
    if (userId && outcome !== "kept") this.setHolding(userId, false);
    if (outcome === "bot") host.match.scheduleTurn();
    host.left();
    host.commit();
  }

  /** Record (seated) or drop a user's hold on this table in the shared holdings book. */
  private setHolding(userId: string, seated: boolean): void {
    const book = tableHoldings();
    void (seated ? book.seated(userId, this.host.roomId) : book.drop(userId, this.host.roomId)).catch(() => {});
  }

  /** The match is over or the table closes: nobody holds it any more. */
  releaseHoldings(): void {
    for (const s of this.host.seats?.list ?? []) if (s.userId && !s.isBot) this.setHolding(s.userId, false);
  }
}
