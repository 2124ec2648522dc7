import type { ArraySchema } from "@colyseus/schema";
import type { GameDefinition, Seat, TeamOutcome } from "../../games/core/GameDefinition.js";
import { isIllegalAction } from "../../games/core/IllegalAction.js";
import type { Logger } from "../../platform/logger.js";
import { childSpan } from "../../platform/tracing.js";
import type { SeatState, TableState } from "../../schema/TableState.js";
import type { RoomServices } from "../context.js";
import { CounterCell, HistogramCell, type Metrics } from "../../platform/metrics.js";
import { ERROR, MESSAGE, type AckMessage } from "../protocol.js";
import type { TableClient } from "./client.js";
import type { Inbox } from "./inbox.js";
import type { MatchLog } from "./log.js";
import type { MatchFlow } from "./match.js";
import { ResignBook, resignMessage } from "./resign.js";
import type { SeatRecord, Seats } from "./seats.js";

type Refusal = { ok: false; error: { code: string; message: string } };

/** A game's action series (`diwan_game_actions_total`, `diwan_game_action_handling_seconds`), made once per process and game. */
interface ActionSeries {
  accepted: CounterCell;
  rejected: CounterCell;
  duplicate: CounterCell;
  handling: HistogramCell;
}

const seriesByMetrics = new WeakMap<Metrics, Map<string, ActionSeries>>();

function actionSeries(metrics: Metrics, game: string): ActionSeries {
  let byGame = seriesByMetrics.get(metrics);
  if (!byGame) seriesByMetrics.set(metrics, (byGame = new Map()));
  let series = byGame.get(game);
  if (!series) {
    series = {
      accepted: new CounterCell(metrics.actions, { game, result: "accepted" }),
      rejected: new CounterCell(metrics.actions, { game, result: "rejected" }),
      duplicate: new CounterCell(metrics.actions, { game, result: "duplicate" }),
      handling: new HistogramCell(metrics.actionAckSeconds, { game }),
    };
    byGame.set(game, series);
  }
  return series;
}

/** What the action desk needs from its room. */
export interface ActionsHost<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options> {
  readonly definition: GameDefinition<State, Action, View, Event, Outcome, Box, Options>;
  readonly state: TableState & { seats: ArraySchema<SeatState> };
  readonly seats: Seats;
  readonly inbox: Inbox;
  readonly matchLog: MatchLog<Event>;
  readonly match: MatchFlow<State, Action, View, Event, Outcome, Box, Options>;
  readonly services: RoomServices;
  readonly roomId: string;
  sendError(client: TableClient, code: string, message: string): void;
  log(): Logger;
  commit(): void;
  now(): number;
}

/**
 * Players' moves: `action` messages (validated, idempotent by id, acknowledged once durable)
 * and `resign`. Each accepted move goes through the match flow's single `applyAction`.
 */
export class ActionDesk<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options> {
  private readonly resignations = new ResignBook();

  constructor(private readonly host: ActionsHost<State, Action, View, Event, Outcome, Box, Options>) {}

  handleAction(client: TableClient, message: unknown): void {
    const host = this.host;
    const started = performance.now();
    const series = actionSeries(host.services.metrics, host.definition.name);
    const parsed = childSpan("room.action.validate", () => host.inbox.parseAction(message));
    if (!parsed.ok) {
      if (parsed.id) this.sendAck(client, { id: parsed.id, ok: false, error: parsed.error });
      else client.send(MESSAGE.error, parsed.error);
      series.rejected.inc();
      return;
    }
    const { id, action } = parsed;
    const data = client.userData;
    const seat = data?.role === "player" ? host.seats.get(data.seat) : undefined;
    const remembered = seat ? host.inbox.answered(seat.index, id) : undefined;
    if (remembered) {
      this.sendAck(client, remembered);
      series.duplicate.inc();
      return;
    }
    const answer =
      parsed.seat !== undefined && seat && parsed.seat !== seat.index ? this.refuseOtherSeat(client, seat, parsed.seat) : this.decide(client, seat, action, id);
    // The first answer to an accepted action carries the actor's events of its entry; the one
    // remembered for a repeated id does not (they were delivered once; catchUp has them).
    const ack: AckMessage = answer.ok ? { id, ok: true, seq: answer.seq } : { id, ok: false, error: answer.error };
    if (seat) host.inbox.remember(seat.index, ack);
    if (ack.ok) host.commit();
    this.sendAck(client, answer.ok ? { id, ok: true, seq: answer.seq, events: answer.events } : ack);
    (ack.ok ? series.accepted : series.rejected).inc();
    series.handling.observe((performance.now() - started) / 1000);
  }

  /**
   * Acks go out only once every logged entry is durable in the journal (with the Redis journal
   * that is one pipelined round trip; the file journal is durable at once). Waiting for the
   * latest append for every ack, refusals included, keeps a connection's acks in order.
   */
  private sendAck(client: TableClient, ack: AckMessage): void {
    const durable = this.host.matchLog.whenDurable();
    if (durable) void durable.then(() => client.send(MESSAGE.ack, ack));
    else client.send(MESSAGE.ack, ack);
  }

