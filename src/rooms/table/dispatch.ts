import type { TeamOutcome } from "../../games/core/GameDefinition.js";
import { traceEntry } from "../../platform/tracing.js";
import { MESSAGE } from "../protocol.js";
import type { TableClient } from "./client.js";
import type { PartsRoom, TableParts } from "./wiring.js";

/** The client message types a table answers (docs/PROTOCOL.md); any other is UNKNOWN_MESSAGE. */
const TABLE_MESSAGES: ReadonlySet<string> = new Set([
  MESSAGE.action,
  MESSAGE.seat,
  MESSAGE.fillBots,
  MESSAGE.start,
  MESSAGE.boxScore,
  MESSAGE.catchUp,
  MESSAGE.resign,
  MESSAGE.pause,
  MESSAGE.resume,
  MESSAGE.pauseRequest,
]);

/**
 * Route one client message of docs/PROTOCOL.md to the parts; false for a type the table does not
 * answer. One function for every table rather than a record of handler closures per table (with
 * the idle rule's counting wrapper around each, ≈ 1.9 KiB of every table's heap: issue 10). Any
 * message of a seated human counts as activity for the idle rule.
 */
export function dispatchTableMessage<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options>(
  parts: TableParts<State, Action, View, Event, Outcome, Box, Options>,
  host: Pick<PartsRoom<State, Action, View, Event, Outcome, Box, Options>, "roomId" | "definition">,
  client: TableClient,
  type: string,
  message: unknown,
): boolean {
  if (!TABLE_MESSAGES.has(type)) return false;
  const { actions, hostControls, connections, match, pausing } = parts;
  if (client.userData?.role === "player") pausing.idle.activity();
  switch (type) {
    case MESSAGE.action:
      traceEntry("room.action", { "diwan.room.id": host.roomId, "diwan.game": host.definition.name }, () => actions.handleAction(client, message));
      break;
    case MESSAGE.seat:
      hostControls.handleSeatChange(client, message);
      break;
    case MESSAGE.fillBots:
      hostControls.handleFillBots(client);
      break;
    case MESSAGE.start:
      hostControls.handleStart(client);
      break;
    case MESSAGE.boxScore:
      client.send(MESSAGE.boxScore, match.boxScore());
      break;
    case MESSAGE.catchUp:
      connections.handleCatchUp(client, message);
      break;
    case MESSAGE.resign:
      actions.handleResign(client, message);
      break;
    case MESSAGE.pause:
      pausing.pauses.onPauseMessage(client);
      break;
    case MESSAGE.resume:
      pausing.pauses.onResumeMessage(client);
      break;
    case MESSAGE.pauseRequest:
      pausing.pauses.onRequestMessage(client);
      break;
  }
  return true;
}
