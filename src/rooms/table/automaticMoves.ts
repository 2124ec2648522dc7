import type { TeamOutcome } from "../../games/core/GameDefinition.js";
import type { BotSeats } from "./botSeats.js";
import type { MatchFlow, MatchHost } from "./match.js";

/**
 * The moves a table makes on a player's behalf: what an expired turn clock does (the game's
 * timeout action; after MAX_TIMEOUTS in a row a forfeit or a bot takeover) and the bots' moves.
 * Both go through MatchFlow.applyAction like any player's action.
 */

type Flow<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options> = MatchFlow<State, Action, View, Event, Outcome, Box, Options>;
type Host<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options> = MatchHost<State, Action, View, Event, Outcome, Box, Options>;

/** A seat's turn clock ran out. */
export function expireTurn<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options>(
  match: Flow<State, Action, View, Event, Outcome, Box, Options>,
  host: Host<State, Action, View, Event, Outcome, Box, Options>,
  seatIndex: number,
): void {
  const game = match.game;
  const seat = host.seats.get(seatIndex);
  const definition = host.definition;
  if (!game || !seat || host.state.status !== "playing" || match.stopped) return;
  if (!definition.activeSeats(game).includes(seatIndex)) return;
  seat.consecutiveTimeouts += 1;
  host.services.metrics.turnTimeouts.inc({ game: definition.name });
  host.log().info({ seat: seatIndex, timeouts: seat.consecutiveTimeouts }, "turn timed out");
  const { maxTimeouts } = host.services.config;
  if (seat.consecutiveTimeouts >= maxTimeouts && (host.ranked || match.forfeitsOnTimeouts)) {
    host.seats.mirror(seat);
    match.forfeit(seatIndex, seat.team, "timeouts", "timeout");
    match.afterChange();
    host.commit();
    return;
  }
  try {
    match.applyAction(seatIndex, definition.timeoutAction(game, seatIndex), "timeout");
  } catch (err) {
    host.log().error({ err, seat: seatIndex }, "timeout action failed");
  }
  if (seat.consecutiveTimeouts >= maxTimeouts && !seat.botControlled && host.state.status === "playing") {
    host.seats.takeOver(seat, "timeouts");
    match.scheduleTurn();
  }
  host.seats.mirror(seat);
  host.commit();
}

/** Let bots act (up to `budget` moves back to back), then hand control back to the clock. */
export function runBots<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options>(
  match: Flow<State, Action, View, Event, Outcome, Box, Options>,
  host: Host<State, Action, View, Event, Outcome, Box, Options>,
  bots: BotSeats<State, Action, View, Event, Outcome, Box, Options>,
  budget: number,
): void {
  const definition = host.definition;
  for (let n = 0; n < budget; n++) {
    const game = match.game;
    if (!game || host.state.status !== "playing" || match.stopped) break;
    const seat = definition.activeSeats(game).find((s) => host.seats.isBot(s));
    if (seat === undefined) break;
    try {
      const level = host.botLevelFor(seat, host.seats.get(seat)?.botControlled === true);
      match.applyAction(seat, bots.decide(game, seat, level), "bot");
    } catch (err) {
      host.log().error({ err, seat }, "bot failed; using the timeout action");
      try {
        match.applyAction(seat, definition.timeoutAction(game, seat), "bot");
      } catch (err2) {
        host.log().error({ err: err2, seat }, "bot fallback failed");
        break;
      }
    }
    host.commit();
  }
}
