import type { TableClient } from "./client.js";

/** The part of a Node socket (under the `ws` WebSocket) that batches writes. */
interface CorkableSocket {
  cork(): void;
  uncork(): void;
  readonly destroyed: boolean;
}

/** The `ws` WebSocket's socket (`client.ref._socket`), when the transport is `ws`; null otherwise. */
function socketOf(client: TableClient): CorkableSocket | null {
  const socket = (client.ref as unknown as { _socket?: Partial<CorkableSocket> } | undefined)?._socket;
  return socket && typeof socket.cork === "function" && typeof socket.uncork === "function" && !socket.destroyed ? (socket as CorkableSocket) : null;
}

/**
 * Run `fn` with every client's socket corked, so the frames one room turn sends a connection
 * (an action's events, patch and ack; a bot move's events and patch) leave in ONE write system
 * call per connection instead of one per frame (issue 10: the send path was the largest part of
 * an action's CPU). The bytes on the wire and their order are unchanged: only the number of
 * writes changes. Uncorked in `finally`, so a throwing `fn` never leaves a socket holding data.
 */
export function withWritesBatched<T>(clients: Iterable<TableClient>, fn: () => T): T {
  const corked: CorkableSocket[] = [];
  for (const client of clients) {
    const socket = socketOf(client);
    if (!socket) continue;
    socket.cork();
    corked.push(socket);
  }
  try {
    return fn();
  } finally {
    for (const socket of corked) socket.uncork();
  }
}
