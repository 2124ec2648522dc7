/**
 * Property tests over thousands of games of random legal play (and bot play) with random legal
 * decks: card conservation after every action, damage never negative, every game ends, views never
 * leak the other side's hand, deck or prizes, and matches are a pure function of (options, seed, actions).
 */
import { strict as assert } from "node:assert";
import { duel, initialEvents, cardsOwned, CORE, validateDeck, type DuelAction, type DuelEvent, type DuelOptions, type DuelState } from "../../../src/games/duel/index.js";
import { streamFor, type Rng } from "../../../src/games/core/rng.js";

const ENERGY = CORE.cards.filter((c) => c.kind === "energy").map((c) => c.id);
const OTHERS = CORE.cards.filter((c) => c.kind !== "energy").map((c) => c.id);
const BASICS = CORE.cards.filter((c) => c.kind === "creature" && c.stage === 0).map((c) => c.id);

/** A random legal deck: 1..3 copies of random non-energy cards (with at least one basic), energy to 40. */
function randomDeck(rng: Rng): string[] {
  const deck: string[] = [];
  const copies = new Map<string, number>();
  const add = (id: string): void => {
    if ((copies.get(id) ?? 0) >= 3) return;
    copies.set(id, (copies.get(id) ?? 0) + 1);
    deck.push(id);
  };
  add(BASICS[rng.int(BASICS.length)]!);
  const others = 8 + rng.int(24);
  while (deck.length < others) add(OTHERS[rng.int(OTHERS.length)]!);
  while (deck.length < 40) deck.push(ENERGY[rng.int(ENERGY.length)]!);
  assert.ok(validateDeck(deck).ok);
  return deck;
}

function allCards(state: DuelState, seat: number): string[] {
  const p = state.players[seat]!;
  const inPlay = [p.active, ...p.bench].flatMap((c) => (c ? [...c.stack, ...c.energy] : []));
  return [...p.deck, ...p.hand, ...p.prizes, ...p.discard, ...inPlay].sort();
}

function checkInvariants(state: DuelState): void {
  for (const seat of [0, 1]) {
    assert.equal(cardsOwned(state, seat), 40, `seat ${seat} owns ${cardsOwned(state, seat)} cards`);
    const p = state.players[seat]!;
    assert.ok(p.bench.length <= 5);
    for (const c of [p.active, ...p.bench]) if (c) assert.ok(c.damage >= 0 && Number.isInteger(c.damage), "damage never negative");
  }
  if (state.phase !== "OVER" && state.phase !== "SETUP") {
    // Outside setup and promotion, both sides always have an active creature.
    if (state.phase !== "PROMOTE") assert.ok(state.players.every((p) => p.active));
  }
}

function checkEvents(events: readonly DuelEvent[]): void {
  for (const e of events) {
    if (e.type === "damage") assert.ok(e.amount > 0);
    if (e.type === "attack") assert.ok(e.damage >= 0 && e.base >= 0);
    if ("to" in e) {
      assert.ok(duel.eventVisibleTo(e, e.to) && !duel.eventVisibleTo(e, 1 - e.to) && !duel.eventVisibleTo(e, null));
    }
  }
}

/** Redistributes the hidden cards (hands, decks, prizes) of `seats` at random, keeping every count. */
function scrambleHidden(state: DuelState, seats: number[], rng: Rng): DuelState {
  const s = structuredClone(state);
  for (const seat of seats) {
    const p = s.players[seat]!;
    const pool = rng.shuffle([...p.hand, ...p.deck, ...p.prizes]);
    p.hand = pool.splice(0, p.hand.length);
    p.deck = pool.splice(0, p.deck.length);
    p.prizes = pool;
  }
  return s;
}

/**
 * A view must not change when what it may not know changes: the other side's hand, deck order and
 * prizes for a seat (also during the other side's search), everything hidden for a spectator.
 */
