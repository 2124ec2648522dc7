/**
 * Standalone fairness verifier (issue 15 §1): `npm run verify -- replay.json`.
 *
 * Reads a replay document (`GET /matches/:id/replay`, saved to a file) and checks, offline, with
 * only the documented algorithm (src/games/core/fairness/commitReveal.ts) and the game engine:
 * SHA-256(serverSeed) = seedCommitment, HMAC-SHA-256(serverSeed, clientSeeds) = seed, every deal
 * re-dealt from it equals the dealt cards, and the entries' hash chain is unbroken.
 * Exit status 0: verified; 1: a check failed; 2: the document could not be read.
 */
import { readFileSync } from "node:fs";
import { verifyFairness } from "../src/services/fairDeals.js";
import type { StoredEntry } from "../src/services/replay.js";

interface ReplayDocument {
  game: string;
  options: unknown;
  seed: string;
  serverSeed?: string | null;
  seedCommitment?: string | null;
  clientSeeds?: string[] | null;
  eventCount?: number;
  entries: (StoredEntry & { hash?: string | null })[];
}

function read(path: string | undefined): ReplayDocument {
  if (!path) throw new Error("usage: npm run verify -- replay.json");
  const doc = JSON.parse(readFileSync(path, "utf8")) as Partial<ReplayDocument>;
  if (typeof doc.game !== "string" || typeof doc.seed !== "string" || !Array.isArray(doc.entries)) {
    throw new Error(`${path}: not a replay document (needs game, seed and entries)`);
  }
  return doc as ReplayDocument;
}

const mark = (ok: boolean | null): string => (ok === null ? "n/a " : ok ? "ok  " : "FAIL");

function main(): number {
  let doc: ReplayDocument;
  try {
    doc = read(process.argv[2]);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  const report = verifyFairness({
    game: doc.game,
    options: doc.options,
    seed: doc.seed,
    serverSeed: doc.serverSeed ?? null,
    seedCommitment: doc.seedCommitment ?? null,
    clientSeeds: doc.clientSeeds ?? null,
    eventCount: doc.eventCount ?? null,
    entries: doc.entries,
  });
  const out: string[] = [`scheme: ${report.scheme}`];
  out.push(`${mark(report.commitmentOk)} commitment  SHA-256(serverSeed) = ${doc.seedCommitment ?? "(none)"}`);
  out.push(`${mark(report.derivationOk)} derivation  HMAC-SHA-256(serverSeed, clientSeeds) = ${report.dealingSeed}`);
  out.push(`${mark(report.chain.checked ? report.chain.ok : report.chain.ok ? null : false)} hash chain  ${report.chain.entries} entries${report.chain.reason ? ` — ${report.chain.reason}` : ""}`);
  if (!report.supported) out.push(`FAIL deals       not verifiable for game "${doc.game}"`);
  for (const h of report.hands) out.push(`${mark(h.ok)} deal ${h.hand}      dealer ${h.dealer}${h.mismatches.length ? ` — ${h.mismatches.join(", ")}` : ""}`);
  out.push(report.ok ? "VERIFIED: the deals follow from the committed seed and the players' seeds" : "FAILED: see the lines marked FAIL");
  process.stdout.write(`${out.join("\n")}\n`);
  return report.ok ? 0 : 1;
}

process.exitCode = main();
