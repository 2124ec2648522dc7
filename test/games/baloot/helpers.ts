/** Test helpers: stacked decks in the canonical §5.2 order, and a terse way to act. */
import { parseCard, parseCards } from "../../../src/games/baloot/cards.js";
import { baloot, initialEvents, type BalootEvent, type BalootOptions, type BalootState } from "../../../src/games/baloot/index.js";
import type { HandScoreSheet } from "../../../src/games/baloot/events.js";

/**
 * A deck that gives each seat exactly `hands8[seat]` (8 cards) once the face-up card has gone to
 * `receiver`: the first 5 listed cards (face-up card excluded) are the first deal, the rest the completion.
 */
export function stackDeck(dealer: number, hands8: string[], faceUp: string, receiver: number): string[] {
  const fu = parseCard(faceUp);
  const hands = hands8.map((h) => parseCards(h));
  const firsts: number[][] = [];
  const rests: number[][] = [];
  for (let s = 0; s < 4; s++) {
    const list = hands[s]!.filter((c) => !(s === receiver && c === fu));
    if (s === receiver && list.length !== 7) throw new Error(`receiver ${s} must hold the face-up card`);
    if (s !== receiver && list.length !== 8) throw new Error(`seat ${s} needs 8 cards`);
    firsts.push(list.slice(0, 5));
    rests.push(list.slice(5));
  }
  const deck: number[] = [];
  for (const [from, n] of [
    [0, 3],
    [3, 2],
  ] as const) {
    for (let k = 1; k <= 4; k++) {
      const seat = (dealer + k) & 3;
      deck.push(...firsts[seat]!.slice(from, from + n));
    }
  }
  deck.push(fu);
  for (let k = 1; k <= 4; k++) deck.push(...rests[(dealer + k) & 3]!);
  if (new Set(deck).size !== 32) throw new Error("stacked deck must use 32 distinct cards");
  return deck.map((c) => ["7", "8", "9", "10", "J", "Q", "K", "A"][c & 7]! + "SHDC"[c >> 3]!);
}

export interface Table {
  state: BalootState;
  events: BalootEvent[];
  /** Applies an action for `seat` and returns its events. */
  act(seat: number, action: object): BalootEvent[];
  /** Plays cards in order for the seat to act each time ("10H" notation). */
  play(...cards: string[]): BalootEvent[];
  last<T extends BalootEvent["type"]>(type: T): Extract<BalootEvent, { type: T }> | undefined;
  sheet(): HandScoreSheet;
}

export function table(options: BalootOptions, seed = "test-seed"): Table {
  const state = baloot.setup({ seed, seats: 4, options });
  const events: BalootEvent[] = initialEvents(state);
  const t: Table = {
    state,
    events,
    act(seat, action) {
      const r = baloot.apply(t.state, seat, action);
      t.state = r.state;
      events.push(...r.events);
      return r.events;
    },
    play(...cards) {
      const out: BalootEvent[] = [];
      for (const c of cards) out.push(...t.act(t.state.turn, { type: "play", card: c }));
      return out;
    },
    last(type) {
      for (let i = events.length - 1; i >= 0; i--) if (events[i]!.type === type) return events[i] as never;
      return undefined;
    },
    sheet() {
      const e = t.last("handScored");
      if (!e) throw new Error("no handScored event");
      return e;
    },
  };
  return t;
}

export const bid = (b: string, suit?: string): object => (suit ? { type: "bid", bid: b, suit } : { type: "bid", bid: b });
export const PASS = { type: "bid", bid: "PASS" };
export const SKIP = { type: "skipDouble" };
