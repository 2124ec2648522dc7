/**
 * Rule variants of Saudi Baloot, named as in §14 of shared/BALOOT_RULES.md.
 * Every flag is a working switch in the engine; SAUDI_DEFAULT follows the federation regulation.
 */

export type BothCrossPolicy = "HIGHER_TOTAL_ELSE_EXTRA_HAND";
export type AllPassPolicy = "CANCEL_AND_ROTATE_DEALER" | "CANCEL_SAME_DEALER";
export type KaweshPolicy = "OFF" | "SAK_5_CARDS_ROTATE" | "TAZ";
export type BeforeYouPolicy = "OPPONENTS_WHO_PASSED" | "UNPASSED_HIGHER_PRIORITY" | "NONE";
export type AshkalSeat = "DEALER" | "DEALER_LEFT";
export type SunDoubleEligibility = "DOUBLER_LE_100_AND_BUYER_GT_100" | "BUYER_GE_100_AND_DOUBLER_LT_100";
export type RaisersPolicy = "BUYER_AND_DOUBLER" | "TEAMS";
export type ClosedChoice = "DOUBLER_CHOICE" | "OPEN" | "CLOSED" | "RAISER_CHOICE" | "BUYER_CHOICE";
export type TieLoser = "LAST_RAISER" | "INITIAL_DOUBLER";
export type PartnerExemption = "SAUDI_STRICT" | "ANY";
export type UndertrumpPolicy = "FREE" | "MUST";
export type IllegalCardPolicy = "REJECT" | "QAID";
export type ProjectTieBreak = "SPEAKING_ORDER_FROM_DEALER_RIGHT";
export type BalootAnnounce = "SECOND_CARD" | "FIRST_CARD";
export type BalootInsideSequenceHundred = "COUNTS" | "ABSORBED";
export type SunConversion = "FIVE_COUNTS_ONE" | "FIVE_ROUNDS_UP";
/** §14: "BUYER_LOSES" applies to Hokum only (an exact Sun tie always splits). */
export type TiePolicy = "SPLIT" | "BUYER_LOSES";
export type FailedBuyerProjects = "TRANSFER" | "FORFEIT";
export type BalootOnFailure = "OWNER_KEEPS" | "TRANSFER" | "VOID";
export type KabootProjects = "OWN" | "ALL_TO_KABOOT_TEAM" | "NONE";

export interface RuleProfile {
  name: string;
  direction: "CCW";
  targetScore: number;
  bothCrossPolicy: BothCrossPolicy;
  deal: { firstPackets: readonly [number, number]; buyerCompletion: number; othersCompletion: number };
  allPass: AllPassPolicy;
  kawesh: KaweshPolicy;
  bidding: {
    hokumFinalChoice: boolean;
    beforeYou: BeforeYouPolicy;
    ashkalSeats: readonly AshkalSeat[];
    ashkalOnOwnTurn: boolean;
    ashkalOverOpponentHokum: boolean;
    ashkalBlockedAfterWala: boolean;
    ashkalForbiddenOnAceFaceUp: boolean;
    aceFaceUpSunOnlyDealerRight: boolean;
  };
  doubling: {
    sunEligibility: SunDoubleEligibility;
    raisers: RaisersPolicy;
    closed: { DOUBLE: ClosedChoice; TRIPLE: ClosedChoice; FOUR: ClosedChoice; GAHWA: ClosedChoice };
    tieLoser: TieLoser;
    projectMultiplier: { 2: number; 3: number; 4: number };
    kabootMultiplied: boolean;
  };
  play: {
    partnerExemption: PartnerExemption;
    undertrump: UndertrumpPolicy;
    trumpLedBeatPartner: boolean;
    illegalCard: IllegalCardPolicy;
  };
  projects: {
    fourJacksInSun: boolean;
    oneCardOneProject: boolean;
    /** 0 = no cap. */
    maxPerPlayer: number;
    tieBreak: ProjectTieBreak;
    balootAnnounce: BalootAnnounce;
    balootInsideSequenceHundred: BalootInsideSequenceHundred;
  };
  scoring: {
    sunConversion: SunConversion;
    tie: TiePolicy;
    balootCountsForContract: boolean;
    failedBuyerProjects: FailedBuyerProjects;
    balootOnFailure: BalootOnFailure;
    kabootProjects: KabootProjects;
    reverseKaboot: boolean;
  };
}

