/**
 * Validation of rule profiles (§14): every key and value of a profile override (or of a full
 * profile object) is checked against the allowed values below; anything unknown is refused with
 * IllegalAction("BAD_OPTIONS") naming the key and the allowed values. Deprecated spellings are
 * accepted and rewritten to the §14 spelling (README: "Profiles").
 */
import { IllegalAction } from "../core/IllegalAction.js";

type Spec =
  | { t: "enum"; values: readonly string[]; aliases?: Readonly<Record<string, string>> }
  | { t: "bool" }
  | { t: "int"; min: number; max: number }
  | { t: "name" }
  | { t: "set"; values: readonly string[] }
  | { t: "packets" }
  | { t: "group"; fields: Readonly<Record<string, Spec>> };

const bool: Spec = { t: "bool" };
const oneOf = (values: readonly string[], aliases?: Readonly<Record<string, string>>): Spec => ({ t: "enum", values, aliases });
const CLOSED_CHOICES = ["DOUBLER_CHOICE", "OPEN", "CLOSED", "RAISER_CHOICE", "BUYER_CHOICE"] as const;
const multiplier: Spec = { t: "int", min: 1, max: 4 };

/** Every profile key with its allowed values; the README's profile table is written from this. */
export const PROFILE_SPEC: Readonly<Record<string, Spec>> = {
  name: { t: "name" },
  direction: oneOf(["CCW"]),
  targetScore: { t: "int", min: 1, max: 10000 },
  bothCrossPolicy: oneOf(["HIGHER_TOTAL_ELSE_EXTRA_HAND"]),
  deal: {
    t: "group",
    fields: { firstPackets: { t: "packets" }, buyerCompletion: { t: "int", min: 2, max: 2 }, othersCompletion: { t: "int", min: 3, max: 3 } },
  },
  allPass: oneOf(["CANCEL_AND_ROTATE_DEALER", "CANCEL_SAME_DEALER"]),
  kawesh: oneOf(["OFF", "SAK_5_CARDS_ROTATE", "TAZ"]),
  bidding: {
    t: "group",
    fields: {
      hokumFinalChoice: bool,
      beforeYou: oneOf(["OPPONENTS_WHO_PASSED", "UNPASSED_HIGHER_PRIORITY", "NONE"]),
      ashkalSeats: { t: "set", values: ["DEALER", "DEALER_LEFT"] },
      ashkalOnOwnTurn: bool,
      ashkalOverOpponentHokum: bool,
      ashkalBlockedAfterWala: bool,
      ashkalForbiddenOnAceFaceUp: bool,
      aceFaceUpSunOnlyDealerRight: bool,
    },
  },
  doubling: {
    t: "group",
    fields: {
      sunEligibility: oneOf(["DOUBLER_LE_100_AND_BUYER_GT_100", "BUYER_GE_100_AND_DOUBLER_LT_100"]),
      raisers: oneOf(["BUYER_AND_DOUBLER", "TEAMS"]),
      closed: {
        t: "group",
        fields: { DOUBLE: oneOf(CLOSED_CHOICES), TRIPLE: oneOf(CLOSED_CHOICES), FOUR: oneOf(CLOSED_CHOICES), GAHWA: oneOf(CLOSED_CHOICES) },
      },
      tieLoser: oneOf(["LAST_RAISER", "INITIAL_DOUBLER"]),
      projectMultiplier: { t: "group", fields: { 2: multiplier, 3: multiplier, 4: multiplier } },
      kabootMultiplied: bool,
    },
  },
  play: {
    t: "group",
    fields: {
      partnerExemption: oneOf(["SAUDI_STRICT", "ANY"]),
      undertrump: oneOf(["FREE", "MUST"]),
      trumpLedBeatPartner: bool,
      illegalCard: oneOf(["REJECT", "QAID"]),
    },
  },
  projects: {
    t: "group",
    fields: {
      fourJacksInSun: bool,
      oneCardOneProject: bool,
      maxPerPlayer: { t: "int", min: 0, max: 4 },
      tieBreak: oneOf(["SPEAKING_ORDER_FROM_DEALER_RIGHT"]),
      balootAnnounce: oneOf(["SECOND_CARD", "FIRST_CARD"]),
      balootInsideSequenceHundred: oneOf(["COUNTS", "ABSORBED"]),
    },
  },
  scoring: {
    t: "group",
    fields: {
      sunConversion: oneOf(["FIVE_COUNTS_ONE", "FIVE_ROUNDS_UP"]),
      // §14 spells the Hokum-only variant "BUYER_LOSES"; "HOKUM_BUYER_LOSES" is the deprecated engine spelling.
      tie: oneOf(["SPLIT", "BUYER_LOSES"], { HOKUM_BUYER_LOSES: "BUYER_LOSES" }),
      balootCountsForContract: bool,
      failedBuyerProjects: oneOf(["TRANSFER", "FORFEIT"]),
      balootOnFailure: oneOf(["OWNER_KEEPS", "TRANSFER", "VOID"]),
      kabootProjects: oneOf(["OWN", "ALL_TO_KABOOT_TEAM", "NONE"]),
      reverseKaboot: bool,
    },
  },
};

