/** The GameDefinition surface: malformed actions, seats, forfeit, timeout, bot, box score, checkpoints. */
import { strict as assert } from "node:assert";
import { duel, initialEvents, newMatch, botFromView, type DuelEvent } from "../../../src/games/duel/index.js";
import { streamFor } from "../../../src/games/core/rng.js";
import { botTurn } from "../../../src/games/core/GameDefinition.js";
import { isIllegalAction } from "../../../src/games/core/IllegalAction.js";
import { act, board, refused } from "./helpers.js";

describe("duel game definition", () => {
  it("is a two-seat game with one seat per team", () => {
    assert.equal(duel.name, "duel");
    assert.equal(duel.minSeats, 2);
    assert.equal(duel.maxSeats, 2);
    assert.deepEqual(duel.teams(2), [[0], [1]]);
    assert.throws(() => duel.setup({ seed: "x", seats: 3, options: {} }), RangeError);
  });

  it("refuses malformed actions with BAD_ACTION and bad seats with BAD_SEAT, changing nothing", () => {
    const state = board({ hand: ["flame-energy"] }, {});
    for (const a of [null, 42, "pass", [], {}, { type: "dance" }, { type: "pass", extra: 1 }, { type: "attach", card: "flame-energy" }, { type: "attach", card: "flame-energy", slot: 6 }, { type: "attach", card: "flame-energy", slot: 1.5 }, { type: "attack", attack: 2 }, { type: "attack" }, { type: "bench", card: "" }, { type: "trainer", card: "x", slot: "1" }]) {
      refused(state, 0, a, "BAD_ACTION");
    }
    refused(state, 2, { type: "pass" }, "BAD_SEAT");
    refused(state, 1, { type: "pass" }, "NOT_YOUR_TURN");
  });

  it("every listed legal action is accepted", () => {
    const state = newMatch("legal-all");
    const rng = streamFor("legal-all");
    for (let step = 0; step < 200 && !duel.outcome(state); step++) {
      const seat = duel.activeSeats(state)[0]!;
      for (const a of duel.legalActions(state, seat)) duel.apply(duel.clone(state), seat, a);
      const actions = duel.legalActions(state, seat);
      duel.apply(state, seat, actions[rng.int(actions.length)]);
    }
  });

  it("the opponent's public actions reach the other seat in order, with enough detail to animate them", () => {
    const state = board(
      { hand: ["sparkfinch", "flame-energy", "supply-crate"], active: { card: "ashhound", energy: ["flame-energy"] }, deck: ["tide-energy", "mistotter"] },
      { active: { card: "kelpwisp", damage: 10 }, bench: ["ripplet"] },
    );
    const events = [
      ...act(state, 0, { type: "bench", card: "sparkfinch" }),
      ...act(state, 0, { type: "attach", card: "flame-energy", slot: 0 }),
      ...act(state, 0, { type: "trainer", card: "supply-crate" }),
      ...act(state, 0, { type: "attack", attack: 0 }),
    ];
    const seen = events.filter((e) => duel.eventVisibleTo(e, 1));
    assert.deepEqual(
      seen.map((e) => e.type),
      ["benched", "attached", "trainerPlayed", "drew", "attack", "damage", "knockedOut", "prizeTaken", "turnEnded"],
    );
    assert.deepEqual(seen[0], { type: "benched", seat: 0, card: "sparkfinch", slot: 1 });
    assert.deepEqual(seen[1], { type: "attached", seat: 0, card: "flame-energy", slot: 0 });
    assert.deepEqual(seen[2], { type: "trainerPlayed", seat: 0, card: "supply-crate", slot: null });
    assert.deepEqual(seen[3], { type: "drew", seat: 0, count: 2 });
    assert.equal((seen[4] as { damage: number }).damage, 30);
    assert.deepEqual(seen[6], { type: "knockedOut", seat: 1, slot: 0, card: "kelpwisp", discarded: ["kelpwisp"] });
    // What seat 0 drew and which prize it took stay with seat 0.
    assert.ok(!JSON.stringify(seen).includes("mistotter"));
    assert.deepEqual(events.filter((e) => !duel.eventVisibleTo(e, 1)).map((e) => e.type), ["drawnCards", "prizeCard"]);
  });

  it("forfeit ends the match as a loss for that seat; refused once over or for a bad team", () => {
    const state = newMatch("forfeit");
    const { events } = duel.forfeit(state, 1, "resign");
    assert.deepEqual(events, [{ type: "gameOver", winner: 0, reason: "forfeit: resign" }]);
    assert.deepEqual(duel.outcome(state), { winnerTeam: 0, scores: [0, 0], reason: "forfeit: resign" });
    assert.throws(() => duel.forfeit(state, 0, "again"), (e: unknown) => isIllegalAction(e) && e.code === "GAME_OVER");
    assert.throws(() => duel.forfeit(newMatch("f2"), 2, "x"), (e: unknown) => isIllegalAction(e) && e.code === "BAD_TEAM");
  });

  it("timeoutAction passes the turn; in setup it places the first basic then readies; ends a search; promotes the first benched", () => {
    assert.deepEqual(duel.timeoutAction(board({}, {}), 0), { type: "pass" });
    const setup = newMatch("timeout");
    for (const seat of [0, 1]) {
      const first = duel.timeoutAction(setup, seat);
      assert.equal(first.type, "setActive");
      act(setup, seat, first);
      assert.deepEqual(duel.timeoutAction(setup, seat), { type: "ready" });
      act(setup, seat, { type: "ready" });
    }
    assert.equal(setup.phase, "MAIN");
    const search = board({ hand: ["scout-lantern"], deck: ["ashhound"] }, {});
    act(search, 0, { type: "trainer", card: "scout-lantern" });
    assert.deepEqual(duel.timeoutAction(search, 0), { type: "endSearch" });
    const promote = board({ active: { card: "ashhound", energy: ["flame-energy", "flame-energy"] } }, { active: { card: "kelpwisp", damage: 20 }, bench: ["ashhound"] });
    act(promote, 0, { type: "attack", attack: 0 });
    assert.deepEqual(duel.timeoutAction(promote, 1), { type: "promote", slot: 1 });
  });

  it("the bot decides from the view alone: the same view and rng give the same legal action", () => {
    const state = newMatch("bot");
    const rng = () => streamFor("bot-rng");
    for (let step = 0; step < 300 && !duel.outcome(state); step++) {
      const seat = duel.activeSeats(state)[0]!;
      const view = duel.view(state, seat);
      const a = botFromView(view, rng());
      assert.deepEqual(botFromView(structuredClone(view), rng()), a);
      assert.deepEqual(botTurn(duel, state, seat, undefined, rng()).action, a);
      assert.ok(view.legal.some((l) => JSON.stringify(l) === JSON.stringify(a)));
      duel.apply(state, seat, a);
    }
  });

  it("spectators see counts only and have no legal actions", () => {
    const state = board({ hand: ["field-notes", "ashhound"] }, { hand: ["mistotter"] });
    const v = duel.view(state, null);
    assert.equal(v.hand, null);
    assert.deepEqual(v.legal, []);
    assert.equal(v.players[0]!.handCount, 2);
    assert.ok(!JSON.stringify(v).includes("field-notes"));
    assert.ok(!JSON.stringify(v).includes("mistotter"));
  });

  it("summarise folds the events into a box score; turn ends and game end are checkpoints", () => {
    const state = board({ active: { card: "ashhound", energy: ["flame-energy", "flame-energy"] }, hand: ["sparkfinch"] }, { active: { card: "kelpwisp", damage: 20 } });
    const events: DuelEvent[] = [...act(state, 0, { type: "bench", card: "sparkfinch" }), ...act(state, 0, { type: "attack", attack: 0 })];
    const box = duel.summarise(events);
    assert.equal(box.sides[0]!.attacks, 1);
    assert.equal(box.sides[0]!.damageDealt, 30);
    assert.equal(box.sides[1]!.damageDealt, 0);
    assert.equal(box.sides[0]!.knockouts, 1);
    assert.equal(box.sides[0]!.prizesTaken, 1);
    assert.equal(box.sides[0]!.cardsPlayed, 1);
    assert.equal(box.winner, 0);
    assert.equal(box.reason, "noCreatures");
    assert.ok(duel.isCheckpoint({ type: "turnEnded", seat: 0, turn: 1 }));
    assert.ok(duel.isCheckpoint({ type: "gameOver", winner: 0, reason: "x" }));
    assert.ok(!duel.isCheckpoint({ type: "drew", seat: 0, count: 1 }));
  });

  it("initialEvents returns a copy of the opening events", () => {
    const state = newMatch("init");
    const events = initialEvents(state);
    assert.equal(events[0]!.type, "coinFlip");
    events.length = 0;
    assert.ok(initialEvents(state).length > 0);
  });
});
