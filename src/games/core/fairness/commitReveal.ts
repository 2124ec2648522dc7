import { createHmac, hash } from "node:crypto";
import { canonicalEntryJson, canonicalJson } from "./canonicalJson.js";

export { canonicalJson };

/**
 * Provably fair deals (issue 15 §1), the documented algorithm shared by the room, the
 * `/matches/:id/verify` route and the standalone verifier (`scripts/verify.ts`). Pure: no I/O.
 *
 *  1. Before any card is dealt the server draws `serverSeed` and publishes
 *     `commitment = hex(SHA-256(utf8(serverSeed)))`.
 *  2. Every seat may contribute a client seed (1–64 printable ASCII characters; bots and empty
 *     seats contribute ""). When the match starts:
 *     `dealingSeed = hex(HMAC-SHA-256(key = utf8(serverSeed), message = utf8(clientSeeds.join("|"))))`
 *     in seat order. "|" is not a printable character a client seed may hold, so the join is unambiguous.
 *  3. The engine receives `dealingSeed` as its seed (Baloot: dealForHand → per-hand SHA-256 streams
 *     → xoshiro128** → Fisher–Yates).
 *  4. Every log entry carries `hash = hex(SHA-256(utf8(prevHash + canonicalJson({seq, seat, source, action, events}))))`,
 *     the first prevHash being the commitment, so an edited, inserted or deleted entry breaks the chain.
 */
export const RNG_ALGORITHM =
  "diwan-deal-v1: dealingSeed = HMAC-SHA-256(serverSeed, clientSeeds.join('|')) → per-hand SHA-256 streams → xoshiro128** → Fisher–Yates";

/** Separator between the seats' client seeds in the HMAC message. */
export const CLIENT_SEED_SEPARATOR = "|";

/** A client seed: 1–64 printable ASCII characters other than the separator. */
export const CLIENT_SEED_PATTERN = /^[\x20-\x7b\x7d\x7e]{1,64}$/;

export function isValidClientSeed(s: unknown): s is string {
  return typeof s === "string" && CLIENT_SEED_PATTERN.test(s);
}

/** SHA-256 of the text's UTF-8 bytes, in hex. One-shot `crypto.hash` (Node ≥ 20.12): no Hash object per log entry (≈ 1 µs instead of ≈ 4). */
export function sha256Hex(text: string): string {
  return hash("sha256", text, "hex");
}

/** The commitment published before the first deal. */
export function seedCommitment(serverSeed: string): string {
  return sha256Hex(serverSeed);
}

/** The seed the engine deals from: neither the server nor any single player chooses it alone. */
export function dealingSeed(serverSeed: string, clientSeeds: readonly string[]): string {
  return createHmac("sha256", Buffer.from(serverSeed, "utf8")).update(clientSeeds.join(CLIENT_SEED_SEPARATOR), "utf8").digest("hex");
}

/** What of a log entry the chain covers (its time of day is not part of the game). */
export interface ChainedEntry {
  seq: number;
  seat: number | null;
  source: string;
  action: Record<string, unknown> | null;
  events: unknown[];
}

export function entryHash(prevHash: string, e: ChainedEntry): string {
  // canonicalJson({ seq, seat, source, action, events }), written without building that object.
  return sha256Hex(prevHash + canonicalEntryJson(e.seq, e.seat, e.source, e.action, e.events));
}

export interface ChainCheck {
  ok: boolean;
  /** The first seq whose stored hash or position is wrong; null when the chain holds. */
  brokenAt: number | null;
  reason: string | null;
}

/**
 * Walks the chain from the commitment: every entry's seq follows the previous one's (a deleted
 * entry leaves a gap) and its stored hash equals the recomputed one (an edited entry differs).
 */
export function verifyChain(commitment: string, entries: readonly (ChainedEntry & { hash?: string | null })[]): ChainCheck {
  let prev = commitment;
  let expectedSeq = 1;
  for (const e of entries) {
    if (e.seq !== expectedSeq) return { ok: false, brokenAt: e.seq, reason: `expected entry ${expectedSeq}, found ${e.seq} (an entry is missing)` };
    const h = entryHash(prev, e);
    if (!e.hash) return { ok: false, brokenAt: e.seq, reason: `entry ${e.seq} carries no hash` };
    if (e.hash !== h) return { ok: false, brokenAt: e.seq, reason: `entry ${e.seq} does not match its hash (edited)` };
    prev = h;
    expectedSeq += 1;
  }
  return { ok: true, brokenAt: null, reason: null };
}