export const SAUDI_DEFAULT: RuleProfile = Object.freeze({
  name: "SAUDI_DEFAULT",
  direction: "CCW",
  targetScore: 152,
  bothCrossPolicy: "HIGHER_TOTAL_ELSE_EXTRA_HAND",
  deal: { firstPackets: [3, 2], buyerCompletion: 2, othersCompletion: 3 },
  allPass: "CANCEL_AND_ROTATE_DEALER",
  kawesh: "OFF",
  bidding: {
    hokumFinalChoice: true,
    beforeYou: "OPPONENTS_WHO_PASSED",
    ashkalSeats: ["DEALER", "DEALER_LEFT"],
    ashkalOnOwnTurn: true,
    ashkalOverOpponentHokum: true,
    ashkalBlockedAfterWala: true,
    ashkalForbiddenOnAceFaceUp: false,
    aceFaceUpSunOnlyDealerRight: true,
  },
  doubling: {
    sunEligibility: "DOUBLER_LE_100_AND_BUYER_GT_100",
    raisers: "BUYER_AND_DOUBLER",
    closed: { DOUBLE: "DOUBLER_CHOICE", TRIPLE: "OPEN", FOUR: "DOUBLER_CHOICE", GAHWA: "OPEN" },
    tieLoser: "LAST_RAISER",
    projectMultiplier: { 2: 2, 3: 1, 4: 1 },
    kabootMultiplied: false,
  },
  play: {
    partnerExemption: "SAUDI_STRICT",
    undertrump: "FREE",
    trumpLedBeatPartner: false,
    illegalCard: "REJECT",
  },
  projects: {
    fourJacksInSun: true,
    oneCardOneProject: true,
    maxPerPlayer: 2,
    tieBreak: "SPEAKING_ORDER_FROM_DEALER_RIGHT",
    balootAnnounce: "SECOND_CARD",
    balootInsideSequenceHundred: "COUNTS",
  },
  scoring: {
    sunConversion: "FIVE_COUNTS_ONE",
    tie: "SPLIT",
    balootCountsForContract: true,
    failedBuyerProjects: "TRANSFER",
    balootOnFailure: "OWNER_KEEPS",
    kabootProjects: "OWN",
    reverseKaboot: false,
  },
} as const satisfies RuleProfile);

/** Behaviour inferred from archived Kammelna games (KAM), per §14. */
export const KAMMELNA_LIKE: RuleProfile = Object.freeze({
  ...SAUDI_DEFAULT,
  name: "KAMMELNA_LIKE",
  doubling: { ...SAUDI_DEFAULT.doubling, projectMultiplier: { 2: 2, 3: 3, 4: 4 }, tieLoser: "INITIAL_DOUBLER" },
  play: { ...SAUDI_DEFAULT.play, illegalCard: "QAID" },
  scoring: {
    ...SAUDI_DEFAULT.scoring,
    tie: "BUYER_LOSES",
    balootCountsForContract: false,
    balootOnFailure: "TRANSFER",
    kabootProjects: "ALL_TO_KABOOT_TEAM",
  },
} satisfies RuleProfile);

export const PROFILES: Readonly<Record<string, RuleProfile>> = Object.freeze({
  SAUDI_DEFAULT,
  KAMMELNA_LIKE,
});

/** A profile with some flags overridden (deep merge of the nested groups). */
export type ProfileOverrides = {
  [K in keyof RuleProfile]?: RuleProfile[K] extends readonly unknown[] ? RuleProfile[K] : RuleProfile[K] extends object ? DeepPartial<RuleProfile[K]> : RuleProfile[K];
};
type DeepPartial<T> = { [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K] };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = base[key];
    out[key] = isPlainObject(value) && isPlainObject(current) ? deepMerge(current, value) : value;
  }
  return out;
}

/** `base` with `overrides` merged in at every depth (lists such as ashkalSeats are replaced). Validate first (profileCheck.ts). */
export function withOverrides(base: RuleProfile, overrides: ProfileOverrides): RuleProfile {
  return deepMerge(base as unknown as Record<string, unknown>, overrides as Record<string, unknown>) as unknown as RuleProfile;
}
