import type { Registry } from "prom-client";
import type { Logger } from "../../platform/logger.js";
import type { TableClient } from "./client.js";
import { clientFaultCounter, frameFault } from "./frames.js";

/**
 * What a table adjusts in Colyseus's handling of connections (each function says why). The
 * hooks that reach private Colyseus methods are kept here, in one place, with their casts.
 */

/**
 * Dispose a departed connection's StateView. Left to the garbage collector, a view keeps its
 * visibility bits on the seat's schema trees until some later GC; while it does, showing the
 * same seat to a new connection (rejoin by id after a drop or a leave, a second device)
 * intermittently produced repeated operations on the `@view()` collections. Disposing clears
 * the bits and frees the view id at once.
 */
export function releaseView(client: TableClient): void {
  const view = client.view;
  if (!view) return;
  client.view = undefined;
  view.dispose();
}

/**
 * A seat added to a connection's StateView in onJoin queues "add" operations for everything
 * the seat holds (its hand…) in `view.changes`. The connection is sent the full state only
 * when it confirms the join, and that full state already carries those fields; Colyseus does
 * not clear the queue then, so the next patch repeated the adds and the client's `@view()`
 * arrays grew duplicates (issue 8, item 1). The queue is dropped once the full state is out.
 * (`sendFullState` is private in the typings, hence the cast.)
 */
export function dropViewChangesAfterFullState(room: object): void {
  const target = room as { sendFullState(client: TableClient): void };
  const sendFullState = target.sendFullState.bind(room);
  target.sendFullState = (client: TableClient) => {
    sendFullState(client);
    client.view?.changes.clear();
  };
}

/**
 * Check every frame before Colyseus decodes it: a malformed one goes to `onMalformed` instead
 * of Colyseus's decoder, which would log an error-level stack trace per frame. (`_onMessage` is
 * private in the typings; it is bound per client at join time, after onCreate.)
 */
export function checkFramesFirst(room: object, onMalformed: (client: TableClient, fault: string) => void): void {
  const target = room as { _onMessage(client: TableClient, buffer: Uint8Array): void };
  const onMessage = target._onMessage.bind(room);
  target._onMessage = (client: TableClient, buffer: Uint8Array) => {
    const fault = frameFault(buffer);
    if (fault === null) onMessage(client, buffer);
    else onMalformed(client, fault);
  };
}

/**
 * Client faults (malformed frames, socket errors such as a frame over the transport's size
 * limit): counted in `diwan_client_faults_total{kind}` every time, logged once per connection
 * at warn level with the client's ids.
 */
export class ClientFaults {
  /** Made on the first fault (most tables have none). */
  private logged: WeakSet<object> | null = null;

  constructor(
    private readonly registry: Registry,
    private readonly log: () => Logger,
  ) {}

  report(client: TableClient, kind: "frame" | "socket", detail: string): void {
    clientFaultCounter(this.registry).inc({ kind });
    this.logged ??= new WeakSet();
    if (this.logged.has(client)) return;
    this.logged.add(client);
    this.log().warn({ sessionId: client.sessionId, userId: client.userData?.userId, kind, fault: detail }, "client fault (logged once per connection)");
  }

  /** The transport logs socket errors at error level with a stack: route them here instead. */
  guardSocket(client: TableClient): void {
    const socket = client.ref as unknown as { removeAllListeners?(event: string): void; on?(event: string, fn: (err: Error) => void): void };
    if (!socket?.on || !socket.removeAllListeners) return;
    socket.removeAllListeners("error");
    socket.on("error", (err: Error) => this.report(client, "socket", err.message));
  }
}
