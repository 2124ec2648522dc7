/** Duel test helpers: a board built directly (state is plain data), a terse way to act, refusals. */
import { strict as assert } from "node:assert";
import { duel, newMatch, type DuelEvent, type DuelState } from "../../../src/games/duel/index.js";
import { isIllegalAction } from "../../../src/games/core/IllegalAction.js";
import type { InPlay, PlayerState } from "../../../src/games/duel/state.js";
import type { Condition } from "../../../src/games/duel/types.js";

export interface CreatureSpec {
  card: string;
  /** Lower stages beneath `card`, basic first. */
  under?: string[];
  energy?: string[];
  damage?: number;
  status?: Condition[];
  sinceTurn?: number;
}

export interface SideSpec {
  hand?: string[];
  /** Top card first. */
  deck?: string[];
  prizes?: string[];
  discard?: string[];
  active?: CreatureSpec | string | null;
  bench?: (CreatureSpec | string)[];
}

function inPlay(spec: CreatureSpec | string): InPlay {
  const s = typeof spec === "string" ? { card: spec } : spec;
  const status = s.status ?? [];
  return {
    stack: [...(s.under ?? []), s.card],
    energy: s.energy ?? [],
    damage: s.damage ?? 0,
    special: status.includes("asleep") ? "asleep" : status.includes("paralysed") ? "paralysed" : null,
    poisoned: status.includes("poisoned"),
    burned: status.includes("burned"),
    sinceTurn: s.sinceTurn ?? 0,
  };
}

const FILLER = Array.from({ length: 20 }, () => "flame-energy");

function side(spec: SideSpec): PlayerState {
  return {
    deck: (spec.deck ?? FILLER).slice().reverse(),
    hand: spec.hand ?? [],
    prizes: spec.prizes ?? ["tide-energy", "tide-energy", "tide-energy", "tide-energy", "tide-energy", "tide-energy"],
    discard: spec.discard ?? [],
    active: spec.active === null ? null : inPlay(spec.active ?? "ashhound"),
    bench: (spec.bench ?? []).map(inPlay),
    mulligans: 0,
    ready: true,
    attached: false,
    retreated: false,
  };
}

/**
 * A main-phase board: `current` to act in turn `turn` (default 3, so attacks are allowed).
 * Zones are exactly as given (card conservation is not the point of these tests).
 */
export function board(p0: SideSpec, p1: SideSpec, opts: { current?: number; turn?: number; seed?: string } = {}): DuelState {
  const state = newMatch(opts.seed ?? "board", { first: 0 });
  state.players = [side(p0), side(p1)];
  state.phase = "MAIN";
  state.turn = opts.turn ?? 3;
  state.current = opts.current ?? 0;
  state.opening = [];
  return state;
}

/** Applies an action and returns its events. */
export function act(state: DuelState, seat: number, action: unknown): DuelEvent[] {
  return duel.apply(state, seat, action).events;
}

/** Asserts the action is refused with `code` and that the state did not change. */
export function refused(state: DuelState, seat: number, action: unknown, code: string): void {
  const before = JSON.stringify(state);
  assert.throws(
    () => duel.apply(state, seat, action),
    (e: unknown) => isIllegalAction(e) && e.code === code,
    `expected ${code} for ${JSON.stringify(action)}`,
  );
  assert.equal(JSON.stringify(state), before, "a refused action changed the state");
}

export function ofType<T extends DuelEvent["type"]>(events: readonly DuelEvent[], type: T): Extract<DuelEvent, { type: T }>[] {
  return events.filter((e): e is Extract<DuelEvent, { type: T }> => e.type === type);
}

/** Finds a seed whose first random draw of the action stream gives the wanted coin(s). */
export function seedForCoins(state: DuelState, wanted: boolean[], run: (s: DuelState) => DuelEvent[]): { state: DuelState; events: DuelEvent[] } {
  for (let i = 0; i < 500; i++) {
    const s = structuredClone(state);
    s.seed = `coins-${i}`;
    const events = run(s);
    const coins = ofType(events, "coin").map((c) => c.heads);
    if (coins.length === wanted.length && coins.every((h, k) => h === wanted[k])) return { state: s, events };
  }
  throw new Error("no seed gives those coins");
}
