/**
 * Actions: their JSON shapes, the parser that refuses malformed input with BAD_ACTION, and the
 * complete list of legal actions for a seat. Cards in actions are catalogue ids (the first copy
 * in the hand is used); slots are 0 = active, 1..5 = bench.
 */
import { IllegalAction } from "../core/IllegalAction.js";
import { attackRefusal, creatureCard } from "./attack.js";
import { catalogueFor } from "./catalogue.js";
import { evolveRefusal, retreatRefusal } from "./play.js";
import { BENCH_SIZE, type DuelState } from "./state.js";
import { searchMatches, trainerRefusal, trainerTarget } from "./trainer.js";

export type DuelAction =
  | { type: "setActive"; card: string }
  | { type: "bench"; card: string }
  | { type: "ready" }
  | { type: "evolve"; card: string; slot: number }
  | { type: "attach"; card: string; slot: number }
  | { type: "trainer"; card: string; slot?: number }
  | { type: "retreat"; slot: number }
  | { type: "attack"; attack: number }
  | { type: "pass" }
  | { type: "pick"; card: string }
  | { type: "endSearch" }
  | { type: "promote"; slot: number };

const SHAPES: Record<DuelAction["type"], { card?: true; slot?: "required" | "optional"; attack?: true }> = {
  setActive: { card: true },
  bench: { card: true },
  ready: {},
  evolve: { card: true, slot: "required" },
  attach: { card: true, slot: "required" },
  trainer: { card: true, slot: "optional" },
  retreat: { slot: "required" },
  attack: { attack: true },
  pass: {},
  pick: { card: true },
  endSearch: {},
  promote: { slot: "required" },
};

function bad(msg: string): never {
  throw new IllegalAction("BAD_ACTION", msg);
}

/** Checks the JSON shape of an action (not its legality); unknown fields are refused. */
export function parseAction(input: unknown): DuelAction {
  if (typeof input !== "object" || input === null || Array.isArray(input)) bad("an action is an object with a type");
  const o = input as Record<string, unknown>;
  const type = o.type;
  if (typeof type !== "string" || !Object.hasOwn(SHAPES, type)) bad(`unknown action type ${JSON.stringify(type)}`);
  const shape = SHAPES[type as DuelAction["type"]];
  for (const key of Object.keys(o)) {
    if (key !== "type" && !(key in shape)) bad(`${type} takes no ${key}`);
  }
  if (shape.card && (typeof o.card !== "string" || o.card.length === 0 || o.card.length > 80)) bad(`${type} needs a card id`);
  if (shape.slot === "required" || (shape.slot === "optional" && o.slot !== undefined)) {
    if (typeof o.slot !== "number" || !Number.isInteger(o.slot) || o.slot < 0 || o.slot > BENCH_SIZE) bad(`${type} needs a slot 0..${BENCH_SIZE}`);
  }
  if (shape.attack && (typeof o.attack !== "number" || !Number.isInteger(o.attack) || o.attack < 0 || o.attack > 1)) bad("attack needs an attack index 0 or 1");
  return { ...o } as DuelAction;
}

/** Seats that must act now. */
export function activeSeats(state: DuelState): number[] {
  switch (state.phase) {
    case "SETUP":
      return [0, 1].filter((s) => !state.players[s]!.ready);
    case "PROMOTE":
      return [state.promote[0]!];
    case "OVER":
      return [];
    default:
      return [state.current];
  }
}

function distinct(cards: readonly string[]): string[] {
  return [...new Set(cards)];
}

/** The complete list of legal actions for `seat` (empty when it may not act). */
export function legalActions(state: DuelState, seat: number): DuelAction[] {
  if (!activeSeats(state).includes(seat)) return [];
  const p = state.players[seat]!;
  const byId = catalogueFor(state.set).byId;
  const hand = distinct(p.hand);
  const basics = hand.filter((id) => {
    const c = byId.get(id);
    return c?.kind === "creature" && c.stage === 0;
  });
  const out: DuelAction[] = [];
  switch (state.phase) {
    case "SETUP":
      if (!p.active) for (const card of basics) out.push({ type: "setActive", card });
      if (p.active && p.bench.length < BENCH_SIZE) for (const card of basics) out.push({ type: "bench", card });
      if (p.active) out.push({ type: "ready" });
      return out;
    case "PROMOTE":
      p.bench.forEach((_, i) => out.push({ type: "promote", slot: i + 1 }));
      return out;
    case "SEARCH":
      for (const card of searchMatches(state)) out.push({ type: "pick", card });
      out.push({ type: "endSearch" });
      return out;
    case "OVER":
      return out;
    case "MAIN":
      break;
  }
  const slots = [0, ...p.bench.map((_, i) => i + 1)];
  if (p.bench.length < BENCH_SIZE) for (const card of basics) out.push({ type: "bench", card });
  for (const card of hand) {
    const def = byId.get(card)!;
    if (def.kind === "creature" && def.stage > 0) {
      for (const slot of slots) if (!evolveRefusal(state, seat, card, slot)) out.push({ type: "evolve", card, slot });
    } else if (def.kind === "energy") {
      if (!p.attached) for (const slot of slots) out.push({ type: "attach", card, slot });
    } else if (def.kind === "trainer") {
      const target = trainerTarget(def);
      const candidates = target === null ? [undefined] : target === "bench" ? slots.slice(1) : slots;
      for (const slot of candidates) {
        if (trainerRefusal(state, seat, card, slot)) continue;
        out.push(slot === undefined ? { type: "trainer", card } : { type: "trainer", card, slot });
      }
    }
  }
  for (const slot of slots.slice(1)) if (!retreatRefusal(state, seat, slot)) out.push({ type: "retreat", slot });
  creatureCard(state, p.active!).attacks.forEach((_, i) => {
    if (!attackRefusal(state, seat, i)) out.push({ type: "attack", attack: i });
  });
  out.push({ type: "pass" });
  return out;
}
