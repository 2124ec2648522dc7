/**
 * Per-suit reference definitions shared by the Sawa bound tests (sawaBounds.test.ts) and the lane
 * test (sawaSunLanes.test.ts): written plainly, suit by suit, to check the lane code against.
 */
import { PLAIN_STRENGTH } from "../../../src/games/baloot/tables.js";
import type { ReferencePosition } from "./sawaReference.js";

/** Strengths (0 weakest … 7 strongest) of a suit's cards, strongest first. */
export function strengths(mask: number, suit: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < 8; r++) if ((mask >>> (suit * 8 + r)) & 1) out.push(PLAIN_STRENGTH[suit * 8 + r]!);
  return out.sort((a, b) => b - a);
}

/**
 * The leader's stuck cards (leaderStuck, sawaSunQuick.ts), spelled out per suit: a suit is blocked
 * when an opponent holds its top card and the claimers hold some of it (the leader's cards there
 * are stuck; that opponent keeps the top). In another suit the leader holds, where the partner's
 * cards are all below the opponents' best Y, held by X with ℓ cards of it, and the leader holds n
 * cards, h of them above Y: a guard when ℓ ≥ h + 1 and h < n (his n - h cards below Y are stuck, X
 * keeps h + 1 of his), else covered when ℓ ≥ n. A suit where the partner holds a card above one
 * of the leader's and that is neither: no answer. Refutes when the leader holds a stuck card (the
 * opponents' kept cards never outnumber them). 0: no refutation; 1: refuted, with no guard nor covered
 * suit; 2: refuted, with one. `slack` loosens the guards' lengths (a wrong version for the tests).
 */
export function leaderBlocked(p: Pick<ReferencePosition, "hands" | "leader">, slack = 0): number {
  const mine = p.hands[p.leader]!;
  const partner = p.hands[(p.leader + 2) & 3]!;
  const opponents = [p.hands[(p.leader + 1) & 3]!, p.hands[(p.leader + 3) & 3]!];
  let stuck = 0;
  let used = false;
  for (let s = 0; s < 4; s++) {
    const m = strengths(mine, s);
    const q = strengths(partner, s);
    if (m.length + q.length === 0) continue;
    const best = Math.max(m[0] ?? -1, q[0] ?? -1);
    const [a, b] = opponents.map((o) => strengths(o, s)[0] ?? -1);
    const holder = a! > best && a! > b! ? 0 : b! > best && b! > a! ? 1 : -1;
    if (holder >= 0) {
      stuck += m.length;
      continue;
    }
    if (m.length === 0) continue;
    const y = Math.max(a!, b!);
    if (y >= 0 && (q[0] ?? -1) < y) {
      const x = a! > b! ? 0 : 1;
      const length = strengths(opponents[x]!, s).length + slack;
      const high = m.filter((c) => c > y).length;
      if (high < m.length && length >= high + 1) {
        stuck += m.length - high;
        used = true;
        continue;
      }
      if (length >= m.length) {
        if (q.length > 0 && q[0]! > m[m.length - 1]!) used = true;
        continue;
      }
    }
    if (q.length > 0 && q[0]! > m[m.length - 1]!) return 0;
  }
  if (stuck === 0) return 0;
  return used ? 2 : 1;
}
