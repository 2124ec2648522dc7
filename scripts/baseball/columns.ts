/**
 * Turns target result probabilities into an 11-row card column (2d6 rows with d20 splits), the
 * way a card designer would: each row holds one result, or two split by a d20. Rows are filled
 * from the largest; a row too big for the most frequent remaining result is shared between the
 * smallest remaining result and the largest (as in the alias method), in units of 1/720 (36 × 20).
 */
import type { Column, Entry } from "../../src/games/baseball/cards.js";

/** 2d6 ways per total 2..12. */
const WAYS = [1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1];

export function buildColumn(targets: Record<string, number>): Column {
  const total = Object.values(targets).reduce((a, b) => a + b, 0);
  const rem = new Map<string, number>();
  for (const [code, p] of Object.entries(targets)) if (p > 0) rem.set(code, (p / total) * 720);
  const rows: Entry[] = new Array(11);
  // Largest rows first: 7, 6, 8, 5, 9, …
  const order = [5, 4, 6, 3, 7, 2, 8, 1, 9, 0, 10];
  for (const i of order) {
    const w = WAYS[i] as number;
    const cap = 20 * w;
    const sorted = [...rem.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const [large, largeRem] = sorted[0] as [string, number];
    if (largeRem >= cap - w / 2 || sorted.length === 1) {
      rows[i] = large;
      rem.set(large, largeRem - cap);
      continue;
    }
    const small = sorted
      .slice(1)
      .filter(([, r]) => r >= w / 2)
      .pop();
    if (!small) {
      rows[i] = large;
      rem.set(large, largeRem - cap);
      continue;
    }
    const k = Math.min(19, Math.max(1, Math.round(small[1] / w)));
    rows[i] = [small[0], k, large];
    rem.set(small[0], small[1] - k * w);
    rem.set(large, largeRem - (20 - k) * w);
  }
  return rows;
}

/** The exact probabilities a column gives (for checking the generator). */
export function columnProbabilities(col: Column): Record<string, number> {
  const out: Record<string, number> = {};
  col.forEach((e, i) => {
    const w = (WAYS[i] as number) / 36;
    if (typeof e === "string") out[e] = (out[e] ?? 0) + w;
    else {
      out[e[0]] = (out[e[0]] ?? 0) + (w * e[1]) / 20;
      out[e[2]] = (out[e[2]] ?? 0) + (w * (20 - e[1])) / 20;
    }
  });
  return out;
}
