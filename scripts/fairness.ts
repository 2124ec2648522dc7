/**
 * npm run fairness [-- --deals N --seed S]: the statistical deal suite (docs/FAIRNESS.md).
 * Exits 1 when a test fails at 99 % confidence, 2 on bad arguments.
 */
import { parseArgs } from "node:util";
import { formatSuite, runDealSuite } from "../src/games/baloot/dealSuite.js";

function main(): number {
  let values: { deals?: string; seed?: string };
  try {
    ({ values } = parseArgs({ options: { deals: { type: "string" }, seed: { type: "string" } }, strict: true }));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\nusage: npm run fairness -- [--deals N] [--seed S]`);
    return 2;
  }
  const deals = values.deals === undefined ? 1_000_000 : Number(values.deals);
  if (!Number.isInteger(deals) || deals < 1 || deals > 100_000_000) {
    console.error(`--deals must be an integer in 1..100000000, got ${JSON.stringify(values.deals)}`);
    return 2;
  }
  const seed = values.seed ?? "diwan-fairness";
  if (seed.length === 0 || seed.length > 200) {
    console.error("--seed must be 1..200 characters");
    return 2;
  }
  const started = performance.now();
  const result = runDealSuite({ deals, seed });
  console.log(formatSuite(result, performance.now() - started));
  return result.passed ? 0 : 1;
}

process.exitCode = main();
