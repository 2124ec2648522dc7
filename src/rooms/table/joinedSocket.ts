/**
 * What a joined `ws` connection keeps that the table never needs again (issue 10, heap per
 * table: a quick table holds four connections). Each function leaves the connection working
 * exactly as before and says why that holds; all of them reach private members of `ws` and
 * `net.Socket`, hence the casts, and each does nothing when a member is not what it expects.
 */

/** Node's EventEmitter: listeners by event name (a function, or an array of them). */
interface Emitter {
  _events?: Record<string, unknown>;
}
/** A `once` listener as Node's EventEmitter wraps it: the wrapper carries the listener. */
interface OnceWrapper {
  (...args: unknown[]): unknown;
  listener?: unknown;
}
/** The `ws` members read here: its socket and the extension records shared by its parts. */
interface JoinedWebSocket extends Emitter {
  _socket?: { _peername?: unknown } | null;
  _extensions?: object;
  _receiver?: { _extensions?: object } | null;
  _sender?: { _extensions?: object } | null;
}

/** One empty extension record for every connection without extensions (see shareNoExtensions). */
const noExtensions: object = Object.freeze({});

/**
 * Trim a connection once its join is confirmed (transport.ts confirmJoin): each step below.
 * Safe to call again on the same connection.
 */
export function trimJoinedSocket(ref: unknown): void {
  if (!ref || typeof ref !== "object") return;
  const ws = ref as JoinedWebSocket;
  unwrapCloseListeners(ws);
  forgetPeerName(ws);
  shareNoExtensions(ws);
}

/**
 * Colyseus listens for a connection's close with `once`, which wraps its listener in a bound
 * function and a state record (≈ 150 B a connection). A `ws` WebSocket emits `close` once (it
 * is then CLOSED for good), so the wrapper's only job, removing itself before the call, changes
 * nothing; the listener replaces its wrapper in place (same order). Colyseus's later
 * `removeListener("close", onleave)` finds the listener itself as it found the wrapper.
 */
function unwrapCloseListeners(ws: Emitter): void {
  const events = ws._events;
  if (!events) return;
  const listeners = events.close;
  if (typeof listeners === "function") {
    const inner = (listeners as OnceWrapper).listener;
    if (typeof inner === "function") events.close = inner;
  } else if (Array.isArray(listeners)) {
    for (let i = 0; i < listeners.length; i++) {
      const inner = (listeners[i] as OnceWrapper | undefined)?.listener;
      if (typeof inner === "function") listeners[i] = inner;
    }
  }
}

/**
 * Colyseus reads the socket's remote address while authenticating the upgrade, and Node keeps
 * the answer on the socket for good (`_peername`, an object and a string, ≈ 120 B). Node asks
 * the operating system again when the field is empty, so a later reader still gets the address.
 * Set to undefined, not deleted (a delete would make the socket a dictionary-mode object).
 */
function forgetPeerName(ws: JoinedWebSocket): void {
  const socket = ws._socket;
  if (socket && socket._peername !== undefined) socket._peername = undefined;
}

/**
 * Without permessage-deflate (the transport's setting) a connection's extension record is an
 * empty object, shared by its WebSocket, Receiver and Sender and only ever read (`ws` looks up
 * the deflate extension in it). Every such connection gets one frozen empty record instead.
 */
function shareNoExtensions(ws: JoinedWebSocket): void {
  const own = ws._extensions;
  if (!own || own === noExtensions || Reflect.ownKeys(own).length > 0) return;
  if (ws._receiver?._extensions !== own || ws._sender?._extensions !== own) return;
  ws._extensions = noExtensions;
  ws._receiver._extensions = noExtensions;
  ws._sender._extensions = noExtensions;
}
