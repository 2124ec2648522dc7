import { ClientState, Room } from "@colyseus/core";
import type { Registry } from "prom-client";
import type { Logger } from "../../platform/logger.js";
import type { TableClient } from "./client.js";
import { clientFaultCounter, decodeDataFrame, frameFault, isDataFrame, isJoinConfirmation, type DataFrame } from "./frames.js";
import { trimJoinedSocket } from "./joinedSocket.js";
import { withWritesBatched } from "./writeBatch.js";

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

/** What a table does with a frame that fails the check (see checkFramesFirst). */
export interface MalformedFrameHandler {
  malformedFrame(client: TableClient, fault: string): void;
}

/** The Colyseus members the table adjusts or reads (private in the typings, hence the casts). */
interface AdjustedRoom {
  sendFullState(client: TableClient): void;
  _onMessage(client: TableClient, buffer: Uint8Array): void;
  readonly clients: Iterable<TableClient>;
  readonly clock: { tick(): void; readonly currentTime: number; readonly elapsedTime: number };
  readonly state: unknown;
  /** Seat reservations and their expiry timers, by session id (Colyseus `delete`s each once used). */
  _reservedSeats: Record<string, unknown>;
  _reservedSeatTimeouts: Record<string, unknown>;
  readonly maxMessagesPerSecond: number;
  /** Colyseus's message handlers (nanoevents) and validators, by message type. */
  readonly onMessageEvents: { readonly events: Record<string, unknown>; emit(type: string, ...args: unknown[]): void };
  readonly onMessageValidators: Record<string, unknown>;
  /** The room's emitter for the matchmaker (lock, join, leave, dispose…). */
  readonly _events: unknown;
}

/** Colyseus's per-connection message-rate count (private members of the client). */
interface CountedClient {
  state: number;
  _lastMessageTime?: number;
  _numMessagesLastSecond?: number;
  _messageCountResetsAt?: number;
}

/** Colyseus's join bookkeeping on a connection (private members of the client). */
interface JoiningClient extends CountedClient {
  _joinedAt?: number;
  /** What the room sent before the client confirmed the join; undefined once it has. */
  _enqueuedMessages?: Uint8Array[];
}

/**
 * Colyseus's message-rate count for one frame (as its `_onMessage` does): false, having
 * counted nothing, when the frame is over the limit (Colyseus then closes the connection).
 */
function countFrame(room: AdjustedRoom, counted: CountedClient): boolean {
  const now = room.clock.currentTime;
  if (now >= (counted._messageCountResetsAt ?? 0)) {
    counted._numMessagesLastSecond = 0;
    counted._messageCountResetsAt = now + 1e3;
  } else {
    const count = (counted._numMessagesLastSecond ?? 0) + 1;
    if (count > room.maxMessagesPerSecond) return false;
    counted._numMessagesLastSecond = count;
  }
  counted._lastMessageTime = now;
  return true;
}

/**
 * The client's JOIN_ROOM confirmation, handled as Colyseus's `_onMessage` does (joined, the full
 * state, the frames queued until then) except the end: Colyseus `delete`s the client's queue,
 * and deleting a property that was not the last one added turns the connection object into a
 * dictionary-mode object (its properties 832 B instead of an ≈ 130 B array: issue 10, heap per
 * table, 4 connections per quick table). The queue is set to undefined instead, which every
 * reader of it treats the same way (`_enqueuedMessages?.push`, `!== undefined`). False, having
 * changed nothing, when Colyseus must handle the frame itself.
 */
function confirmJoin(room: AdjustedRoom, client: TableClient): boolean {
  const joining = client as unknown as JoiningClient;
  if (joining.state !== ClientState.JOINING || !countFrame(room, joining)) return false;
  joining.state = ClientState.JOINED;
  joining._joinedAt = room.clock.elapsedTime;
  if (room.state) room.sendFullState(client);
  const queued = joining._enqueuedMessages;
  if (queued) for (const frame of queued) client.raw(frame);
  joining._enqueuedMessages = undefined;
  compactReservations(room);
  compactListeners(client.ref);
  compactListeners(room._events);
  trimJoinedSocket(client.ref);
  return true;
}

/** Node's EventEmitter keeps its listeners in `_events`, one entry per event name. */
interface ListenerHolder {
  _events?: Record<string, unknown>;
}

/**
 * Node's EventEmitter starts its listener object as a null-prototype literal, which V8 makes a
 * dictionary-mode object: ≈ 280 B for the four events a joined `ws` socket listens to (error,
 * pong, close, message), ≈ 470 B for the eight the matchmaker registers on a room's emitter.
 * Once a connection's join is confirmed both sets are complete, so each object is replaced by
 * a copy in fast mode (the same entries, the same null prototype; ≈ 56 and ≈ 90 B): issue 10,
 * heap per table. EventEmitter reads `_events` afresh on every call, and a later listener
 * change works on the copy as on the original. Done at every confirmed join (a copy of a few
 * entries): the room's emitter may have been copied already.
 */
function compactListeners(emitter: unknown): void {
  const holder = emitter as ListenerHolder | null;
  const events = holder?._events;
  if (!events || typeof events !== "object" || Object.getPrototypeOf(events) !== null) return;
  holder._events = Object.setPrototypeOf({ ...events }, null) as Record<string, unknown>;
}

/**
 * Colyseus keeps seat reservations in two plain objects and `delete`s each entry once its
 * client has joined, which leaves them dictionary-mode objects sized for the most entries they
 * ever held (≈ 450 B each at a full quick table). When every reservation is used, each is
 * replaced by a fresh empty object (Colyseus reads them through the room every time).
 */