function checkNoLeak(state: DuelState, rng: Rng): void {
  for (const viewer of [0, 1]) {
    assert.deepEqual(duel.view(scrambleHidden(state, [1 - viewer], rng), viewer), duel.view(state, viewer), `view of ${viewer} leaks`);
  }
  assert.deepEqual(duel.view(scrambleHidden(state, [0, 1], rng), null), duel.view(state, null), "spectator view leaks");
}

interface Played {
  options: DuelOptions;
  seed: string;
  actions: { seat: number; action: DuelAction }[];
  events: DuelEvent[];
  state: DuelState;
}

type Chooser = (state: DuelState, seat: number, rng: Rng) => DuelAction;
const randomChooser: Chooser = (state, seat, rng) => {
  const legal = duel.legalActions(state, seat);
  return legal[rng.int(legal.length)]!;
};
const botChooser: Chooser = (state, seat, rng) => duel.bot(state, seat, rng);

function play(g: number, choose: Chooser, leakEvery: number): Played {
  const rng = streamFor(`prop-${g}`);
  const options: DuelOptions = { decks: [randomDeck(rng), randomDeck(rng)], prizes: 1 + rng.int(6) };
  const seed = `seed-${g}`;
  const state = duel.setup({ seed, seats: 2, options });
  const events = initialEvents(state);
  const actions: Played["actions"] = [];
  const maxTurns = 2 * 40 + 2;
  checkInvariants(state);
  while (!duel.outcome(state)) {
    const seats = duel.activeSeats(state);
    assert.ok(seats.length > 0);
    const seat = seats[rng.int(seats.length)]!;
    const legal = duel.legalActions(state, seat);
    assert.ok(legal.length > 0, "an active seat always has a legal action");
    const action = choose(state, seat, rng);
    const r = duel.apply(state, seat, action);
    actions.push({ seat, action });
    events.push(...r.events);
    checkInvariants(state);
    checkEvents(r.events);
    if (leakEvery > 0 && actions.length % leakEvery === 0) checkNoLeak(state, rng);
    assert.ok(state.turn <= maxTurns, "the game always ends (a deck runs out at the latest)");
    assert.ok(actions.length < 20000);
  }
  for (const seat of [0, 1]) {
    const deck = validateDeck(options.decks![seat]);
    assert.ok(deck.ok);
    assert.deepEqual(allCards(state, seat), deck.cards.slice().sort(), "the very same cards, only moved");
  }
  assert.equal(events.filter((e) => e.type === "gameOver").length, 1);
  return { options, seed, actions, events, state };
}

describe("duel property: random legal play", function () {
  this.timeout(300_000);

  it("2,000 random games: conservation, non-negative damage, the game ends; views checked after every action in 50 games, every 13th in the rest", () => {
    const reasons = new Set<string>();
    for (let g = 0; g < 2000; g++) reasons.add(play(g, randomChooser, g < 50 ? 1 : 13).state.outcome!.reason);
    for (const r of ["allPrizes", "noCreatures", "deckOut"]) assert.ok(reasons.has(r), `some game ends by ${r}`);
  });

  it("500 bot-vs-bot games keep the same invariants", () => {
    for (let g = 0; g < 500; g++) play(100_000 + g, botChooser, 11);
  });

  it("determinism: replaying (options, seed, actions) gives the same events and state; another seed differs", () => {
    for (let g = 0; g < 100; g++) {
      const first = play(200_000 + g, randomChooser, 0);
      const state = duel.setup({ seed: first.seed, seats: 2, options: first.options });
      const events = initialEvents(state);
      for (const { seat, action } of first.actions) events.push(...duel.apply(state, seat, structuredClone(action)).events);
      assert.deepEqual(events, first.events);
      assert.deepEqual(state, first.state);
    }
    const a = duel.setup({ seed: "one", seats: 2, options: {} });
    const b = duel.setup({ seed: "two", seats: 2, options: {} });
    assert.notDeepEqual(a.players, b.players);
  });
});
