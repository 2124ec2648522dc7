import { ERROR } from "../protocol.js";
import type { TableClient } from "./client.js";
import type { Inbox } from "./inbox.js";

type Handler = (client: TableClient, message: unknown) => void;

/** The room's message registration (Colyseus `Room.onMessage`). */
export interface MessageTarget {
  onMessage(type: string, handler: (client: TableClient, message: unknown) => void): unknown;
}

/** A table's handlers for the client messages of docs/PROTOCOL.md, by message type. */
export type TableHandlers = Record<string, Handler>;

/**
 * Register the table's messages, each behind the inbox's rate limit (a client over it is
 * refused by `flood`), and an UNKNOWN_MESSAGE answer for any other type.
 */
export function registerTableMessages(
  room: MessageTarget,
  inbox: Inbox,
  flood: (client: TableClient) => void,
  sendError: (client: TableClient, code: string, message: string) => void,
  handlers: TableHandlers,
): void {
  const limited =
    (handler: Handler): Handler =>
    (client, message) => {
      if (inbox.admit(client)) handler(client, message);
      else flood(client);
    };
  for (const [type, handler] of Object.entries(handlers)) room.onMessage(type, limited(handler));
  room.onMessage(
    "*",
    limited((client, type) => sendError(client, ERROR.UNKNOWN_MESSAGE, `unknown message type ${JSON.stringify(type)}`)),
  );
}
