import { Protocol, getMessageBytes } from "@colyseus/core";
import type { Seat } from "../../games/core/GameDefinition.js";
import { MESSAGE } from "../protocol.js";
import type { TableClient } from "./client.js";

/** Which events a viewer may see (GameDefinition.eventVisibleTo). */
export type EventVisibility<Event> = (event: Event, viewer: Seat | null) => boolean;

/** The events a viewer (seat, or null: spectator) may see; the same array when it may see them all. */
export function visibleTo<Event>(events: Event[], viewer: Seat | null, visible: EventVisibility<Event>): Event[] {
  for (let i = 0; i < events.length; i++) {
    if (!visible(events[i] as Event, viewer)) return events.filter((e) => visible(e, viewer));
  }
  return events;
}

/**
 * One log entry's engine events to the connections of a table (docs/PROTOCOL.md §4): each
 * connection gets an `events` message with what it may see of them (none when it may see
 * nothing), except `actor`, whose ack carries its share instead: that share is returned.
 *
 * `durable`: the entry's journal append in flight, if any. Messages wait for it, as acks do, so
 * a connection's acks (which may carry events) and `events` messages leave in log order.
 *
 * The message every viewer who may see all the events gets is encoded once for all of them
 * (issue 10: one msgpack encoding per client was part of an action's send cost).
 */
export function fanOutEvents<Event>(
  clients: readonly TableClient[],
  seq: number,
  events: Event[],
  visible: EventVisibility<Event>,
  durable: Promise<void> | null,
  actor?: TableClient,
): Event[] {
  let actorEvents: Event[] = [];
  let whole: Uint8Array | undefined;
  for (const client of clients) {
    const viewer = client.userData?.role === "player" ? client.userData.seat : null;
    const shown = visibleTo(events, viewer, visible);
    if (client === actor) {
      actorEvents = shown;
      continue;
    }
    if (!shown.length) continue;
    let bytes: Uint8Array;
    if (shown === events) bytes = whole ??= eventsMessage(seq, events);
    else bytes = eventsMessage(seq, shown);
    if (durable) void durable.then(() => client.enqueueRaw(bytes));
    else client.enqueueRaw(bytes);
  }
  return actorEvents;
}

/** The `events` message as `client.send(MESSAGE.events, { seq, events })` encodes it. */
function eventsMessage<Event>(seq: number, events: Event[]): Uint8Array {
  return getMessageBytes.raw(Protocol.ROOM_DATA, MESSAGE.events, { seq, events });
}
