import { addPair, chiSquareTable, emptyPairSums, runsTest, serialCorrelation, type PairSums, type TestResult } from "./stats.js";

/**
 * A game's RNG fingerprint: its random outcomes mapped to symbols and counted in additive
 * accumulators, so the profile of a period is the sum of its matches' (or days') accumulators
 * and the tests are computed from the sums. Plain JSON, stored as is.
 */
export interface Fingerprint {
  /** Random events observed (deals, rolls). */
  observations: number;
  /** Contingency tables: rows × symbols, counts. */
  tables: Record<string, number[][]>;
  /** Consecutive-pair sums of numeric outcomes (serial correlation). */
  pairs: Record<string, PairSums>;
  /** Binary symbols in sequence: consecutive pairs seen and how many of them changed. */
  runs: Record<string, { pairs: number; changes: number }>;
}

/** How a game's tables are tested: the expected distribution per row and the degrees of freedom. */
export interface TableSpec {
  name: string;
  description: string;
  rows: number;
  symbols: number;
  rowProbabilities: (row: number) => readonly number[];
  /** Degrees of freedom, which depend on which margins the dealing fixes. */
  df: number;
  /** Factor applied to Pearson's X² (see chiSquareTable); 1 unless rows are permutations. */
  scale?: number;
}

export interface FingerprintSpec {
  game: string;
  tables: readonly TableSpec[];
  serial: readonly { name: string; description: string }[];
  runs: readonly { name: string; description: string; p: number }[];
}

export function emptyFingerprint(spec: FingerprintSpec): Fingerprint {
  const fp: Fingerprint = { observations: 0, tables: {}, pairs: {}, runs: {} };
  for (const t of spec.tables) fp.tables[t.name] = Array.from({ length: t.rows }, () => new Array<number>(t.symbols).fill(0));
  for (const s of spec.serial) fp.pairs[s.name] = emptyPairSums();
  for (const r of spec.runs) fp.runs[r.name] = { pairs: 0, changes: 0 };
  return fp;
}

/** Adds `b` into `a` (same spec). Tables missing from `a` are copied. */
export function mergeInto(a: Fingerprint, b: Fingerprint): Fingerprint {
  a.observations += b.observations;
  for (const [name, table] of Object.entries(b.tables)) {
    const target = a.tables[name];
    if (!target) {
      a.tables[name] = table.map((row) => row.slice());
      continue;
    }
    table.forEach((row, r) => row.forEach((v, c) => ((target[r] as number[])[c] = ((target[r] as number[])[c] ?? 0) + v)));
  }
  for (const [name, s] of Object.entries(b.pairs)) {
    const t = (a.pairs[name] ??= emptyPairSums());
    t.n += s.n;
    t.sa += s.sa;
    t.sb += s.sb;
    t.saa += s.saa;
    t.sbb += s.sbb;
    t.sab += s.sab;
  }
  for (const [name, r] of Object.entries(b.runs)) {
    const t = (a.runs[name] ??= { pairs: 0, changes: 0 });
    t.pairs += r.pairs;
    t.changes += r.changes;
  }
  return a;
}

/** Records one consecutive pair (previous, next) of a numeric outcome of one sequence (a match). */
export function recordSequence(fp: Fingerprint, serial: string, prev: number, next: number): void {
  addPair((fp.pairs[serial] ??= emptyPairSums()), prev, next);
}

/** Records one consecutive pair of a binary symbol: a change starts a new run. */
export function recordRun(fp: Fingerprint, name: string, prev: boolean, next: boolean): void {
  const r = (fp.runs[name] ??= { pairs: 0, changes: 0 });
  r.pairs++;
  if (prev !== next) r.changes++;
}

export interface TestLine extends TestResult {
  description: string;
  /** p ≥ 0.01: consistent with a fair RNG at 99 % confidence. */
  pass: boolean;
  /**
   * Whether the sample is big enough for the approximation behind the p-value (every expected
   * count ≥ 5 for χ², ≥ 30 pairs for the normal approximations). Small samples are reported but
   * never alert.
   */
  enoughData: boolean;
}

const MIN_EXPECTED = 5;
const MIN_PAIRS = 30;

/** Every test of the spec that has data in `fp`, with its p-value. */
export function evaluate(spec: FingerprintSpec, fp: Fingerprint, passLevel = 0.01): TestLine[] {
  const out: TestLine[] = [];
  const line = (t: TestResult, description: string, enoughData: boolean): void => {
    out.push({ ...t, description, pass: t.pValue >= passLevel, enoughData });
  };
  for (const t of spec.tables) {
    const table = fp.tables[t.name];
    if (!table) continue;
    const probs = Array.from({ length: t.rows }, (_, r) => t.rowProbabilities(r));
    let minExpected = Infinity;
    table.forEach((row, r) => {
      const total = row.reduce((a, b) => a + b, 0);
      for (const p of probs[r] as readonly number[]) if (p > 0) minExpected = Math.min(minExpected, total * p);
    });
    line(chiSquareTable(t.name, table, probs, t.df, t.scale), t.description, minExpected >= MIN_EXPECTED);
  }
  for (const s of spec.serial) {
    const sums = fp.pairs[s.name];
    if (!sums) continue;
    const { r, ...t } = serialCorrelation(s.name, sums);
    line(t, `${s.description} (r = ${r.toFixed(5)})`, sums.n >= MIN_PAIRS);
  }
  for (const r of spec.runs) {
    const sums = fp.runs[r.name];
    if (!sums) continue;
    line(runsTest(r.name, sums.pairs, sums.changes, r.p), r.description, sums.pairs >= MIN_PAIRS);
  }
  return out;
}

/** The smallest p-value of the tests whose sample is big enough (1 when there are none). */
export function minPValue(tests: readonly TestLine[]): { pValue: number; test: string | null } {
  let best: { pValue: number; test: string | null } = { pValue: 1, test: null };
  for (const t of tests) if (t.enoughData && t.pValue < best.pValue) best = { pValue: t.pValue, test: t.name };
  return best;
}
