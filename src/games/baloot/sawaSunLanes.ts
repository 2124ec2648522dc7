/**
 * The four suits of a card mask as four byte lanes, for the Sun quick answers (sawaSunQuick.ts,
 * sawaSunGuards.ts): each question about "every suit" is a few 32-bit operations on all four lanes
 * at once instead of a table lookup per suit. The lanes are in strength order (`toStrength`: bit k
 * of a lane = the suit's card of plain strength k, 0 weakest … 7 the ace), so "above", "top" and
 * "lowest" are bit positions. Per-lane counts stay below 0x80, so no lane carries into the next.
 */

/** Natural ranks (cards.ts: 7 8 9 10 J Q K A) → plain strength order (7 8 9 J Q K 10 A), per lane. */
export function toStrength(x: number): number {
  return (x & 0x87878787) | ((x & 0x08080808) << 3) | ((x >>> 1) & 0x38383838);
}

/** The inverse of `toStrength`. */
export function toNatural(s: number): number {
  return (s & 0x87878787) | ((s >>> 3) & 0x08080808) | ((s & 0x38383838) << 1);
}

/** Per lane: every bit at or below the lane's highest card (0 for an empty lane). */
export function smearDown(x: number): number {
  x |= (x >>> 1) & 0x7f7f7f7f;
  x |= (x >>> 2) & 0x3f3f3f3f;
  return x | ((x >>> 4) & 0x0f0f0f0f);
}

/** Per lane: every bit at or above the lane's lowest card (0 for an empty lane). */
export function smearUp(x: number): number {
  x |= (x << 1) & 0xfefefefe;
  x |= (x << 2) & 0xfcfcfcfc;
  return x | ((x << 4) & 0xf0f0f0f0);
}

/** Per lane: its highest card only. */
export function topCards(x: number): number {
  const d = smearDown(x);
  return d & ~((d >>> 1) & 0x7f7f7f7f);
}

/**
 * Per lane, the strongest card of each run of `cards` (RUNS_PLAIN, sawaTables.ts): a card is
 * dropped when the next live card above it is one of `cards` too. A fill downwards from `cards`
 * through every position that is not a live card of the others (three doubling steps) reaches the
 * position just above each dropped card. `cards` ⊆ `live`, strength lanes.
 */
export function runTops(cards: number, live: number): number {
  let pass = ~(live & ~cards);
  let fill = cards;
  fill |= pass & ((fill >>> 1) & 0x7f7f7f7f);
  pass &= (pass >>> 1) & 0x7f7f7f7f;
  fill |= pass & ((fill >>> 2) & 0x3f3f3f3f);
  pass &= (pass >>> 2) & 0x3f3f3f3f;
  fill |= pass & ((fill >>> 4) & 0x0f0f0f0f);
  return cards & ~((fill >>> 1) & 0x7f7f7f7f);
}

/** 0xff in each non-empty lane, 0 in the others. */
export function lanes(x: number): number {
  const h = (x | ((x & 0x7f7f7f7f) + 0x7f7f7f7f)) & 0x80808080;
  return (h - (h >>> 7)) | h;
}

/** Per lane: its number of cards. */
export function lanePop(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (x + (x >>> 4)) & 0x0f0f0f0f;
}

/** The sum of the four lanes' counts (each below 0x40). */
export function laneSum(c: number): number {
  return Math.imul(c, 0x01010101) >>> 24;
}

/** 0xff in each lane where count `c` ≥ count `d` (counts below 0x80), 0 in the others. */
export function laneAtLeast(c: number, d: number): number {
  const h = ((c | 0x80808080) - d) & 0x80808080;
  return (h - (h >>> 7)) | h;
}

/**
 * Does the leader's cash-out fail in some suit against one opponent (CASH in sawaSunQuick.ts)?
 * `m`, `x`: the leader's and the opponent's cards, strength lanes. An opponent holding n cards of a
 * suit keeps at most his best for round n, so the leader's k-th strongest (k = the fewer of their
 * lengths) must beat the opponent's best: at least k of the leader's cards above it. Where every
 * leader card is above it, that holds; elsewhere k is the opponent's length.
 */
export function cashFails(m: number, x: number): boolean {
  const above = ~smearDown(x);
  const under = m & ~above;
  if (under === 0) return false;
  return (lanes(under) & ~laneAtLeast(lanePop(m & above), lanePop(x))) !== 0;
}