function bad(key: string, message: string): never {
  throw new IllegalAction("BAD_OPTIONS", `profile key "${key}": ${message}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Human-readable allowed values of one spec (used in error messages and the README). */
export function allowedValues(spec: Spec): string {
  switch (spec.t) {
    case "enum":
      return spec.values.map((v) => JSON.stringify(v)).join(" | ") + (spec.aliases ? ` (deprecated: ${Object.keys(spec.aliases).map((a) => JSON.stringify(a)).join(", ")})` : "");
    case "bool":
      return "true | false";
    case "int":
      return spec.min === spec.max ? String(spec.min) : `an integer ${spec.min}..${spec.max}`;
    case "name":
      return "a non-empty string";
    case "set":
      return `a list of distinct values from ${spec.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "packets":
      return "two positive integers summing to 5, e.g. [3, 2]";
    case "group":
      return `an object with keys ${Object.keys(spec.fields).join(", ")}`;
  }
}

/** Checks one value; returns it with deprecated spellings rewritten. */
function checkValue(key: string, spec: Spec, value: unknown, complete: boolean): unknown {
  const refuse = (): never => bad(key, `${JSON.stringify(value) ?? "undefined"} is not allowed; allowed: ${allowedValues(spec)}`);
  switch (spec.t) {
    case "enum": {
      if (typeof value !== "string") return refuse();
      if (spec.values.includes(value)) return value;
      const alias = spec.aliases?.[value];
      return alias ?? refuse();
    }
    case "bool":
      return typeof value === "boolean" ? value : refuse();
    case "int":
      return Number.isInteger(value) && (value as number) >= spec.min && (value as number) <= spec.max ? value : refuse();
    case "name":
      return typeof value === "string" && value.length > 0 && value.length <= 64 ? value : refuse();
    case "set": {
      if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || !spec.values.includes(v)) || new Set(value).size !== value.length) return refuse();
      return value.slice();
    }
    case "packets": {
      const ok = Array.isArray(value) && value.length === 2 && value.every((v) => Number.isInteger(v) && (v as number) > 0) && (value[0] as number) + (value[1] as number) === 5;
      return ok ? [value[0], value[1]] : refuse();
    }
    case "group":
      if (!isObject(value)) return refuse();
      return checkGroup(key, spec.fields, value, complete);
  }
}

function checkGroup(prefix: string, fields: Readonly<Record<string, Spec>>, value: Record<string, unknown>, complete: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const path = (k: string): string => (prefix ? `${prefix}.${k}` : k);
  for (const [k, v] of Object.entries(value)) {
    const spec = fields[k];
    if (!spec) bad(path(k), `unknown key; allowed keys${prefix ? ` in ${prefix}` : ""}: ${Object.keys(fields).join(", ")}`);
    out[k] = checkValue(path(k), spec, v, complete);
  }
  if (complete) for (const k of Object.keys(fields)) if (!(k in value)) bad(path(k), `missing; allowed: ${allowedValues(fields[k]!)}`);
  return out;
}

/**
 * Validates profile overrides (any subset of keys, groups partial) and returns a copy with
 * deprecated spellings rewritten. Throws BAD_OPTIONS naming the key and the allowed values.
 */
export function checkOverrides(overrides: unknown): Record<string, unknown> {
  if (!isObject(overrides)) throw new IllegalAction("BAD_OPTIONS", "overrides must be an object of profile keys");
  return checkGroup("", PROFILE_SPEC, overrides, false);
}

/** Validates a complete profile object (every key present). */
export function checkFullProfile(profile: unknown): Record<string, unknown> {
  if (!isObject(profile)) throw new IllegalAction("BAD_OPTIONS", "profile must be a preset name or a complete profile object");
  return checkGroup("", PROFILE_SPEC, profile, true);
}

export type { Spec as ProfileValueSpec };
