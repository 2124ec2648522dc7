/**
 * Precomputed per-card tables for the hot path (trick resolution, legality, points).
 * Index = card 0..31 (see cards.ts). Built once at module load; never mutated.
 */
import { RANKS, SUITS, SUIT_MASKS, rankOf, suitOf } from "./cards.js";

/** Plain order A > 10 > K > Q > J > 9 > 8 > 7 as strength 7..0, by natural rank 7,8,9,10,J,Q,K,A. */
const PLAIN_STRENGTH_BY_RANK = [0, 1, 2, 6, 3, 4, 5, 7] as const;
/** Trump order J > 9 > A > 10 > K > Q > 8 > 7. */
const TRUMP_STRENGTH_BY_RANK = [0, 1, 6, 4, 7, 2, 3, 5] as const;
const PLAIN_POINTS_BY_RANK = [0, 0, 0, 10, 2, 3, 4, 11] as const;
const TRUMP_POINTS_BY_RANK = [0, 0, 14, 10, 20, 3, 4, 11] as const;

export const PLAIN_STRENGTH: readonly number[] = [];
export const TRUMP_STRENGTH: readonly number[] = [];
export const PLAIN_POINTS: readonly number[] = [];
export const TRUMP_POINTS: readonly number[] = [];
/** Cards of the same suit that beat card c in plain order. */
export const ABOVE_PLAIN: readonly number[] = [];
/** Cards of the same suit that beat card c in trump order. */
export const ABOVE_TRUMP: readonly number[] = [];
/** "10H" etc., so events never build strings on the hot path. */
export const CARD_NAMES: readonly string[] = [];

{
  const ps = PLAIN_STRENGTH as number[];
  const ts = TRUMP_STRENGTH as number[];
  const pp = PLAIN_POINTS as number[];
  const tp = TRUMP_POINTS as number[];
  const ap = ABOVE_PLAIN as number[];
  const at = ABOVE_TRUMP as number[];
  const names = CARD_NAMES as string[];
  for (let c = 0; c < 32; c++) {
    const r = rankOf(c);
    ps.push(PLAIN_STRENGTH_BY_RANK[r as 0]);
    ts.push(TRUMP_STRENGTH_BY_RANK[r as 0]);
    pp.push(PLAIN_POINTS_BY_RANK[r as 0]);
    tp.push(TRUMP_POINTS_BY_RANK[r as 0]);
    names.push(`${RANKS[r]}${SUITS[suitOf(c)]}`);
  }
  for (let c = 0; c < 32; c++) {
    let a = 0;
    let t = 0;
    const base = suitOf(c) << 3;
    for (let r = 0; r < 8; r++) {
      const o = base + r;
      if ((ps[o] as number) > (ps[c] as number)) a |= 1 << o;
      if ((ts[o] as number) > (ts[c] as number)) t |= 1 << o;
    }
    ap.push(a >>> 0);
    at.push(t >>> 0);
  }
}

/** Mask of a suit, or 0 for "no trump" (-1). */
export function trumpMaskOf(trump: number): number {
  return trump < 0 ? 0 : (SUIT_MASKS[trump] as number);
}

/** Points of a set of cards under a trump suit (-1 = Sun). */
export function maskPoints(mask: number, trump: number): number {
  let total = 0;
  let m = mask >>> 0;
  while (m !== 0) {
    const c = 31 - Math.clz32((m & -m) >>> 0);
    total += suitOf(c) === trump ? (TRUMP_POINTS[c] as number) : (PLAIN_POINTS[c] as number);
    m = (m & (m - 1)) >>> 0;
  }
  return total;
}

export function cardPoints(c: number, trump: number): number {
  return c >>> 3 === trump ? (TRUMP_POINTS[c] as number) : (PLAIN_POINTS[c] as number);
}

/** True when `c` (played later) beats the current winner `w` of a trick led in suit `led`. */
export function beats(c: number, w: number, trump: number): boolean {
  const cs = c >>> 3;
  const ws = w >>> 3;
  if (cs === ws) {
    return cs === trump ? (TRUMP_STRENGTH[c] as number) > (TRUMP_STRENGTH[w] as number) : (PLAIN_STRENGTH[c] as number) > (PLAIN_STRENGTH[w] as number);
  }
  // A different suit wins only when it is a trump played over a non-trump.
  return cs === trump;
}
