/**
 * Statistics for the RNG fingerprinter: distribution functions and the three tests it runs
 * (χ² goodness of fit, lag-1 serial correlation, runs). Pure numbers in, numbers out; no I/O.
 */

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9: about 15 significant digits). */
export function lnGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`lnGamma: x must be > 0, got ${x}`);
  if (x < 0.5) {
    // Reflection keeps the approximation in its accurate range.
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  }
  const z = x - 1;
  let sum = 0.99999999999980993;
  for (let i = 0; i < LANCZOS.length; i++) sum += (LANCZOS[i] as number) / (z + i + 1);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const EPS = 1e-15;
const MAX_ITER = 100_000;

/** P(a, x) by its power series; converges quickly for x < a + 1. */
function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITER; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - lnGamma(a));
}

/** Q(a, x) by its continued fraction (modified Lentz); converges quickly for x ≥ a + 1. */
function upperFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - lnGamma(a)) * h;
}

/** Regularised lower incomplete gamma P(a, x) = γ(a, x) / Γ(a). */
export function gammaP(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) throw new RangeError(`gammaP: need a > 0 and x ≥ 0, got a=${a}, x=${x}`);
  if (x === 0) return 0;
  return x < a + 1 ? lowerSeries(a, x) : 1 - upperFraction(a, x);
}

/** Regularised upper incomplete gamma Q(a, x) = 1 − P(a, x), computed without cancellation. */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) throw new RangeError(`gammaQ: need a > 0 and x ≥ 0, got a=${a}, x=${x}`);
  if (x === 0) return 1;
  return x < a + 1 ? 1 - lowerSeries(a, x) : upperFraction(a, x);
}

/** P(X ≥ x) for X ~ χ²(df). */
export function chiSquareSurvival(x: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`chiSquareSurvival: df must be > 0, got ${df}`);
  return gammaQ(df / 2, Math.max(0, x) / 2);
}

/** erfc(x), via the incomplete gamma: erfc(x) = Q(1/2, x²) for x ≥ 0. */
export function erfc(x: number): number {
  if (x === 0) return 1;
  const q = gammaQ(0.5, x * x);
  return x > 0 ? q : 2 - q;
}

/** Two-sided p-value of a standard normal z: P(|Z| ≥ |z|). */
export function normalTwoSided(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}

export interface TestResult {
  /** What was tested, e.g. "face-up card uniform". */
  name: string;
  /** χ² for goodness-of-fit tests, z for the others. */
  statistic: number;
  /** Degrees of freedom (χ² tests only). */
  df?: number;
  /** Observations the test used (deals, pairs, …). */
  n: number;
  pValue: number;
}

/**
 * Pearson χ² of observed counts against expected probabilities (which must sum to 1), with
 * (cells − 1) degrees of freedom unless the caller knows the data carry more constraints.
 */
export function chiSquare(name: string, observed: readonly number[], probabilities: readonly number[], dfOverride?: number): TestResult {
  if (observed.length !== probabilities.length || observed.length < 2) throw new RangeError(`chiSquare(${name}): need ≥ 2 matching cells`);
  const n = observed.reduce((a, b) => a + b, 0);
  let x = 0;
  let cells = 0;
  for (let i = 0; i < observed.length; i++) {
    const p = probabilities[i] as number;
    if (p <= 0) continue;
    cells++;
    const e = n * p;
    const d = (observed[i] as number) - e;
    x += (d * d) / e;
  }
  const df = dfOverride ?? cells - 1;
  return { name, statistic: x, df, n, pValue: n === 0 ? 1 : chiSquareSurvival(x, df) };
}

/**
 * χ² of a table (rows × categories) whose every row has its own expected distribution `rowProbs`
 * (one per row, each summing to 1) and its own total. Degrees of freedom are given by the caller,
 * who knows which margins the data fix. `scale` multiplies the statistic: a table built from
 * random permutations of m items (each deal a full m-card table with both margins fixed) has
 * Pearson X² ~ m/(m−1)·χ²(df), so such tables pass scale = (m−1)/m.
 */
export function chiSquareTable(name: string, table: readonly (readonly number[])[], rowProbs: readonly (readonly number[])[], df: number, scale = 1): TestResult {
  let x = 0;
  let n = 0;
  for (let r = 0; r < table.length; r++) {
    const row = table[r] as readonly number[];
    const probs = rowProbs[r] as readonly number[];
    const total = row.reduce((a, b) => a + b, 0);
    if (total === 0) continue;
    n += total;
    for (let c = 0; c < row.length; c++) {
      const p = probs[c] as number;
      if (p <= 0) continue;
      const e = total * p;
      const d = (row[c] as number) - e;
      x += (d * d) / e;
    }
  }
  x *= scale;
  return { name, statistic: x, df, n, pValue: n === 0 ? 1 : chiSquareSurvival(x, df) };
}

/**
 * Running sums for the correlation of consecutive values (x[i], x[i+1]) within sequences:
 * additive, so profiles of several periods or matches combine by adding fields.
 */
export interface PairSums {
  n: number;
  sa: number;
  sb: number;
  saa: number;
  sbb: number;
  sab: number;
}

export const emptyPairSums = (): PairSums => ({ n: 0, sa: 0, sb: 0, saa: 0, sbb: 0, sab: 0 });

export function addPair(s: PairSums, a: number, b: number): void {
  s.n++;
  s.sa += a;
  s.sb += b;
  s.saa += a * a;
  s.sbb += b * b;
  s.sab += a * b;
}

/**
 * Lag-1 serial correlation test: Pearson r of the pairs, tested with Fisher's z
 * (atanh(r)·√(n−3) ~ N(0, 1) when consecutive values are independent).
 */
export function serialCorrelation(name: string, s: PairSums): TestResult & { r: number } {
  if (s.n < 4) return { name, statistic: 0, n: s.n, pValue: 1, r: 0 };
  const cov = s.sab - (s.sa * s.sb) / s.n;
  const va = s.saa - (s.sa * s.sa) / s.n;
  const vb = s.sbb - (s.sb * s.sb) / s.n;
  if (va <= 0 || vb <= 0) return { name, statistic: 0, n: s.n, pValue: 1, r: 0 };
  const r = Math.max(-0.999999, Math.min(0.999999, cov / Math.sqrt(va * vb)));
  const z = Math.atanh(r) * Math.sqrt(s.n - 3);
  return { name, statistic: z, n: s.n, pValue: normalTwoSided(z), r };
}

/**
 * Runs test for a binary symbol with known probability p of "1": over `pairs` consecutive pairs,
 * the number of changes (each change starts a new run) is Binomial(pairs, 2p(1−p)) when the
 * symbols are independent. Too few runs means clustering, too many means alternation.
 */
export function runsTest(name: string, pairs: number, changes: number, p = 0.5): TestResult {
  const q = 2 * p * (1 - p);
  if (pairs === 0) return { name, statistic: 0, n: 0, pValue: 1 };
  const z = (changes - pairs * q) / Math.sqrt(pairs * q * (1 - q));
  return { name, statistic: z, n: pairs, pValue: normalTwoSided(z) };
}

/** Significance levels used in reports and alerts. */
export const PASS_LEVEL = 0.01;
export const ALERT_LEVEL = 0.001;
