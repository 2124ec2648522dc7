/**
 * Actions: the public JSON union clients send, the compact internal `Move` the engine runs, and the
 * conversions between them. Parsing validates the JSON shape completely (MALFORMED_ACTION).
 */
import { IllegalAction } from "../core/IllegalAction.js";
import { parseCard, SUITS } from "./cards.js";
import { CARD_NAMES } from "./tables.js";
import type { BidName } from "./state.js";

export type SuitLetter = "S" | "H" | "D" | "C";

/** Public actions (see README.md). */
export type BalootAction =
  | { type: "bid"; bid: BidName; suit?: SuitLetter }
  | { type: "confirm"; choice: "HOKUM" | "SUN" }
  | { type: "double" | "triple" | "four" | "gahwa"; closed?: boolean }
  | { type: "skipDouble" }
  | { type: "setClosed"; closed: boolean }
  | { type: "declareProjects"; projects?: DeclaredProjectChoice[] }
  | { type: "play"; card: string; akka?: true; baloot?: true }
  | { type: "sawa" }
  | { type: "qaid" }
  | { type: "skipQaid" }
  | { type: "kawesh" };

/** One project a player chooses to declare: its cards (the kind follows from them, and may be given as a check). */
export interface DeclaredProjectChoice {
  cards: string[];
  kind?: "SIRA" | "FIFTY" | "HUNDRED" | "FOUR_HUNDRED";
}

/** Internal move: same meaning, cards as ints, raise levels as numbers (5 = Gahwa). */
export type Move =
  | { k: "bid"; bid: BidName; suit: number }
  | { k: "confirm"; sun: boolean }
  | { k: "raise"; level: number; closed: boolean | null }
  | { k: "skip" }
  | { k: "setClosed"; closed: boolean }
  /** `choice`: the card masks of the projects named (absent = declare the best combination). */
  | { k: "declare"; choice?: { cards: number; kind: string | null }[] }
  | { k: "play"; card: number; akka: boolean; baloot: boolean }
  | { k: "sawa" }
  | { k: "qaid" }
  | { k: "skipQaid" }
  | { k: "kawesh" };

const RAISE_LEVEL: Readonly<Record<string, number>> = { double: 2, triple: 3, four: 4, gahwa: 5 };
const RAISE_TYPE = ["", "", "double", "triple", "four", "gahwa"] as const;
const BIDS: readonly string[] = ["PASS", "SUN", "HOKUM", "ASHKAL", "BEFORE_YOU"];
const KINDS: readonly string[] = ["SIRA", "FIFTY", "HUNDRED", "FOUR_HUNDRED"];

function malformed(msg: string): never {
  throw new IllegalAction("MALFORMED_ACTION", msg);
}

/** Rejects own fields outside `allowed` (for...in over own keys: no key array is built on the hot path). */
function only(obj: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key in obj) if (Object.hasOwn(obj, key) && !allowed.includes(key)) malformed(`unexpected field "${key}"`);
}

// The allowed fields of each action shape (module constants: parseAction runs on every action).
const F_BID = ["type", "bid", "suit"];
const F_CHOICE = ["type", "choice"];
const F_CLOSED = ["type", "closed"];
const F_TYPE = ["type"];
const F_PROJECTS = ["type", "projects"];
const F_PROJECT = ["cards", "kind"];

function optTrue(v: unknown, key: string): boolean {
  if (v === undefined || v === false) return false;
  if (v === true) return true;
  return malformed(`"${key}" must be a boolean`);
}

/** The allowed fields of a play action, spelled out (a card is played on most actions). */
function onlyPlayFields(a: Record<string, unknown>): void {
  for (const key in a) if (key !== "type" && key !== "card" && key !== "akka" && key !== "baloot" && Object.hasOwn(a, key)) malformed(`unexpected field "${key}"`);
}

/**
 * The play moves, shared and frozen: index (card << 2) | (akka << 1) | baloot. A card is played on
 * most actions, and nothing keeps or changes a move, so parsing one allocates nothing.
 */
const PLAY_MOVES: readonly Move[] = Array.from({ length: 128 }, (_, i) =>
  Object.freeze({ k: "play" as const, card: i >>> 2, akka: (i & 2) !== 0, baloot: (i & 1) !== 0 }),
);

