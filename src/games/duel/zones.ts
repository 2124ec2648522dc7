/**
 * Moving cards between zones, and the per-action random stream. Every move keeps each player's
 * 40 cards accounted for: nothing is created or lost, only moved.
 */
import { streamFor, type Rng } from "../core/rng.js";
import type { DuelEvent } from "./events.js";
import type { DuelState, InPlay } from "./state.js";

/**
 * The random stream of the action being applied: derived from (seed, action number), so replays
 * and audits can recompute any shuffle or coin flip from the seed and the action log alone.
 * Created lazily: most actions draw no random numbers.
 */
export class ActionRandom {
  private rng: Rng | null = null;

  constructor(private readonly seed: string, private readonly label: string) {}

  get(): Rng {
    this.rng ??= streamFor(this.seed, this.label);
    return this.rng;
  }

  coin(): boolean {
    return (this.get().nextU32() & 1) === 1;
  }
}

export function actionRandom(state: DuelState): ActionRandom {
  return new ActionRandom(state.seed, `action:${state.actionNo}`);
}

/** Draws up to `count` cards from the top of the deck; returns how many were drawn. */
export function draw(state: DuelState, seat: number, count: number, events: DuelEvent[]): number {
  const p = state.players[seat]!;
  const cards: string[] = [];
  while (cards.length < count && p.deck.length > 0) cards.push(p.deck.pop()!);
  if (cards.length === 0) return 0;
  p.hand.push(...cards);
  events.push({ type: "drew", seat, count: cards.length });
  events.push({ type: "drawnCards", to: seat, cards });
  return cards.length;
}

export function shuffleDeck(state: DuelState, seat: number, rng: Rng, events: DuelEvent[]): void {
  rng.shuffle(state.players[seat]!.deck);
  events.push({ type: "shuffled", seat });
}

/** Removes the first copy of `card` from the hand; the caller has checked it is there. */
export function takeFromHand(state: DuelState, seat: number, card: string): void {
  const hand = state.players[seat]!.hand;
  hand.splice(hand.indexOf(card), 1);
}

/** Puts a creature's whole stack and its energy into its owner's discard pile; returns the cards. */
export function discardCreature(state: DuelState, seat: number, c: InPlay): string[] {
  const cards = [...c.stack, ...c.energy];
  state.players[seat]!.discard.push(...cards);
  return cards;
}
