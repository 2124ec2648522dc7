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
