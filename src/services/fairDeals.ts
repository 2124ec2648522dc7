import { dealingSeed, sha256Hex, verifyChain, type ChainCheck } from "../games/core/fairness/commitReveal.js";
import { verifyDeals, type StoredEntry, type VerifyReport } from "./replay.js";

/**
 * The whole fairness check of one finished match (docs/FAIRNESS.md "Provably fair deals"):
 * commitment, dealing-seed derivation, every deal, and the hash chain. Pure; shared by
 * `GET /matches/:id/verify` and the standalone verifier (`npm run verify`).
 */

export interface FairnessInput {
  game: string;
  options: unknown;
  /** The engine's seed as stored (the dealing seed, or the only seed of a match stored before commit–reveal). */
  seed: string;
  /** Revealed server seed; null for matches stored before commit–reveal (0008). */
  serverSeed: string | null;
  seedCommitment: string | null;
  clientSeeds: string[] | null;
  /** How many entries the match logged (the chain alone cannot see a deleted last entry); null: unknown. */
  eventCount: number | null;
  entries: readonly (StoredEntry & { hash?: string | null })[];
}

export interface FairnessReport extends VerifyReport {
  /** "commit-reveal" (this scheme) or "seed-only" (older matches: deals checked from the stored seed alone). */
  scheme: "commit-reveal" | "seed-only";
  /** SHA-256(serverSeed) equals the commitment published before the first deal. */
  commitmentOk: boolean | null;
  /** HMAC-SHA-256(serverSeed, clientSeeds) equals the seed the engine dealt from. */
  derivationOk: boolean | null;
  dealingSeed: string;
  chain: ChainCheck & { checked: boolean; entries: number };
}

export function verifyFairness(input: FairnessInput): FairnessReport {
  const commitReveal = input.serverSeed !== null && input.seedCommitment !== null && input.clientSeeds !== null;
  let commitmentOk: boolean | null = null;
  let derivationOk: boolean | null = null;
  let seed = input.seed;
  let chain: FairnessReport["chain"] = { ok: true, brokenAt: null, reason: null, checked: false, entries: input.entries.length };
  if (commitReveal) {
    commitmentOk = sha256Hex(input.serverSeed as string) === input.seedCommitment;
    seed = dealingSeed(input.serverSeed as string, input.clientSeeds as string[]);
    derivationOk = seed === input.seed;
    chain = { ...verifyChain(input.seedCommitment as string, input.entries), checked: true, entries: input.entries.length };
  }
  if (chain.ok && input.eventCount !== null && input.entries.length !== input.eventCount) {
    chain = { ...chain, ok: false, brokenAt: input.entries.length + 1, reason: `the match logged ${input.eventCount} entries, ${input.entries.length} are present (entries deleted)` };
  }
  // Deals are re-dealt from the derived seed: what the documented function gives, not what was stored.
  const deals = verifyDeals(input.game, seed, input.options, input.entries);
  const ok = deals.ok && commitmentOk !== false && derivationOk !== false && chain.ok;
  return { ...deals, ok, scheme: commitReveal ? "commit-reveal" : "seed-only", commitmentOk, derivationOk, dealingSeed: seed, chain };
}
