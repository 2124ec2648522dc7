/**
 * Property tests over thousands of games of random legal play (and bot play) with random legal
 * decks: card conservation after every action, damage never negative, every game ends, views never
 * leak the other side's hand, deck or prizes, legalActions is exact, and matches are a pure function of (options, seed, actions).
 */
import { strict as assert } from "node:assert";
import { duel, initialEvents, cardsOwned, CORE, validateDeck, type DuelAction, type DuelEvent, type DuelOptions, type DuelState } from "../../../src/games/duel/index.js";
import { streamFor, type Rng } from "../../../src/games/core/rng.js";
import { botTurn } from "../../../src/games/core/GameDefinition.js";
import { isIllegalAction } from "../../../src/games/core/IllegalAction.js";

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

const TYPES = ["setActive", "bench", "ready", "evolve", "attach", "trainer", "retreat", "attack", "pass", "pick", "endSearch", "promote"] as const;
const ALL_IDS = CORE.cards.map((c) => c.id);

/** A random well-formed action for `seat`: cards mostly from its hand, slots 0..5, attacks 0..1. */
function candidate(state: DuelState, seat: number, rng: Rng): Record<string, unknown> {
  const hand = state.players[seat]!.hand;
  const type = TYPES[rng.int(TYPES.length)]!;
  const card = hand.length > 0 && rng.int(4) > 0 ? hand[rng.int(hand.length)]! : ALL_IDS[rng.int(ALL_IDS.length)]!;
  const slot = rng.int(6);
  switch (type) {
    case "setActive":
    case "bench":
    case "pick":
      return { type, card };
    case "evolve":
    case "attach":
      return { type, card, slot };
    case "trainer":
      return rng.int(2) === 0 ? { type, card } : { type, card, slot };
    case "retreat":
    case "promote":
      return { type, slot };
    case "attack":
      return { type, attack: rng.int(2) };
    default:
      return { type };
  }
}

/**
 * legalActions is exact: every listed action is accepted, and a random well-formed action is
 * accepted exactly when it is listed; a refusal is an IllegalAction and changes nothing.
 */
function checkLegalIsExact(state: DuelState, rng: Rng): void {
  for (const seat of [0, 1]) {
    const legal = duel.legalActions(state, seat);
    const listed = new Set(legal.map((a) => JSON.stringify(a)));
    for (const a of legal) duel.apply(duel.clone(state), seat, a);
    for (let i = 0; i < 6; i++) {
      const a = candidate(state, seat, rng);
      const copy = duel.clone(state);
      const before = JSON.stringify(copy);
      let accepted = true;
      try {
        duel.apply(copy, seat, a);
      } catch (e) {
        assert.ok(isIllegalAction(e), `a refusal is an IllegalAction: ${String(e)}`);
        assert.equal(JSON.stringify(copy), before, "a refused action changed the state");
        accepted = false;
      }
      assert.equal(accepted, listed.has(JSON.stringify(a)), `${JSON.stringify(a)} accepted=${accepted} but listed=${!accepted}`);
    }
  }
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
const botChooser: Chooser = (state, seat, rng) => botTurn(duel, state, seat, undefined, rng).action;

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
    if (leakEvery > 0 && actions.length % leakEvery === 0) {
      checkNoLeak(state, rng);
      checkLegalIsExact(state, rng);
    }
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

  it("2,000 random games: conservation, non-negative damage, the game ends; views and the exactness of legalActions checked after every action in 20 games, every 29th in the rest", () => {
    const reasons = new Set<string>();
    for (let g = 0; g < 2000; g++) reasons.add(play(g, randomChooser, g < 20 ? 1 : 29).state.outcome!.reason);
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