  /** A client claiming another seat than its own: refused and audited (never applied). */
  private refuseOtherSeat(client: TableClient, seat: SeatRecord, claimed: number): Refusal {
    this.host.services.audit.record({
      kind: "room.other_seat_action",
      userId: client.userData?.userId,
      roomId: this.host.roomId,
      matchId: this.host.match.matchId || null,
      detail: { seat: seat.index, claimed },
    });
    return { ok: false, error: { code: ERROR.NOT_YOUR_SEAT, message: `you hold seat ${seat.index}, not seat ${claimed}` } };
  }

  /** Validate and apply one client action; the answer without its id. */
  private decide(client: TableClient, seat: SeatRecord | undefined, action: unknown, id: string): { ok: true; seq: number; events: Event[] } | Refusal {
    const host = this.host;
    const refuse = (code: string, message: string) => ({ ok: false as const, error: { code, message } });
    const data = client.userData;
    if (!data || data.role === "spectator") {
      host.services.audit.record({ kind: "room.spectator_action", userId: data?.userId, roomId: host.roomId, matchId: host.match.matchId || null });
      return refuse(ERROR.SPECTATOR, "spectators cannot act");
    }
    if (!seat) return refuse(ERROR.NOT_SEATED, "you have no seat at this table");
    if (host.match.stopped) return refuse(ERROR.SERVER_SHUTDOWN, "the table is going down; join it again by its id in a moment");
    const game = host.match.game;
    if (host.state.status === "finished" || !game) {
      return host.state.status === "finished"
        ? refuse(ERROR.GAME_ENDED, "the game has ended")
        : refuse(ERROR.NOT_STARTED, "the match has not started yet");
    }
    if (host.state.status === "paused") return refuse(ERROR.PAUSED, "the table is paused; actions wait for it to resume");
    if (!host.definition.activeSeats(game).includes(seat.index)) {
      const why = this.offTurnRefusal(game, seat.index, action);
      return refuse(why.code, why.message);
    }
    // He is back: a human action takes the seat back from the bot.
    if (seat.botControlled) host.seats.reclaim(seat);
    try {
      const { seq, actorEvents } = host.match.applyAction(seat.index, action, "player", id, client);
      seat.consecutiveTimeouts = 0;
      host.seats.mirror(seat);
      return { ok: true, seq, events: actorEvents };
    } catch (err) {
      if (isIllegalAction(err)) return refuse(err.code, err.message);
      host.log().error({ err, seat: seat.index }, "engine error while applying an action");
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
      this.host.definition.apply(this.host.definition.clone(game), seat, action);
    } catch (err) {
      if (isIllegalAction(err)) return { code: err.code, message: err.message };
    }
    return { code: ERROR.NOT_YOUR_TURN, message: "it is not your turn" };
  }

  /**
   * `resign { confirm: true }`: the sender's team loses by forfeit (reason `resign`, logged as a
   * `player` entry without an action) once every human of the team has confirmed (ResignBook).
   */
  handleResign(client: TableClient, message: unknown): void {
    const host = this.host;
    if (!resignMessage.safeParse(message).success) {
      return host.sendError(client, ERROR.CONFIRM_REQUIRED, "resign needs { confirm: true }: resigning ends the match as a loss for your team");
    }
    const data = client.userData;
    if (!data || data.role !== "player") return host.sendError(client, ERROR.NOT_SEATED, "only seated players can resign");
    const seat = host.seats.get(data.seat);
    if (!seat) return host.sendError(client, ERROR.NOT_SEATED, "you have no seat at this table");
    if (host.state.status === "finished") return host.sendError(client, ERROR.GAME_ENDED, "the game has ended");
    if (host.state.status === "paused") return host.sendError(client, ERROR.PAUSED, "the table is paused; resigning waits for it to resume");
    if (!host.match.game || host.state.status !== "playing") return host.sendError(client, ERROR.NOT_STARTED, "the match has not started yet");
    if (host.match.stopped) return host.sendError(client, ERROR.SERVER_SHUTDOWN, "the table is going down; join it again by its id in a moment");
    const team = host.seats.list.filter((s) => s.team === seat.team);
    const verdict = this.resignations.request(seat, team, host.now());
    if (verdict.kind === "pending") {
      host.log().info({ seat: seat.index, waitingFor: verdict.waitingFor }, "resignation waits for the partners");
      for (const s of team) host.seats.clientOf(s.index)?.send(MESSAGE.resignPending, { team: verdict.team, seat: seat.index, waitingFor: verdict.waitingFor, expiresAt: verdict.expiresAt });
      return;
    }
    host.log().info({ seat: seat.index, team: verdict.team }, "team resigned");
    try {
      host.match.forfeit(seat.index, verdict.team, "resign", "player");
    } catch (err) {
      host.log().error({ err, seat: seat.index }, "forfeit failed");
      return host.sendError(client, ERROR.INTERNAL, "the server could not end the match");
    }
    host.match.afterChange();
    host.commit();
  }
}
