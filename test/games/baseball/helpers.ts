/** Helpers for baseball engine tests: games in a chosen situation, scripted dice, quick plays. */
import { baseball, initialEvents, type BaseballEvent, type BaseballOptions, type BaseballState } from "../../../src/games/baseball/index.js";
import type { Dice } from "../../../src/games/baseball/dice.js";
import type { DefenseDecision, OffenseDecision } from "../../../src/games/baseball/decisions.js";
import { resolvePlateAppearance } from "../../../src/games/baseball/resolution.js";
import { afterPlay } from "../../../src/games/baseball/flow.js";
import type { Runner } from "../../../src/games/baseball/state.js";

export const DEF: DefenseDecision = { side: "defense", infield: "normal", outfield: "normal", hold: false, ibb: false };
export const SWING: OffenseDecision = { side: "offense", play: "swing", from: null };

/** A game past the lineups (both defaults), ready for the first plate appearance. */
export function started(options: BaseballOptions = {}, seed = "test-seed"): { s: BaseballState; events: BaseballEvent[] } {
  const s = baseball.setup({ seed, seats: 2, options });
  const events = initialEvents(s);
  for (const seat of [0, 1]) events.push(...baseball.apply(s, seat, { type: "lineup" }).events);
  return { s, events };
}

/** Ids of the batting team's players in batting order. */
export function order(s: BaseballState, team: 0 | 1): string[] {
  return s.teams[team].order.slice();
}

/** Puts the batting team's players (by id) on the bases, as earned runners charged to the current pitcher. */
export function setBases(s: BaseballState, ids: (string | null)[]): void {
  const fld = s.teams[s.half === 0 ? 1 : 0];
  s.bases = ids.map((id, i): Runner | null => (id ? { id, resp: fld.pitcher, earned: true, ghost: i + 1 } : null)) as BaseballState["bases"];
}

/** Dice that return the given values in order (2d6 takes one total), recording each purpose. */
export function scripted(values: number[]): Dice & { purposes: string[]; left: () => number } {
  const queue = values.slice();
  const purposes: string[] = [];
  const next = (purpose: string): number => {
    purposes.push(purpose);
    const v = queue.shift();
    if (v === undefined) throw new Error(`scripted dice exhausted at ${purpose} (after ${purposes.slice(0, -1).join(", ")})`);
    return v;
  };
  return { d6: next, twoD6: next, d20: next, purposes, left: () => queue.length };
}

/** Resolves one plate appearance with scripted dice and applies the aftermath (half-inning, game end). */
export function pa(s: BaseballState, dice: number[], defense: Partial<DefenseDecision> = {}, offense: Partial<OffenseDecision> = {}): { events: BaseballEvent[]; dice: ReturnType<typeof scripted> } {
  const d = scripted(dice);
  const events: BaseballEvent[] = [];
  resolvePlateAppearance(s, { ...DEF, ...defense }, { ...SWING, ...offense }, d, events);
  afterPlay(s, events);
  return { events, dice: d };
}

/** Overwrites the entry of the batter's column (vs the current pitcher's hand) at `row` (2..12). */
export function setBatterRow(s: BaseballState, row: number, code: string): void {
  const bat = s.teams[s.half];
  const pit = s.teams[s.half === 0 ? 1 : 0];
  const batterId = bat.order[bat.spot] as string;
  const pitcher = pit.card.players.find((p) => p.id === pit.pitcher)!;
  // The shipped set is frozen and shared: give this game its own copy of the team's cards first.
  bat.card = structuredClone(bat.card);
  const card = bat.card.players.find((p) => p.id === batterId)!;
  const col = pitcher.throws === "L" ? card.batting!.vsL : card.batting!.vsR;
  col[row - 2] = code;
}

export function ofType<T extends BaseballEvent["type"]>(events: readonly BaseballEvent[], type: T): Extract<BaseballEvent, { type: T }>[] {
  return events.filter((e): e is Extract<BaseballEvent, { type: T }> => e.type === type);
}