/** Validates the JSON shape of a public action and converts it (throws MALFORMED_ACTION). */
export function parseAction(action: unknown): Move {
  if (action === null || typeof action !== "object" || Array.isArray(action)) malformed("action must be an object");
  const a = action as Record<string, unknown>;
  const type = a.type;
  if (typeof type !== "string") malformed('action needs a string "type"');
  switch (type) {
    case "bid": {
      only(a, F_BID);
      if (typeof a.bid !== "string" || !BIDS.includes(a.bid)) malformed("bid must be PASS, SUN, HOKUM, ASHKAL or BEFORE_YOU");
      let suit = -1;
      if (a.suit !== undefined) {
        if (a.bid !== "HOKUM") malformed("suit is only for a HOKUM bid");
        if (typeof a.suit !== "string") malformed("suit must be S, H, D or C");
        suit = SUITS.indexOf(a.suit as SuitLetter);
        if (suit < 0) malformed("suit must be S, H, D or C");
      }
      return { k: "bid", bid: a.bid as BidName, suit };
    }
    case "confirm":
      only(a, F_CHOICE);
      if (a.choice !== "HOKUM" && a.choice !== "SUN") malformed("choice must be HOKUM or SUN");
      return { k: "confirm", sun: a.choice === "SUN" };
    case "double":
    case "triple":
    case "four":
    case "gahwa": {
      only(a, F_CLOSED);
      if (a.closed !== undefined && typeof a.closed !== "boolean") malformed("closed must be a boolean");
      return { k: "raise", level: RAISE_LEVEL[type] as number, closed: a.closed === undefined ? null : (a.closed as boolean) };
    }
    case "skipDouble":
      only(a, F_TYPE);
      return { k: "skip" };
    case "setClosed":
      only(a, F_CLOSED);
      if (typeof a.closed !== "boolean") malformed("closed must be a boolean");
      return { k: "setClosed", closed: a.closed };
    case "declareProjects":
      only(a, F_PROJECTS);
      return a.projects === undefined ? { k: "declare" } : { k: "declare", choice: parseProjectChoice(a.projects) };
    case "play": {
      onlyPlayFields(a);
      const name = a.card;
      if (typeof name !== "string") malformed("card must be a string like 10H");
      const card = parseCard(name);
      if (card < 0) malformed(`not a card: ${JSON.stringify(name)}`);
      return PLAY_MOVES[(card << 2) | (optTrue(a.akka, "akka") ? 2 : 0) | (optTrue(a.baloot, "baloot") ? 1 : 0)]!;
    }
    case "sawa":
    case "qaid":
    case "skipQaid":
    case "kawesh":
      only(a, F_TYPE);
      return { k: type };
    default:
      return malformed(`unknown action type ${JSON.stringify(type)}`);
  }
}

function parseProjectChoice(value: unknown): { cards: number; kind: string | null }[] {
  if (!Array.isArray(value)) malformed("projects must be a list of { cards, kind? }");
  if (value.length > 8) malformed("too many projects");
  return value.map((p: unknown) => {
    if (p === null || typeof p !== "object" || Array.isArray(p)) malformed("each project must be an object { cards, kind? }");
    const o = p as Record<string, unknown>;
    only(o, F_PROJECT);
    if (!Array.isArray(o.cards) || o.cards.length < 3 || o.cards.length > 8) malformed("a project's cards must be a list of 3 to 8 cards");
    let mask = 0;
    for (const name of o.cards as unknown[]) {
      const c = typeof name === "string" ? parseCard(name) : -1;
      if (c < 0) malformed(`not a card: ${JSON.stringify(name)}`);
      if ((mask >>> c) & 1) malformed(`${name as string} is listed twice`);
      mask = (mask | (1 << c)) >>> 0;
    }
    if (o.kind !== undefined && (typeof o.kind !== "string" || !KINDS.includes(o.kind))) malformed(`kind must be one of ${KINDS.join(", ")}`);
    return { cards: mask, kind: (o.kind as string | undefined) ?? null };
  });
}

/** Internal move → public action (for legalActions, bots and timeouts). */
export function toAction(m: Move): BalootAction {
  switch (m.k) {
    case "bid":
      return m.suit >= 0 ? { type: "bid", bid: m.bid, suit: SUITS[m.suit] as SuitLetter } : { type: "bid", bid: m.bid };
    case "confirm":
      return { type: "confirm", choice: m.sun ? "SUN" : "HOKUM" };
    case "raise": {
      const type = RAISE_TYPE[m.level] as "double" | "triple" | "four" | "gahwa";
      return m.closed === null ? { type } : { type, closed: m.closed };
    }
    case "skip":
      return { type: "skipDouble" };
    case "setClosed":
      return { type: "setClosed", closed: m.closed };
    case "declare":
      return m.choice ? { type: "declareProjects", projects: m.choice.map((p) => choiceOf(p)) } : { type: "declareProjects" };
    case "play": {
      const out: BalootAction = { type: "play", card: CARD_NAMES[m.card] as string };
      if (m.akka) out.akka = true;
      if (m.baloot) out.baloot = true;
      return out;
    }
    case "sawa":
      return { type: "sawa" };
    case "qaid":
      return { type: "qaid" };
    case "skipQaid":
      return { type: "skipQaid" };
    case "kawesh":
      return { type: "kawesh" };
  }
}

function choiceOf(p: { cards: number; kind: string | null }): DeclaredProjectChoice {
  const cards: string[] = [];
  for (let c = 0; c < 32; c++) if ((p.cards >>> c) & 1) cards.push(CARD_NAMES[c] as string);
  return p.kind ? { cards, kind: p.kind as DeclaredProjectChoice["kind"] } : { cards };
}

export function illegal(code: string, message: string): never {
  throw new IllegalAction(code, message);
}
