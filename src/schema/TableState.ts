import { ArraySchema, Encoder, Schema, type, view } from "@colyseus/schema";

/**
 * Size of the encode buffers every room allocates (Colyseus's SchemaSerializer keeps a full-state
 * buffer of this size, and the room's Encoder one that grows to twice it as soon as views are
 * encoded). The default, 16 KiB, made ≈ 58 KiB of buffers per table; a full table state here is
 * a few KiB (Baloot well under 2 KiB), so 8 KiB leaves room and halves that (docs/CAPACITY.md,
 * heap section). A larger state still encodes: the buffer grows (Colyseus warns once it does).
 * Set here, before any room (and so any Encoder) exists: every game state imports this module.
 */
Encoder.BUFFER_SIZE = 8 * 1024;

/**
 * The part of a table's state every turn-based game shares (seats, clock, lifecycle).
 * Game rooms extend TableState with their public game fields and SeatState with their
 * private (`@view()`) per-seat fields.
 */

export class SeatState extends Schema {
  @type("uint8") index = 0;
  @type("uint8") team = 0;
  /** Display name ("" while the seat is empty). */
  @type("string") name = "";
  /** Public user id of the occupant ("" for empty seats and bots). */
  @type("string") userId = "";
  @type("boolean") occupied = false;
  /** A bot was seated here from the start. */
  @type("boolean") isBot = false;
  /** A bot is currently playing for the seated player (grace expired, left, or too many timeouts). */
  @type("boolean") botControlled = false;
  /** The occupant's connection is up (bots count as connected). */
  @type("boolean") connected = false;
  @type("uint8") consecutiveTimeouts = 0;
  /** Cards (or pieces) in hand: public count, private contents live in the game's seat fields. */
  @type("uint8") handCount = 0;
  /** The occupant's client seed (join option `clientSeed`), mixed into the dealing seed; "" for bots. */
  @type("string") clientSeed = "";
  /**
   * Private tables: the code others use to join, shown only to the seat's own player (and so
   * only to members of the table; spectators and strangers never receive it). "" otherwise.
   */
  @view() @type("string") joinCode = "";

  /**
   * The seat can never have an owner (a bot seated from the start): drop the game's private
   * collections. Nobody can ever receive them (a seat's `@view()` fields go only to the views that
   * added it), so deleting them is encoded for no one, while each costs ≈ 650 B of heap (its
   * change tree, proxy and bookkeeping; issue 10, docs/CAPACITY.md heap section). Games with
   * private collections override this; never call it for a seat a client may still own.
   */
  releasePrivate(): void {}
}

/** Delete `fields` (ref fields of a schema) so their change trees are detached and freed. */
export function dropFields(target: Schema, ...fields: string[]): void {
  const writable = target as unknown as Record<string, unknown>;
  for (const field of fields) if (writable[field] !== undefined) writable[field] = undefined;
}

export class TableState extends Schema {
  /** waiting (seats filling) → playing ⇄ paused → finished (docs/PROTOCOL.md "Pause"). */
  @type("string") status: "waiting" | "playing" | "paused" | "finished" = "waiting";
  @type("string") mode: "quick" | "bots" | "private" = "quick";
  @type("boolean") ranked = false;
  /**
   * Level of the bots at this table ("basic" | "strong"): the table's `botLevel` option or the
   * server's BOT_LEVEL. On ranked tables a seat taken over from a player is played by "strong".
   */
  @type("string") botLevel = "basic";
  /** Id of the match being played ("" until it starts): live box score, replay, results. */
  @type("string") matchId = "";
  /** Seat index of the private table's host (-1 when none). */
  @type("int8") hostSeat = -1;
  /** Seats that may act now (usually one). */
  @type(["uint8"]) activeSeats = new ArraySchema<number>();
  /** Epoch milliseconds when the current turn times out (0 = no clock running). */
  @type("float64") deadline = 0;
  @type("uint16") turnTimeoutS = 0;
  /** Sequence number of the last accepted action (clients can detect gaps). */
  @type("uint32") seq = 0;
  @type("uint16") spectators = 0;
  /** Set when the match is over: "", "finished", "forfeit", "abandoned". */
  @type("string") endReason = "";
  @type("int8") winnerTeam = -1;
  /** While paused: seat of the player who paused the table; -1 for an admin or the idle rule (and when not paused). */
  @type("int8") pausedBy = -1;
  /** While paused: "manual" (the host, the owner or an admin) or "idle" (nobody active for IDLE_PAUSE_S); "" otherwise. */
  @type("string") pauseReason: "manual" | "idle" | "" = "";
  /** While paused: epoch milliseconds the pause began; 0 otherwise. */
  @type("float64") pausedAt = 0;
  /** SHA-256 (hex) of the secret server seed, published when the table is created (docs/FAIRNESS.md). */
  @type("string") seedCommitment = "";
  /** The dealing algorithm and its version, e.g. "diwan-deal-v1: …". */
  @type("string") rngAlgorithm = "";
}
