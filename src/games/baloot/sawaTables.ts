/**
 * Per-suit byte tables for the Sawa solver. A suit's cards are one byte of a card mask (bit r =
 * natural rank r, cards.ts); these tables answer "strongest", "weakest" and "one card per run of
 * equivalent cards" for a byte in one lookup, in the plain order and in the trump order.
 * Built once at module load (2 × 64 KiB + 4 × 256 B).
 */

/** Natural ranks from strongest to weakest: A 10 K Q J 9 8 7 (plain), J 9 A 10 K Q 8 7 (trump). */
const PLAIN_DESC = [7, 3, 6, 5, 4, 2, 1, 0] as const;
export const TRUMP_DESC = [4, 2, 7, 3, 6, 5, 1, 0] as const;

/** Strongest / weakest rank present in a suit byte (-1 for an empty byte). */
export const TOP_PLAIN = new Int8Array(256);
export const TOP_TRUMP = new Int8Array(256);
export const LOW_PLAIN = new Int8Array(256);
export const LOW_TRUMP = new Int8Array(256);

/**
 * Index `(live << 8) | cards` → the byte keeping one card (the strongest) of each run of `cards`
 * that are adjacent in strength once dead cards (not in `live`) are skipped. Two cards of such a
 * run win exactly the same tricks against every live card, now and later.
 */
export const RUNS_PLAIN = new Uint8Array(65536);
export const RUNS_TRUMP = new Uint8Array(65536);

function fill(desc: readonly number[], top: Int8Array, low: Int8Array, runs: Uint8Array): void {
  for (let b = 0; b < 256; b++) {
    top[b] = -1;
    low[b] = -1;
    for (const r of desc) {
      if ((b >> r) & 1) {
        if (top[b] === -1) top[b] = r;
        low[b] = r;
      }
    }
  }
  for (let live = 0; live < 256; live++) {
    for (let cards = 0; cards < 256; cards++) {
      if ((cards & ~live) !== 0) continue; // cards are always live
      let out = 0;
      let previousInCards = false;
      for (const r of desc) {
        if (((live >> r) & 1) === 0) continue;
        const inCards = ((cards >> r) & 1) === 1;
        if (inCards && !previousInCards) out |= 1 << r;
        previousInCards = inCards;
      }
      runs[(live << 8) | cards] = out;
    }
  }
}

fill(PLAIN_DESC, TOP_PLAIN, LOW_PLAIN, RUNS_PLAIN);
fill(TRUMP_DESC, TOP_TRUMP, LOW_TRUMP, RUNS_TRUMP);

/** Strength (0 = weakest … 7 = strongest) of each natural rank, plain and trump order. */
export const PLAIN_RANK_STRENGTH = Int8Array.from([0, 1, 2, 6, 3, 4, 5, 7]);
export const TRUMP_RANK_STRENGTH = Int8Array.from([0, 1, 6, 4, 7, 2, 3, 5]);

/**
 * Index `(leader << 8) | partner` (two suit bytes of one suit, plain order) → 1 when the leader can
 * lead all his cards of the suit from the top while the partner follows from the bottom and never
 * takes a trick: the leader's i-th strongest beats the partner's i-th weakest, for every i both hold.
 */
export const UNDERPLAY_PLAIN = new Uint8Array(65536);
{
  const desc = (b: number): number[] => PLAIN_DESC.filter((r) => (b >> r) & 1).map((r) => PLAIN_RANK_STRENGTH[r]!);
  for (let m = 0; m < 256; m++) {
    const md = desc(m);
    for (let p = 0; p < 256; p++) {
      if ((m & p) !== 0) continue;
      const pa = desc(p).reverse();
      let ok = 1;
      for (let i = 0; i < md.length && i < pa.length; i++) if (md[i]! < pa[i]!) ok = 0;
      UNDERPLAY_PLAIN[(m << 8) | p] = ok;
    }
  }
}

/** Natural rank r → the ranks that beat it in the plain order, as a suit byte. */
export const ABOVE_RANK_PLAIN = Uint8Array.from({ length: 8 }, (_, r) => {
  let m = 0;
  for (let o = 0; o < 8; o++) if (PLAIN_RANK_STRENGTH[o]! > PLAIN_RANK_STRENGTH[r]!) m |= 1 << o;
  return m;
});

/** The suit byte of suit `s` in a card mask. */
export function suitByte(mask: number, s: number): number {
  return (mask >>> (s << 3)) & 0xff;
}

/** Natural ranks of the trump order, strongest first, as a typed array (read in the search). */
const TRUMP_ORDER = Int8Array.from(TRUMP_DESC);

/**
 * Do an opponent's trumps (`opp`, a trump byte) outnumber the claimers' (`ours`) above them? Each
 * trump the opponent plays falls in its own trick, which the claimers take only with a higher trump
 * of theirs (nothing else beats a trump), one card per trick; so for his j-th strongest trump they
 * need j trumps above it (Hall's condition on that matching). When they do not, whatever the order
 * of play, a claim is invalid. (A loop, not a table: it runs only at Hokum boundaries.)
 */
export function trumpsOutnumbered(opp: number, ours: number): boolean {
  let above = 0;
  let j = 0;
  for (let i = 0; i < 8; i++) {
    const r = TRUMP_ORDER[i]!;
    if ((ours >> r) & 1) above++;
    else if ((opp >> r) & 1 && above < ++j) return true;
  }
  return false;
}
