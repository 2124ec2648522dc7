/**
 * The guarded-suit counts spelled out suit by suit from their definitions, for the lane test
 * (sawaSunLanes.test.ts) and the two-suit guard test (sawaRefute.test.ts) to check the lane code
 * against: the one-guard count (sawaSunGuards.ts) and one opponent guarding two suits (sawaRefute.ts).
 */
import { strengths } from "./sawaStuck.js";

/**
 * Per suit, for opponent `opp` (playing right after `front`, before `behind`): the cut his guard
 * takes off the suit's cap, cap - k, when he guards it (k < his length) and k ≤ cap, else 0; k is
 * the leads of the suit the claimers can win while he keeps his best card g (their cards above g,
 * plus the front hand's cards below g when the hand behind holds one above g).
 */
function cut(opp: number, front: number, behind: number, s: number, cap: number): number {
  const o = strengths(opp, s);
  if (o.length === 0) return 0;
  const g = o[0]!;
  const f = strengths(front, s);
  const b = strengths(behind, s);
  const fAbove = f.filter((x) => x > g).length;
  const bAbove = b.filter((x) => x > g).length;
  const k = fAbove + bAbove + (bAbove > 0 ? f.length - fAbove : 0);
  return k < o.length && k <= cap ? cap - k : 0;
}

/** The caps' sum and each opponent's cuts per suit (a: after the leader, b: after the partner). */
function counts(hands: ArrayLike<number>, leader: number, leaderOnly: boolean): { base: number; a: number[]; b: number[] } {
  const m = hands[leader]!;
  const p = hands[(leader + 2) & 3]!;
  const cap = [0, 1, 2, 3].map((s) => (leaderOnly ? strengths(m, s).length : Math.max(strengths(m, s).length, strengths(p, s).length)));
  return {
    base: cap.reduce((x, y) => x + y, 0),
    a: [0, 1, 2, 3].map((s) => cut(hands[(leader + 1) & 3]!, m, p, s, cap[s]!)),
    b: [0, 1, 2, 3].map((s) => cut(hands[(leader + 3) & 3]!, p, m, s, cap[s]!)),
  };
}

/** The one-guard count: one guard per opponent (two suits cut, or one suit by the larger cut). */
export function oneGuardPlain(hands: ArrayLike<number>, leader: number, left: number, leaderOnly: boolean): boolean {
  const { base, a, b } = counts(hands, leader, leaderOnly);
  let most = 0;
  for (let sa = 0; sa < 4; sa++) for (let sb = 0; sb < 4; sb++) most = Math.max(most, sa === sb ? Math.max(a[sa]!, b[sb]!) : a[sa]! + b[sb]!);
  return base - most < left;
}

/**
 * One opponent guarding two suits s1, s2 with positive cuts c1, c2, the other opponent's largest
 * cut c' in the two other suits: refutes when base - c1 - c2 - c' ≤ left - 2 (k1 + k2 + C ≤ left - 2).
 * `loosen` adds to the right-hand side (a wrong version for the tests).
 */
export function twoGuardsPlain(hands: ArrayLike<number>, leader: number, left: number, leaderOnly: boolean, loosen = 0): boolean {
  const { base, a, b } = counts(hands, leader, leaderOnly);
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const) {
    for (let s1 = 0; s1 < 4; s1++) {
      for (let s2 = s1 + 1; s2 < 4; s2++) {
        if (x[s1] === 0 || x[s2] === 0) continue;
        const other = Math.max(...[0, 1, 2, 3].filter((s) => s !== s1 && s !== s2).map((s) => y[s]!));
        if (base - x[s1]! - x[s2]! - other <= left - 2 + loosen) return true;
      }
    }
  }
  return false;
}
