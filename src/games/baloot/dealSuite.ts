/**
 * The statistical deal suite (`npm run fairness`): deals many Baloot hands through the real dealing
 * code (dealForHand, the deck startHand uses) and fingerprints them. Deals are grouped into
 * matches of HANDS_PER_MATCH consecutive hands of one seed, as in play, so serial tests look at
 * consecutive hands of a match. Every CROSS_CHECK_EVERY-th match is also set up by the engine and
 * its logged opening deal must give the same symbols, so the suite cannot drift from the engine.
 */
import { evaluate, type Fingerprint, type TestLine } from "../core/fairness/fingerprint.js";
import { dealForHand } from "./deal.js";
import { BALOOT_SUITE_SPEC, emptyBalootFingerprint, recordDeal, symbolsFromDeck, symbolsFromLog, type DealSymbols } from "./fingerprint.js";
import { baloot, initialEvents } from "./index.js";
import { SAUDI_DEFAULT } from "./profile.js";

export const HANDS_PER_MATCH = 16;
const CROSS_CHECK_EVERY = 64;

/** The deck order (top first) of hand `hand` (1-based) of a match with `seed`. */
export type Dealer = (seed: string, hand: number) => number[];

export interface SuiteOptions {
  deals: number;
  seed: string;
  /** Defaults to the real dealForHand; tests inject a biased one. */
  dealer?: Dealer;
}

export interface SuiteResult {
  deals: number;
  seed: string;
  fingerprint: Fingerprint;
  tests: TestLine[];
  passed: boolean;
}

export function runDealSuite(options: SuiteOptions): SuiteResult {
  const { deals, seed } = options;
  if (!Number.isInteger(deals) || deals < 1) throw new RangeError(`deals must be a positive integer, got ${deals}`);
  const dealer = options.dealer ?? dealForHand;
  const packets = SAUDI_DEFAULT.deal.firstPackets;
  const fp = emptyBalootFingerprint(true);
  // Two alternating buffers: the current deal and the one before it.
  let current: DealSymbols = { cat: new Uint8Array(32), faceUp: -1 };
  let previous: DealSymbols = { cat: new Uint8Array(32), faceUp: -1 };
  for (let i = 0; i < deals; i++) {
    const match = Math.floor(i / HANDS_PER_MATCH);
    const hand = (i % HANDS_PER_MATCH) + 1;
    const matchSeed = `${seed}:${match}`;
    const deck = dealer(matchSeed, hand);
    symbolsFromDeck(deck, packets, current);
    if (hand === 1 && match % CROSS_CHECK_EVERY === 0 && !options.dealer) crossCheck(matchSeed, current);
    recordDeal(fp, current, hand === 1 ? undefined : previous, deck);
    [previous, current] = [current, previous];
  }
  const tests = evaluate(BALOOT_SUITE_SPEC, fp);
  return { deals, seed, fingerprint: fp, tests, passed: tests.every((t) => t.pass) };
}

/** The engine's own first deal of `seed` (as logged) must map to the same symbols. */
function crossCheck(seed: string, expected: DealSymbols): void {
  const state = baloot.setup({ seed, seats: 4, options: {} });
  const events = initialEvents(state) as { type: string; to?: number; cards?: string[]; card?: string }[];
  const dealt: string[][] = [[], [], [], []];
  for (const e of events) if (e.type === "dealt") dealt[e.to as number] = e.cards as string[];
  const faceUp = events.find((e) => e.type === "faceUp")?.card as string;
  const got = symbolsFromLog({ dealer: state.dealer, dealt, faceUp });
  if (got.faceUp !== expected.faceUp || got.cat.some((v, c) => v !== expected.cat[c])) {
    throw new Error(`deal suite: the engine dealt seed ${seed} differently from dealForHand`);
  }
}

/** The report the script prints: one line per test, then the verdict. */
export function formatSuite(r: SuiteResult, ms: number): string {
  const lines = [`Baloot deal suite: ${r.deals.toLocaleString("en-US")} deals from seed "${r.seed}" in ${(ms / 1000).toFixed(1)} s`, ""];
  const w = Math.max(...r.tests.map((t) => t.name.length));
  for (const t of r.tests) {
    const stat = t.df !== undefined ? `χ² = ${t.statistic.toFixed(1)} (df ${t.df})` : `z = ${t.statistic.toFixed(3)}`;
    lines.push(`${t.pass ? "PASS" : "FAIL"}  ${t.name.padEnd(w)}  ${stat.padEnd(26)} p = ${t.pValue.toFixed(4)}  ${t.description}`);
  }
  lines.push("", r.passed ? "All tests pass at 99 % confidence (p ≥ 0.01)." : "Some tests FAIL at 99 % confidence (p < 0.01).");
  return lines.join("\n");
}
