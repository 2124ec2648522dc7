/** The fingerprinter's statistics against values from tables and closed forms. */
import { strict as assert } from "node:assert";
import {
  chiSquare,
  chiSquareSurvival,
  chiSquareTable,
  emptyPairSums,
  addPair,
  erfc,
  gammaP,
  gammaQ,
  lnGamma,
  normalTwoSided,
  runsTest,
  serialCorrelation,
} from "../../../../src/games/core/fairness/stats.js";
import { streamFor } from "../../../../src/games/core/rng.js";

const close = (actual: number, expected: number, rel: number, what: string): void => {
  // Relative tolerance, absolute near zero (lnΓ(1) = 0).
  assert.ok(Math.abs(actual - expected) <= rel * Math.max(Math.abs(expected), expected === 0 ? 1 : 1e-300), `${what}: ${actual} vs ${expected}`);
};

describe("fairness statistics", () => {
  it("lnGamma matches factorials and Γ(½) = √π", () => {
    let f = 1;
    for (let n = 1; n <= 20; n++) {
      close(lnGamma(n), Math.log(f), 1e-12, `lnΓ(${n})`);
      f *= n;
    }
    close(lnGamma(0.5), Math.log(Math.sqrt(Math.PI)), 1e-12, "lnΓ(½)");
    close(lnGamma(0.1), 2.252712651734206, 1e-12, "lnΓ(0.1)");
    close(lnGamma(100.5), 361.43554046777757, 1e-12, "lnΓ(100.5)");
    assert.throws(() => lnGamma(0), RangeError);
  });

  it("incomplete gamma: closed forms Q(1, x) = e^−x, P(½, x) = erf(√x), and P + Q = 1", () => {
    for (const x of [0.001, 0.5, 1, 2, 7.5, 30, 200]) {
      close(gammaQ(1, x), Math.exp(-x), 1e-12, `Q(1, ${x})`);
      for (const s of [0.5, 3, 40]) close(gammaP(s, x) + gammaQ(s, x), 1, 1e-13, `P+Q(${s}, ${x})`);
    }
    // Q(n, x) = e^−x Σ_{k<n} x^k / k! for integer n.
    for (const [n, x] of [[5, 3], [10, 12], [50, 40], [3, 0.2]] as const) {
      let term = 1;
      let sum = 1;
      for (let k = 1; k < n; k++) {
        term *= x / k;
        sum += term;
      }
      close(gammaQ(n, x), Math.exp(-x) * sum, 1e-11, `Q(${n}, ${x})`);
    }
    close(erfc(1), 0.15729920705028513, 1e-12, "erfc(1)");
    close(erfc(-1), 1.8427007929497148, 1e-12, "erfc(−1)");
    close(erfc(5), 1.5374597944280349e-12, 1e-9, "erfc(5)");
    assert.equal(gammaP(2, 0), 0);
    assert.equal(gammaQ(2, 0), 1);
    assert.throws(() => gammaQ(-1, 1), RangeError);
  });

  it("χ² upper tail matches the critical values of the tables", () => {
    // [x, df, p]: critical values from SciPy's chi2.isf (the printed tables round them).
    const table: [number, number, number][] = [
      [3.8414588206941285, 1, 0.05],
      [6.634896601021217, 1, 0.01],
      [10.827566170662733, 1, 0.001],
      [23.20925115895436, 10, 0.01],
      [45.31474661812587, 20, 0.001],
      [135.80672317102676, 100, 0.01],
      [124.34211340400408, 100, 0.05],
      [198.87423232218188, 155, 0.01],
      [1102.1957347916564, 961, 0.001],
      [1074.679448803441, 1000, 0.05],
      [1106.9689943522174, 1000, 0.01],
    ];
    for (const [x, df, p] of table) close(chiSquareSurvival(x, df), p, 1e-9, `χ²(${df}) > ${x}`);
    close(chiSquareSurvival(4, 4), 0.40600584970983811, 1e-12, "χ²(4) > 4");
    assert.equal(chiSquareSurvival(0, 3), 1);
  });

  it("normal two-sided p-values", () => {
    close(normalTwoSided(1.959963984540054), 0.05, 1e-10, "z 1.96");
    close(normalTwoSided(-2.5758293035489), 0.01, 1e-10, "z −2.58");
    close(normalTwoSided(0), 1, 1e-15, "z 0");
  });

  it("χ² goodness of fit: a fair sample passes, a loaded one fails", () => {
    const rng = streamFor("chi", "fair");
    const fair = new Array<number>(6).fill(0);
    const loaded = new Array<number>(6).fill(0);
    for (let i = 0; i < 60_000; i++) {
      fair[rng.int(6)]!++;
      loaded[rng.int(100) < 20 ? 5 : rng.int(6)]!++;
    }
    const p = new Array<number>(6).fill(1 / 6);
    assert.ok(chiSquare("fair", fair, p).pValue > 0.01);
    assert.ok(chiSquare("loaded", loaded, p).pValue < 1e-12);
    const t = chiSquareTable("t", [fair, loaded], [p, p], 10);
    assert.equal(t.df, 10);
    assert.equal(t.n, 120_000);
    assert.ok(t.pValue < 1e-12);
  });

  it("serial correlation: independent values pass, a lag-1 dependence is found", () => {
    const rng = streamFor("serial", "x");
    const indep = emptyPairSums();
    const dep = emptyPairSums();
    let prev = rng.int(100);
    let prevDep = prev;
    for (let i = 0; i < 50_000; i++) {
      const x = rng.int(100);
      addPair(indep, prev, x);
      const y = rng.int(10) === 0 ? prevDep : x;
      addPair(dep, prevDep, y);
      prev = x;
      prevDep = y;
    }
    assert.ok(serialCorrelation("indep", indep).pValue > 0.01);
    const d = serialCorrelation("dep", dep);
    assert.ok(d.r > 0.05 && d.pValue < 1e-10, `r=${d.r} p=${d.pValue}`);
  });

  it("runs test: alternation and clustering are both flagged", () => {
    assert.ok(runsTest("fair", 10_000, 5_030).pValue > 0.01);
    assert.ok(runsTest("alternating", 10_000, 5_400).pValue < 1e-10);
    assert.ok(runsTest("clustered", 10_000, 4_600).pValue < 1e-10);
    assert.equal(runsTest("empty", 0, 0).pValue, 1);
  });
});