function compactReservations(room: AdjustedRoom): void {
  if (Reflect.ownKeys(room._reservedSeats).length === 0) room._reservedSeats = {};
  if (Reflect.ownKeys(room._reservedSeatTimeouts).length === 0) room._reservedSeatTimeouts = {};
}

/** The frame being dispatched (one record, read before the next frame). */
const dataFrame: DataFrame = { type: "", message: undefined };

/**
 * Dispatch a ROOM_DATA frame to the room's wildcard handler as Colyseus's `_onMessage` does
 * (the same message-rate count, the same handler and arguments), decoding it once; a frame
 * that does not decode goes to `handler`. False, having changed nothing, when Colyseus must
 * handle it itself: a leaving connection, a type with its own handler or validator, no
 * wildcard handler, or a frame over Colyseus's rate limit (Colyseus closes the connection).
 */
function dispatchDataFrame(room: AdjustedRoom, client: TableClient, buffer: Uint8Array, handler: MalformedFrameHandler): boolean {
  const counted = client as unknown as CountedClient;
  if (counted.state === ClientState.LEAVING) return false;
  const fault = decodeDataFrame(buffer, dataFrame);
  if (fault !== null) {
    handler.malformedFrame(client, fault);
    return true;
  }
  const { type, message } = dataFrame;
  dataFrame.message = undefined;
  const events = room.onMessageEvents;
  if (room.onMessageValidators[type] !== undefined || events.events[type] || !events.events["*"]) return false;
  if (!countFrame(room, counted)) return false;
  events.emit("*", client, type, message);
  return true;
}

/** Each checked room's handler for malformed frames (set by checkFramesFirst). */
const frameHandlers = new WeakMap<object, MalformedFrameHandler>();
/** Room classes whose prototype carries the adjustments below. */
const adjustedClasses = new WeakSet<object>();

/**
 * Install the adjustments below on the room's class (the first class under Colyseus's `Room`
 * in its prototype chain), once per class, instead of as own properties of every room (a bound
 * function and a closure each: issue 10, heap per table). Rooms of that class that were never
 * given a frame handler behave as Colyseus does.
 */
function adjustRoomClass(room: object): void {
  const colyseus = Room.prototype as unknown as AdjustedRoom;
  let proto = Object.getPrototypeOf(room) as object | null;
  while (proto && Object.getPrototypeOf(proto) !== colyseus) proto = Object.getPrototypeOf(proto) as object | null;
  if (!proto || adjustedClasses.has(proto)) return;
  const target = proto as AdjustedRoom;
  target.sendFullState = function (this: AdjustedRoom, client: TableClient) {
    colyseus.sendFullState.call(this, client);
    client.view?.changes.clear();
  };
  target._onMessage = function (this: AdjustedRoom, client: TableClient, buffer: Uint8Array) {
    const handler = frameHandlers.get(this);
    if (!handler) return colyseus._onMessage.call(this, client, buffer);
    // The room clock has no interval (timers.ts stopRoomTicking): Colyseus's message-rate count
    // reads it, so it is brought up to date per frame.
    this.clock.tick();
    // The frame's handling is one room turn: its writes leave in one system call per connection.
    withWritesBatched(this.clients, () => {
      if (isDataFrame(buffer) && dispatchDataFrame(this, client, buffer, handler)) return;
      if (isJoinConfirmation(buffer) && confirmJoin(this, client)) return;
      const fault = frameFault(buffer);
      if (fault === null) colyseus._onMessage.call(this, client, buffer);
      else handler.malformedFrame(client, fault);
    });
  };
  adjustedClasses.add(proto);
}

/**
 * A seat added to a connection's StateView in onJoin queues "add" operations for everything
 * the seat holds (its hand…) in `view.changes`. The connection is sent the full state only
 * when it confirms the join, and that full state already carries those fields; Colyseus does
 * not clear the queue then, so the next patch repeated the adds and the client's `@view()`
 * arrays grew duplicates (issue 8, item 1). The queue is dropped once the full state is out.
 */
export function dropViewChangesAfterFullState(room: object): void {
  adjustRoomClass(room);
}

/**
 * Every inbound frame of a table room: the room clock brought up to date, the writes of its
 * handling batched (writeBatch.ts withWritesBatched), and the frame checked before Colyseus
 * decodes it: a malformed one goes to `handler` instead of Colyseus's decoder, which would log
 * an error-level stack trace per frame. A table message (ROOM_DATA) is decoded once and
 * dispatched from here (dispatchDataFrame). (`_onMessage` is bound per client at join time, after
 * onCreate: it reads the class's method then.)
 */
export function checkFramesFirst(room: object, handler: MalformedFrameHandler): void {
  adjustRoomClass(room);
  frameHandlers.set(room, handler);
}

/**
 * Client faults (malformed frames, socket errors such as a frame over the transport's size
 * limit): counted in `diwan_client_faults_total{kind}` every time, logged once per connection
 * at warn level with the client's ids.
 */
export class ClientFaults {
  /** Made on the first fault (most tables have none). */
  private logged: WeakSet<object> | null = null;
  /**
   * The socket error listener of every connection of the table: one function per table, which
   * finds the connection by its socket (`this`), instead of a closure per connection (≈ 150 B:
   * issue 10, heap per table).
   */
  private readonly onSocketError: (this: object, err: Error) => void;

  constructor(
    private readonly registry: Registry,
    private readonly log: () => Logger,
  ) {
    const report = (client: TableClient, err: Error) => this.report(client, "socket", err.message);
    this.onSocketError = function (this: object, err: Error) {
      const client = socketClients.get(this);
      if (client) report(client, err);
    };
  }

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
    socketClients.set(socket, client);
    socket.removeAllListeners("error");
    socket.on("error", this.onSocketError);
  }
}

/** Each guarded socket's connection (see ClientFaults.onSocketError). */
const socketClients = new WeakMap<object, TableClient>();
