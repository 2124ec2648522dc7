import { ERROR } from "../protocol.js";
import type { TableClient } from "./client.js";
import type { Inbox } from "./inbox.js";

type Handler = (client: TableClient, message: unknown) => void;

/** The room's message registration (Colyseus `Room.onMessage`, its wildcard form). */
export interface MessageTarget {
  onMessage(type: "*", handler: (client: TableClient, type: string | number, message: unknown) => void): unknown;
}

/** A table's handlers for the client messages of docs/PROTOCOL.md, by message type. */
export type TableHandlers = Record<string, Handler>;

/**
 * Register the table's messages, each behind the inbox's rate limit (a client over it is
 * refused by `flood`), and an UNKNOWN_MESSAGE answer for any other type.
 *
 * One wildcard registration per room that dispatches by type, not one `onMessage` per type:
 * Colyseus keeps, per registration, a listener array and (the room has `onUncaughtException`) a
 * wrapping closure with its context and a bound function; with a rate-limit closure around each
 * handler that was ≈ 7.5 KiB of every table's heap (issue 10, docs/CAPACITY.md heap section).
 */
export function registerTableMessages(
  room: MessageTarget,
  inbox: Inbox,
  flood: (client: TableClient) => void,
  sendError: (client: TableClient, code: string, message: string) => void,
  handlers: TableHandlers,
): void {
  room.onMessage("*", (client, type, message) => {
    if (!inbox.admit(client)) return flood(client);
    // Own properties only: a type like "constructor" or "toString" is unknown, not Object's.
    const handler = typeof type === "string" && Object.hasOwn(handlers, type) ? handlers[type] : undefined;
    if (handler) handler(client, message);
    else sendError(client, ERROR.UNKNOWN_MESSAGE, `unknown message type ${JSON.stringify(type)}`);
  });
}
