/**
 * Process-wide cache of solved Sun positions, keyed on their canonical form. In Sun nothing but the
 * order of the live cards inside each suit matters (legality is follow-suit only, the highest card
 * of the led suit takes the trick, no Akka, no play flag applies), and the four suits are
 * interchangeable. So a position at a trick boundary is fully described, seen from the leader, by
 * each suit's live cards in strength order with their owners (leader, next, partner, last), the
 * four suit descriptions sorted. Equal keys mean the same game, whatever the deal: answers carry
 * over between positions, calls, hands and matches.
 */
import { PLAIN_RANK_STRENGTH } from "./sawaTables.js";

/** A suit byte (bit r = natural rank r) → the same cards with bit i = the card of strength i. */
const BY_STRENGTH = new Uint8Array(256);
/** `(live << 8) | cards` (both by strength) → the bits of `cards` at the positions of `live`, packed low. */
const PACK = new Uint8Array(65536);

for (let b = 0; b < 256; b++) {
  let out = 0;
  for (let r = 0; r < 8; r++) if ((b >> r) & 1) out |= 1 << PLAIN_RANK_STRENGTH[r]!;
  BY_STRENGTH[b] = out;
}
for (let live = 0; live < 256; live++) {
  for (let cards = 0; cards < 256; cards++) {
    if ((cards & ~live) !== 0) continue;
    let out = 0;
    let k = 0;
    for (let i = 0; i < 8; i++) {
      if (((live >> i) & 1) === 0) continue;
      if ((cards >> i) & 1) out |= 1 << k;
      k++;
    }
    PACK[(live << 8) | cards] = out;
  }
}

/**
 * 16,384 slots (256 KiB). Larger tables hardly answer more (a lead's positions repeat within its
 * deal, which the per-deal table in sawaSun.ts catches first; across deals few do): 2^17 slots
 * saved 1.4 % of the listing's search nodes, but each probe then missed the processor's caches.
 */
const BITS = 14;
const SIZE = 1 << BITS;
/**
 * One slot = 4 consecutive words (one cache line fetch per probe): the key's words, the first one
 * carrying the value in bits 28-29 (a suit word uses bits 0-27): 0 = empty, 1 = invalid, 2 = valid.
 */
let table: Int32Array | null = null;

/** The last key computed by sunKey (read it into locals before recursing). */
export const sunKeyWords = new Int32Array(4);

/** Canonical key of the Sun position (four hands, `leader` to lead) into sunKeyWords. */
export function sunKey(hands: ArrayLike<number>, leader: number): void {
  const a = hands[leader]!;
  const b = hands[(leader + 1) & 3]!;
  const c = hands[(leader + 2) & 3]!;
  const d = hands[(leader + 3) & 3]!;
  let w0 = suitWord(a, b, c, d, 0);
  let w1 = suitWord(a, b, c, d, 8);
  let w2 = suitWord(a, b, c, d, 16);
  let w3 = suitWord(a, b, c, d, 24);
  // Sorting network for four values.
  let t: number;
  if (w0 > w1) {
    t = w0;
    w0 = w1;
    w1 = t;
  }
  if (w2 > w3) {
    t = w2;
    w2 = w3;
    w3 = t;
  }
  if (w0 > w2) {
    t = w0;
    w0 = w2;
    w2 = t;
  }
  if (w1 > w3) {
    t = w1;
    w1 = w3;
    w3 = t;
  }
  if (w1 > w2) {
    t = w1;
    w1 = w2;
    w2 = t;
  }
  sunKeyWords[0] = w0;
  sunKeyWords[1] = w1;
  sunKeyWords[2] = w2;
  sunKeyWords[3] = w3;
}

/** One suit: live count (4 bits), then the packed cards of the next seat, the partner and the last seat. */
function suitWord(a: number, b: number, c: number, d: number, shift: number): number {
  const ba = BY_STRENGTH[(a >>> shift) & 0xff]!;
  const bb = BY_STRENGTH[(b >>> shift) & 0xff]!;
  const bc = BY_STRENGTH[(c >>> shift) & 0xff]!;
  const bd = BY_STRENGTH[(d >>> shift) & 0xff]!;
  const live = ba | bb | bc | bd;
  if (live === 0) return 0;
  const base = live << 8;
  let n = live - ((live >> 1) & 0x55);
  n = (n & 0x33) + ((n >> 2) & 0x33);
  n = (n + (n >> 4)) & 0x0f;
  return n | (PACK[base | bb]! << 4) | (PACK[base | bc]! << 12) | (PACK[base | bd]! << 20);
}

function slotOf(w0: number, w1: number, w2: number, w3: number): number {
  const h = w0 ^ Math.imul(w1, 0x9e3779b1) ^ Math.imul(w2, 0x85ebca6b) ^ Math.imul(w3, 0xc2b2ae35);
  return (Math.imul(h ^ (h >>> 15), 0x27d4eb2f) >>> (32 - BITS)) << 2;
}

/** 0 unknown, 1 invalid, 2 valid. */
export function sunLookup(w0: number, w1: number, w2: number, w3: number): number {
  const t = table;
  if (t === null) return 0;
  const s = slotOf(w0, w1, w2, w3);
  const head = t[s]!;
  if ((head & 0x0fffffff) === w0 && t[s + 1] === w1 && t[s + 2] === w2 && t[s + 3] === w3) return head >>> 28;
  return 0;
}

export function sunStore(w0: number, w1: number, w2: number, w3: number, valid: boolean): void {
  // Allocated on first use (256 KiB): processes that never solve a Sun claim pay nothing.
  const t = table ?? (table = new Int32Array(SIZE << 2));
  const s = slotOf(w0, w1, w2, w3);
  t[s] = w0 | ((valid ? 2 : 1) << 28);
  t[s + 1] = w1;
  t[s + 2] = w2;
  t[s + 3] = w3;
}
