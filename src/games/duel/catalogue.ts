/**
 * Card sets: JSON validated on load, then registered by name. The engine looks cards up by id in
 * the set a match was created with (`state.set`), so a new set is a JSON file plus `registerCardSet`.
 */
import { IllegalAction } from "../core/IllegalAction.js";
import coreSet from "./sets/core.json" with { type: "json" };
import {
  CONDITIONS,
  type Condition,
  ELEMENTS,
  SEARCH_FILTERS,
  type Attack,
  type Card,
  type CardSet,
  type CostSymbol,
  type CreatureCard,
  type Effect,
  type Element,
} from "./types.js";

export interface Catalogue {
  set: string;
  cards: readonly Card[];
  byId: ReadonlyMap<string, Card>;
}

const MAX_NUMBER = 1000;

function bad(path: string, msg: string): never {
  throw new IllegalAction("BAD_CARD_SET", `${path}: ${msg}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(o: Record<string, unknown>, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== "string" || v.length === 0 || v.length > 80) bad(`${path}.${key}`, "must be a non-empty string of at most 80 characters");
  return v;
}

function int(o: Record<string, unknown>, key: string, path: string, min: number, max = MAX_NUMBER): number {
  const v = o[key];
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) bad(`${path}.${key}`, `must be an integer in ${min}..${max}`);
  return v;
}

function element(v: unknown, path: string): Element {
  if (!(ELEMENTS as readonly unknown[]).includes(v)) bad(path, `must be one of ${ELEMENTS.join(", ")}`);
  return v as Element;
}

function onlyKeys(o: Record<string, unknown>, keys: readonly string[], path: string): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) bad(`${path}.${k}`, "unknown field");
}

/** Which primitives an attack may carry and which a trainer may carry. */
const ATTACK_OPS = new Set(["draw", "heal", "status", "bonusOnHeads", "benchDamage", "discardEnergy", "recoil"]);
const TRAINER_OPS = new Set(["draw", "heal", "cure", "search", "switch"]);

function parseEffect(v: unknown, path: string, context: "attack" | "trainer"): Effect {
  if (!isObject(v)) bad(path, "must be an object");
  const op = v.op;
  const allowed = context === "attack" ? ATTACK_OPS : TRAINER_OPS;
  if (typeof op !== "string" || !allowed.has(op)) bad(`${path}.op`, `must be one of ${[...allowed].join(", ")} in a ${context}`);
  switch (op) {
    case "draw":
      onlyKeys(v, ["op", "count"], path);
      return { op, count: int(v, "count", path, 1, 10) };
    case "heal": {
      onlyKeys(v, ["op", "amount", "target"], path);
      const target = v.target;
      if (target !== "self" && (target !== "chosen" || context !== "trainer")) {
        bad(`${path}.target`, context === "trainer" ? "must be self or chosen" : "must be self in an attack");
      }
      return { op, amount: int(v, "amount", path, 10, 300), target };
    }
    case "cure":
      onlyKeys(v, ["op"], path);
      return { op };
    case "status": {
      onlyKeys(v, ["op", "condition", "onHeads"], path);
      if (!(CONDITIONS as readonly unknown[]).includes(v.condition)) bad(`${path}.condition`, `must be one of ${CONDITIONS.join(", ")}`);
      if (v.onHeads !== undefined && typeof v.onHeads !== "boolean") bad(`${path}.onHeads`, "must be a boolean");
      const effect: Effect = { op, condition: v.condition as Condition };
      if (v.onHeads === true) effect.onHeads = true;
      return effect;
    }
    case "bonusOnHeads":
      onlyKeys(v, ["op", "amount"], path);
      return { op, amount: int(v, "amount", path, 10, 300) };
    case "benchDamage": {
      onlyKeys(v, ["op", "amount", "side"], path);
      if (v.side !== "opponent" && v.side !== "own") bad(`${path}.side`, "must be opponent or own");
      return { op, amount: int(v, "amount", path, 10, 300), side: v.side };
    }
    case "discardEnergy":
      onlyKeys(v, ["op", "count"], path);
      return { op, count: int(v, "count", path, 1, 10) };
    case "recoil":
      onlyKeys(v, ["op", "amount"], path);
      return { op, amount: int(v, "amount", path, 10, 300) };
    case "search": {
      onlyKeys(v, ["op", "filter", "count"], path);
      if (!(SEARCH_FILTERS as readonly unknown[]).includes(v.filter)) bad(`${path}.filter`, `must be one of ${SEARCH_FILTERS.join(", ")}`);
      return { op, filter: v.filter as (typeof SEARCH_FILTERS)[number], count: int(v, "count", path, 1, 5) };
    }
    default:
      onlyKeys(v, ["op"], path);
      return { op: "switch" };
  }
}

function parseEffects(v: unknown, path: string, context: "attack" | "trainer", required: boolean): Effect[] {
  if (v === undefined && !required) return [];
  if (!Array.isArray(v) || v.length > 4 || (required && v.length === 0)) bad(path, `must be a list of ${required ? "1" : "0"}..4 effects`);
  return v.map((e, i) => parseEffect(e, `${path}[${i}]`, context));
}

function parseAttack(v: unknown, path: string): Attack {
  if (!isObject(v)) bad(path, "must be an object");
  onlyKeys(v, ["name", "cost", "damage", "effects"], path);
  const cost = v.cost;
  if (!Array.isArray(cost) || cost.length > 5) bad(`${path}.cost`, "must be a list of at most 5 cost symbols");
  const symbols = cost.map((c, i): CostSymbol => (c === "any" ? "any" : element(c, `${path}.cost[${i}]`)));
  const damage = int(v, "damage", path, 0, 300);
  if (damage % 10 !== 0) bad(`${path}.damage`, "must be a multiple of 10");
  const attack: Attack = { name: str(v, "name", path), cost: symbols, damage };
  const effects = parseEffects(v.effects, `${path}.effects`, "attack", false);
  if (effects.length > 0) attack.effects = effects;
  if (damage === 0 && effects.length === 0) bad(path, "an attack needs damage or an effect");
  return attack;
}

function parseCard(v: unknown, path: string): Card {
  if (!isObject(v)) bad(path, "must be an object");
  const id = str(v, "id", path);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) bad(`${path}.id`, "must be lower-case letters, digits and dashes");
  const name = str(v, "name", path);
  switch (v.kind) {
    case "energy":
      onlyKeys(v, ["id", "name", "kind", "element"], path);
      return { id, name, kind: "energy", element: element(v.element, `${path}.element`) };
    case "trainer":
      onlyKeys(v, ["id", "name", "kind", "text", "effects"], path);
    {
      const effects = parseEffects(v.effects, `${path}.effects`, "trainer", true);
      const searchAt = effects.findIndex((e) => e.op === "search");
      if (searchAt >= 0 && searchAt !== effects.length - 1) bad(`${path}.effects`, "a search must be the last effect");
      const targeted = effects.filter((e) => e.op === "switch" || (e.op === "heal" && e.target === "chosen")).length;
      if (targeted > 1) bad(`${path}.effects`, "at most one effect may take the target slot (switch or a chosen heal)");
      return { id, name, kind: "trainer", text: str(v, "text", path), effects };
    }
    case "creature": {
      onlyKeys(v, ["id", "name", "kind", "element", "hp", "stage", "evolvesFrom", "weakness", "resistance", "retreat", "attacks"], path);
      const hp = int(v, "hp", path, 10, 400);
      if (hp % 10 !== 0) bad(`${path}.hp`, "must be a multiple of 10");
      const stage = int(v, "stage", path, 0, 2) as 0 | 1 | 2;
      const card: CreatureCard = { id, name, kind: "creature", element: element(v.element, `${path}.element`), hp, stage, retreat: int(v, "retreat", path, 0, 4), attacks: [] };
      if (stage > 0) card.evolvesFrom = str(v, "evolvesFrom", path);
      else if (v.evolvesFrom !== undefined) bad(`${path}.evolvesFrom`, "a basic creature evolves from nothing");
      if (v.weakness !== undefined) card.weakness = element(v.weakness, `${path}.weakness`);
      if (v.resistance !== undefined) card.resistance = element(v.resistance, `${path}.resistance`);
      if (!Array.isArray(v.attacks) || v.attacks.length < 1 || v.attacks.length > 2) bad(`${path}.attacks`, "must hold one or two attacks");
      card.attacks = v.attacks.map((a, i) => parseAttack(a, `${path}.attacks[${i}]`));
      return card;
    }
    default:
      return bad(`${path}.kind`, "must be creature, energy or trainer");
  }
}

/** Validates a card set given as parsed JSON; throws IllegalAction BAD_CARD_SET naming the first fault. */
export function parseCardSet(json: unknown): Catalogue {
  if (!isObject(json)) bad("set", "must be an object { set, cards }");
  onlyKeys(json, ["set", "cards"], "set");
  const set = str(json, "set", "set");
  if (!Array.isArray(json.cards) || json.cards.length === 0) bad("cards", "must be a non-empty list");
  const cards = json.cards.map((c, i) => parseCard(c, `cards[${i}]`));
  const byId = new Map<string, Card>();
  cards.forEach((c, i) => {
    if (byId.has(c.id)) bad(`cards[${i}].id`, `duplicate id ${c.id}`);
    byId.set(c.id, c);
  });
  cards.forEach((c, i) => {
    if (c.kind !== "creature" || c.stage === 0) return;
    const from = byId.get(c.evolvesFrom!);
    if (!from || from.kind !== "creature" || from.stage !== c.stage - 1) bad(`cards[${i}].evolvesFrom`, `must name a creature of stage ${c.stage - 1} in this set`);
  });
  return { set, cards, byId };
}

const registry = new Map<string, Catalogue>();

/** Validates and registers a set under its name (replacing a set of the same name). */
export function registerCardSet(json: unknown): Catalogue {
  const catalogue = parseCardSet(json);
  registry.set(catalogue.set, catalogue);
  return catalogue;
}

export const CORE: Catalogue = registerCardSet(coreSet);

/** The registered set `name`; throws BAD_OPTIONS when unknown. */
export function catalogueFor(name: string): Catalogue {
  const c = registry.get(name);
  if (!c) throw new IllegalAction("BAD_OPTIONS", `unknown card set ${JSON.stringify(name)}`);
  return c;
}

/** The public card list of a set (what `GET /duel/cards` would serve). */
export function cardList(name = "core"): CardSet {
  const c = catalogueFor(name);
  return { set: c.set, cards: structuredClone(c.cards as Card[]) };
}
