/**
 * Compact card encoding for the Baloot hot path.
 *
 * A card is an integer 0..31: `suit * 8 + rank`, where rank is the natural (sequence) order
 * 7, 8, 9, 10, J, Q, K, A = 0..7 and suit S, H, D, C = 0..3.
 * A set of cards (a hand, the cards played so far) is a 32-bit mask: bit `card` is set when the
 * card is in the set. Masks are kept unsigned with `>>> 0` so they compare and serialise cleanly.
 */

export const SUITS = ["S", "H", "D", "C"] as const;
export type SuitLetter = (typeof SUITS)[number];
export const RANKS = ["7", "8", "9", "10", "J", "Q", "K", "A"] as const;
export type RankLabel = (typeof RANKS)[number];

export const SPADES = 0;
export const HEARTS = 1;
export const DIAMONDS = 2;
export const CLUBS = 3;

/** Natural rank indices (sequence order). */
export const R7 = 0;
export const R8 = 1;
export const R9 = 2;
export const R10 = 3;
export const RJ = 4;
export const RQ = 5;
export const RK = 6;
export const RA = 7;

export type Card = number;
export type CardMask = number;

export const FULL_DECK_MASK: CardMask = 0xffffffff >>> 0;

export function card(suit: number, rank: number): Card {
  return (suit << 3) | rank;
}
export function suitOf(c: Card): number {
  return c >>> 3;
}
export function rankOf(c: Card): number {
  return c & 7;
}
export function bit(c: Card): CardMask {
  return (1 << c) >>> 0;
}
/** Mask of all eight cards of a suit. */
export function suitMask(suit: number): CardMask {
  return (0xff << (suit << 3)) >>> 0;
}
export const SUIT_MASKS: readonly CardMask[] = [suitMask(0), suitMask(1), suitMask(2), suitMask(3)];

export function has(mask: CardMask, c: Card): boolean {
  return ((mask >>> c) & 1) === 1;
}
export function add(mask: CardMask, c: Card): CardMask {
  return (mask | (1 << c)) >>> 0;
}
export function remove(mask: CardMask, c: Card): CardMask {
  return (mask & ~(1 << c)) >>> 0;
}

/** Number of set bits (population count). */
export function popcount(mask: CardMask): number {
  let m = mask >>> 0;
  m = m - ((m >>> 1) & 0x55555555);
  m = (m & 0x33333333) + ((m >>> 2) & 0x33333333);
  return (Math.imul((m + (m >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Index of the lowest set bit, or -1 for an empty mask. */
export function lowestCard(mask: CardMask): Card {
  if (mask === 0) return -1;
  return 31 - Math.clz32((mask & -mask) >>> 0);
}

/** Cards of a mask as an array, ascending (allocates: not for the hot path). */
export function cardsOf(mask: CardMask): Card[] {
  const out: Card[] = [];
  let m = mask >>> 0;
  while (m !== 0) {
    const c = 31 - Math.clz32((m & -m) >>> 0);
    out.push(c);
    m = (m & (m - 1)) >>> 0;
  }
  return out;
}

export function maskOf(cards: Iterable<Card>): CardMask {
  let m = 0;
  for (const c of cards) m |= 1 << c;
  return m >>> 0;
}

/** "10H", "QS", "AC". */
export function cardToString(c: Card): string {
  return `${RANKS[rankOf(c)]}${SUITS[suitOf(c)]}`;
}

const CARD_RE = /^(7|8|9|10|J|Q|K|A)([SHDC])$/;

/** Character code → rank (first character of a canonical name) or suit (last); -1 otherwise. */
const RANK_CODE = new Int8Array(128).fill(-1);
const SUIT_CODE = new Int8Array(128).fill(-1);
RANKS.forEach((r, i) => {
  if (r.length === 1) RANK_CODE[r.charCodeAt(0)] = i;
});
SUITS.forEach((s, i) => {
  SUIT_CODE[s.charCodeAt(0)] = i;
});

/** A canonical name ("10H", "QS") read from its character codes (no hashing); -1 when it is not one. */
function canonicalCard(text: string): Card {
  const n = text.length;
  if (n === 2) {
    const r = text.charCodeAt(0);
    const s = text.charCodeAt(1);
    if (r < 128 && s < 128 && RANK_CODE[r]! >= 0 && SUIT_CODE[s]! >= 0) return (SUIT_CODE[s]! << 3) | RANK_CODE[r]!;
  } else if (n === 3 && text.charCodeAt(0) === 49 && text.charCodeAt(1) === 48) {
    const s = text.charCodeAt(2);
    if (s < 128 && SUIT_CODE[s]! >= 0) return (SUIT_CODE[s]! << 3) | 3;
  }
  return -1;
}

/** Parses "10H" / "qs" / "AC"; returns -1 when it is not a card. */
export function parseCard(text: string): Card {
  const exact = canonicalCard(text);
  if (exact >= 0) return exact;
  const m = CARD_RE.exec(text.trim().toUpperCase());
  if (!m) return -1;
  return card(SUITS.indexOf(m[2] as SuitLetter), RANKS.indexOf(m[1] as RankLabel));
}

/** Parses a list like "7S 8S 10H" or ["7S", "8S"]; throws on anything that is not a card. */
export function parseCards(input: string | readonly string[]): Card[] {
  const parts = typeof input === "string" ? input.split(/[\s,]+/).filter(Boolean) : input;
  return parts.map((p) => {
    const c = parseCard(p);
    if (c < 0) throw new Error(`not a card: ${JSON.stringify(p)}`);
    return c;
  });
}

export function suitFromLetter(letter: string): number {
  return SUITS.indexOf(letter.toUpperCase() as SuitLetter);
}
