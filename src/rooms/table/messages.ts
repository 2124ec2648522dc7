import { ERROR } from "../protocol.js";
import type { TableClient } from "./client.js";
import type { Inbox } from "./inbox.js";

/** The room's message registration (Colyseus `Room.onMessage`, its wildcard form). */
export interface MessageTarget {
  onMessage(type: "*", handler: (client: TableClient, type: string | number, message: unknown) => void): unknown;
}

/** Routes a message to the table's parts; false when the table does not answer that type. */
export type TableDispatch = (client: TableClient, type: string, message: unknown) => boolean;

/**
 * Register the table's messages, each behind the inbox's rate limit (a client over it is
 * refused by `flood`), and an UNKNOWN_MESSAGE answer for any other type; an error thrown while
 * handling one goes to `report`.
 *
 * One wildcard registration per room that dispatches by type, not one `onMessage` per type:
 * Colyseus keeps, per registration, a listener array and (the room has `onUncaughtException`) a
 * wrapping closure with its context and a bound function; with a rate-limit closure around each
 * handler that was ≈ 7.5 KiB of every table's heap (issue 10, docs/CAPACITY.md heap section).
 */
export function registerTableMessages(
  room: MessageTarget,
  inbox: Inbox,
  report: (err: unknown, method: string) => void,
  flood: (client: TableClient) => void,
  sendError: (client: TableClient, code: string, message: string) => void,
  dispatch: TableDispatch,
): void {
  room.onMessage("*", (client, type, message) => {
    // A bug is reported and the table lives on (as Colyseus's wrapper did with onUncaughtException).
    try {
      if (!inbox.admit(client)) return flood(client);
      if (typeof type === "string" && dispatch(client, type, message)) return;
      sendError(client, ERROR.UNKNOWN_MESSAGE, `unknown message type ${JSON.stringify(type)}`);
    } catch (err) {
      report(err, "onMessage");
    }
  });
}
