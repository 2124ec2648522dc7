import { ERROR, actionMessage, type AckMessage } from "../protocol.js";

/** Refused answers remembered per seat (oldest dropped first); accepted ones are kept for the match. */
const MAX_REMEMBERED_REFUSALS = 256;
/** Messages a client may send in any window of this length. */
export const RATE_WINDOW_MS = 1000;

export type ParsedAction =
  | { ok: true; id: string; action: unknown; seat: number | undefined }
  /** Malformed: answer with an ack when the message carried a usable id, else with an error message. */
  | { ok: false; id: string | null; error: { code: string; message: string } };

/**
 * The common case of `actionMessage` (protocol.ts) without zod: a plain object with a 1–64
 * character string id, an `action` key and, if any, an integer seat in 0–15. Whatever this accepts the schema
 * accepts with the same fields; anything else (including every malformed message) goes
 * through the schema, which words the refusal. Issue 10: zod's parse was ≈ 25 µs of an action.
 */
function wellFormedAction(message: unknown): Extract<ParsedAction, { ok: true }> | null {
  if (typeof message !== "object" || message === null) return null;
  const proto: unknown = Object.getPrototypeOf(message);
  if (proto !== Object.prototype && proto !== null) return null;
  // The schema wants the `action` key present (its value may be anything, undefined included).
  if (!("action" in message)) return null;
  const { id, action, seat } = message as { id?: unknown; action?: unknown; seat?: unknown };
  if (typeof id !== "string" || id.length < 1 || id.length > 64) return null;
  if (seat !== undefined && !(typeof seat === "number" && Number.isInteger(seat) && seat >= 0 && seat <= 15)) return null;
  return { ok: true, id, action, seat };
}

/** Timestamps of a client's last `limit` messages, oldest first from `next`. */
interface RateRing {
  stamps: number[];
  next: number;
}

/**
 * What comes in from clients before it reaches the game: a per-client message rate limit
 * counted in real time, action message validation, and the answers already given to action
 * ids (a re-sent id gets the same answer and is never applied twice).
 */
export class Inbox {
  /** seat → id of every action applied for it this match → its ack. Made on first use, as the others (heap per table). */
  private accepted: Map<number, Map<string, AckMessage>> | null = null;
  /** seat → recent refused ids → their ack (bounded: a refused id changed nothing). */
  private refused: Map<number, Map<string, AckMessage>> | null = null;
  private rates: WeakMap<object, RateRing> | null = null;
  /** Connections already refused for flooding (ignored until they are gone). */
  private flooded: WeakSet<object> | null = null;

  constructor(
    /** Messages per RATE_WINDOW_MS per client. */
    public limit: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * Count one message from `client`; false when it is over the limit (more than `limit`
   * messages within any RATE_WINDOW_MS, measured on the clock at arrival).
   */
  admit(client: object): boolean {
    const now = this.now();
    const rates = (this.rates ??= new WeakMap());
    let ring = rates.get(client);
    if (!ring) rates.set(client, (ring = { stamps: [], next: 0 }));
    if (ring.stamps.length < this.limit) {
      ring.stamps.push(now);
      return true;
    }
    // The slot to overwrite holds the time of the message `limit` messages ago.
    const oldest = ring.stamps[ring.next] as number;
    if (now - oldest < RATE_WINDOW_MS) return false;
    ring.stamps[ring.next] = now;
    ring.next = (ring.next + 1) % this.limit;
    return true;
  }

  /** True the first time a client is over the limit (it is then told and closed once). */
  firstFlood(client: object): boolean {
    // Made on first use, as `refused`: most tables never see a flood or a refusal (heap per table).
    this.flooded ??= new WeakSet();
    if (this.flooded.has(client)) return false;
    this.flooded.add(client);
    return true;
  }

  parseAction(message: unknown): ParsedAction {
    const fast = wellFormedAction(message);
    if (fast) return fast;
    const parsed = actionMessage.safeParse(message);
    if (parsed.success) return { ok: true, id: parsed.data.id, action: parsed.data.action, seat: parsed.data.seat };
    const rawId = (message as { id?: unknown } | null | undefined)?.id;
    // A usable id is a non-empty string of at most 64 characters: the answer is then an ack
    // for it; otherwise (missing, empty, too long, not a string) an `error` message.
    const id = typeof rawId === "string" && rawId.length >= 1 && rawId.length <= 64 ? rawId : null;
    const shape = id
      ? "an action message is { id: string (1-64 chars), action: object, seat?: integer }"
      : "an action message needs an id: a string of 1 to 64 characters";
    return { ok: false, id, error: { code: ERROR.MALFORMED_MESSAGE, message: shape } };
  }

  /** The answer already given to this seat's action id, if any. */
  answered(seat: number, id: string): AckMessage | undefined {
    return this.accepted?.get(seat)?.get(id) ?? this.refused?.get(seat)?.get(id);
  }

  remember(seat: number, ack: AckMessage): void {
    const book = ack.ok ? (this.accepted ??= new Map()) : (this.refused ??= new Map());
    let bySeat = book.get(seat);
    if (!bySeat) book.set(seat, (bySeat = new Map()));
    bySeat.set(ack.id, ack);
    if (!ack.ok && bySeat.size > MAX_REMEMBERED_REFUSALS) bySeat.delete(bySeat.keys().next().value as string);
  }

  clear(): void {
    this.accepted = null;
    this.refused = null;
  }
}
