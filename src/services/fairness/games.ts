import { baloot } from "../../games/baloot/index.js";
import {
  BALOOT_SPEC,
  LUCK_MEAN,
  LUCK_VARIANCE,
  dealsFromEvents,
  emptyBalootFingerprint,
  firstDealPoints,
  recordDeal,
  symbolsFromLog,
  type DealSymbols,
} from "../../games/baloot/fingerprint.js";
import type { Fingerprint, FingerprintSpec } from "../../games/core/fairness/fingerprint.js";

/** What the fingerprinter needs from a game: its spec, its rule version, and how to fold a match's log. */
export interface GameFingerprinter {
  spec: FingerprintSpec;
  /** Profiles are kept per rule version: deals under different rules are not mixed. */
  ruleVersion(options: unknown): string;
  /** The match's fingerprint and, per seat, its luck samples. */
  foldMatch(events: readonly unknown[]): { fingerprint: Fingerprint; seats: LuckSums[] };
  luck: { measure: string; mean: number; variance: number };
}

export interface LuckSums {
  hands: number;
  sum: number;
  sumSq: number;
}

const balootFingerprinter: GameFingerprinter = {
  spec: BALOOT_SPEC,
  ruleVersion(options) {
    try {
      const profile = baloot.setup({ seed: "rule-version", seats: 4, options: (options ?? {}) as never }).profile;
      return `${profile.name}/${profile.deal.firstPackets.join("+")}`;
    } catch {
      return "unknown";
    }
  },
  foldMatch(events) {
    const fingerprint = emptyBalootFingerprint();
    const seats: LuckSums[] = [0, 1, 2, 3].map(() => ({ hands: 0, sum: 0, sumSq: 0 }));
    let previous: DealSymbols | undefined;
    for (const deal of dealsFromEvents(events)) {
      const s = symbolsFromLog(deal);
      recordDeal(fingerprint, s, previous);
      previous = s;
      for (let seat = 0; seat < 4; seat++) {
        const p = firstDealPoints(s, (seat - deal.dealer) & 3);
        const l = seats[seat] as LuckSums;
        l.hands++;
        l.sum += p;
        l.sumSq += p * p;
      }
    }
    return { fingerprint, seats };
  },
  luck: {
    measure: "plain (Sun) card points of the five first-deal cards: A 11, 10 10, K 4, Q 3, J 2 (bidding cannot change them)",
    mean: LUCK_MEAN,
    variance: LUCK_VARIANCE,
  },
};

const FINGERPRINTERS: Record<string, GameFingerprinter> = { baloot: balootFingerprinter };

export const fingerprintedGames = (): string[] => Object.keys(FINGERPRINTERS);

export function fingerprinterFor(game: string): GameFingerprinter | undefined {
  return Object.hasOwn(FINGERPRINTERS, game) ? FINGERPRINTERS[game] : undefined;
}
