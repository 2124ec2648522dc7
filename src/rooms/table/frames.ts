import { decode, type Iterator } from "@colyseus/schema";
import { unpack } from "msgpackr";
import { Counter, type Registry } from "prom-client";

/**
 * Checks a client frame before Colyseus decodes it, so a malformed frame is a client
 * fault the room reports once (see inbox/TableRoom) instead of an error-level stack trace per
 * frame from deep inside the decoder. Only the message kinds a table uses are checked:
 *
 *   ROOM_DATA    [13][type: string | number][msgpack payload?]
 *   ROOM_REQUEST [21][request id: number][type][msgpack payload?]
 *   ROOM_BYTES   [17][type][raw bytes]
 *
 * Every other code is left to Colyseus as it is.
 */
const JOIN_ROOM = 10;
const ROOM_DATA = 13;
const ROOM_DATA_BYTES = 17;
const ROOM_REQUEST = 21;
const PROTOCOL_CODE_MASK = 0x1f;

/** Why a frame was refused, or null when its envelope is sound. */
export function frameFault(buffer: Uint8Array | undefined): string | null {
  if (!buffer || buffer.length === 0) return "empty frame";
  const code = (buffer[0] as number) & PROTOCOL_CODE_MASK;
  if (code !== ROOM_DATA && code !== ROOM_DATA_BYTES && code !== ROOM_REQUEST) return null;
  const it: Iterator = { offset: 1 };
  try {
    if (code === ROOM_REQUEST) decode.number(buffer, it);
    if (it.offset > buffer.length) return "truncated frame";
    if (decode.stringCheck(buffer, it)) decode.string(buffer, it);
    else decode.number(buffer, it);
  } catch {
    return "undecodable message type";
  }
  if (it.offset > buffer.length) return "truncated frame";
  if (code === ROOM_DATA_BYTES || it.offset === buffer.length) return null;
  try {
    // The decoder Colyseus uses (the same module instance and its inline record definitions),
    // so a frame passes here exactly when Colyseus can decode it.
    unpack(buffer.subarray(it.offset));
    return null;
  } catch {
    return "undecodable payload";
  }
}

/** A ROOM_DATA frame's message type and payload, as Colyseus's decoder reads them. */
export interface DataFrame {
  type: string | number;
  message: unknown;
}

/** Whether the frame is a ROOM_DATA frame (the kind every table message uses). */
export function isDataFrame(buffer: Uint8Array | undefined): buffer is Uint8Array {
  return buffer !== undefined && buffer.length > 0 && ((buffer[0] as number) & PROTOCOL_CODE_MASK) === ROOM_DATA;
}

/** The client's confirmation of a join (JOIN_ROOM, one byte), which Colyseus answers with the full state. */
export function isJoinConfirmation(buffer: Uint8Array | undefined): buffer is Uint8Array {
  return buffer !== undefined && buffer.length > 0 && ((buffer[0] as number) & PROTOCOL_CODE_MASK) === JOIN_ROOM;
}

/**
 * Decode a ROOM_DATA frame's type and payload into `out`, once: the table dispatches it from
 * here instead of checking it and letting Colyseus decode it again (issue 10: the second decode
 * was ≈ 40 µs per action). The fault is the one `frameFault` gives the same frame; null when
 * the frame decodes.
 */
export function decodeDataFrame(buffer: Uint8Array, out: DataFrame): string | null {
  const it: Iterator = { offset: 1 };
  try {
    out.type = decode.stringCheck(buffer, it) ? decode.string(buffer, it) : decode.number(buffer, it);
  } catch {
    return "undecodable message type";
  }
  if (it.offset > buffer.length) return "truncated frame";
  if (it.offset === buffer.length) {
    out.message = undefined;
    return null;
  }
  try {
    out.message = unpack(buffer.subarray(it.offset));
    return null;
  } catch {
    return "undecodable payload";
  }
}

const counters = new WeakMap<Registry, Counter<"kind">>();

/**
 * `diwan_client_faults_total{kind}`: malformed frames and socket errors caused by clients
 * (`frame`, `socket`). Registered on the server's registry on first use.
 */
export function clientFaultCounter(registry: Registry): Counter<"kind"> {
  let counter = counters.get(registry);
  if (!counter) {
    counter = new Counter({
      name: "diwan_client_faults_total",
      help: "Malformed frames and socket errors caused by clients, by kind",
      labelNames: ["kind"],
      registers: [registry],
    });
    counters.set(registry, counter);
  }
  return counter;
}
