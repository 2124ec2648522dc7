/** The turn: draw, one energy, bench of 5, evolve, retreat, pass, promotion, deck-out and the win conditions. */
import { strict as assert } from "node:assert";
import { duel } from "../../../src/games/duel/index.js";
import { act, board, ofType, refused } from "./helpers.js";

describe("duel turn", () => {
  it("each turn starts with a draw for the player whose turn it is", () => {
    const state = board({}, { deck: ["mistotter", "tide-energy"] });
    const events = act(state, 0, { type: "pass" });
    assert.equal(state.current, 1);
    assert.equal(state.turn, 4);
    assert.deepEqual(state.players[1]!.hand, ["mistotter"]);
    assert.deepEqual(ofType(events, "turnEnded"), [{ type: "turnEnded", seat: 0, turn: 3 }]);
    assert.deepEqual(ofType(events, "drew"), [{ type: "drew", seat: 1, count: 1 }]);
  });

  it("a player who cannot draw at the start of the turn loses", () => {
    const state = board({}, { deck: [] });
    const events = act(state, 0, { type: "pass" });
    assert.deepEqual(duel.outcome(state), { winnerTeam: 0, scores: [0, 0], reason: "deckOut" });
    assert.deepEqual(ofType(events, "gameOver"), [{ type: "gameOver", winner: 0, reason: "deckOut" }]);
    assert.deepEqual(duel.activeSeats(state), []);
    refused(state, 1, { type: "pass" }, "GAME_OVER");
  });

  it("one energy attachment per turn, to any own creature; the next turn allows another", () => {
    const state = board({ hand: ["flame-energy", "flame-energy", "tide-energy"], bench: ["sparkfinch"] }, {});
    refused(state, 0, { type: "attach", card: "flame-energy", slot: 2 }, "BAD_SLOT");
    refused(state, 0, { type: "attach", card: "ashhound", slot: 0 }, "CARD_NOT_IN_HAND");
    const events = act(state, 0, { type: "attach", card: "flame-energy", slot: 1 });
    assert.deepEqual(events, [{ type: "attached", seat: 0, card: "flame-energy", slot: 1 }]);
    assert.deepEqual(state.players[0]!.bench[0]!.energy, ["flame-energy"]);
    refused(state, 0, { type: "attach", card: "tide-energy", slot: 0 }, "ENERGY_ALREADY_ATTACHED");
    assert.ok(!duel.legalActions(state, 0).some((a) => a.type === "attach"));
    act(state, 0, { type: "pass" });
    act(state, 1, { type: "pass" });
    act(state, 0, { type: "attach", card: "tide-energy", slot: 0 });
    assert.deepEqual(state.players[0]!.active!.energy, ["tide-energy"]);
  });

  it("a non-energy card cannot be attached", () => {
    const state = board({ hand: ["field-notes"] }, {});
    refused(state, 0, { type: "attach", card: "field-notes", slot: 0 }, "NOT_AN_ENERGY");
  });

  it("the bench holds at most 5 creatures, basics only", () => {
    const state = board({ hand: ["sparkfinch", "furnacemole", "flame-energy"], bench: ["ashhound", "ashhound", "ashhound", "ashhound"] }, {});
    refused(state, 0, { type: "bench", card: "furnacemole" }, "NOT_A_BASIC");
    refused(state, 0, { type: "bench", card: "flame-energy" }, "NOT_A_BASIC");
    const events = act(state, 0, { type: "bench", card: "sparkfinch" });
    assert.deepEqual(events, [{ type: "benched", seat: 0, card: "sparkfinch", slot: 5 }]);
    state.players[0]!.hand.push("cindermole");
    refused(state, 0, { type: "bench", card: "cindermole" }, "BENCH_FULL");
    assert.ok(!duel.legalActions(state, 0).some((a) => a.type === "bench"));
  });

  it("evolve: onto the named lower stage, not on the turn it was played, keeping damage and energy, clearing status", () => {
    const state = board(
      { hand: ["furnacemole", "magmolith", "blazewing", "cindermole"], active: { card: "cindermole", damage: 30, energy: ["flame-energy"], status: ["poisoned"], sinceTurn: 1 } },
      {},
    );
    refused(state, 0, { type: "evolve", card: "blazewing", slot: 0 }, "EVOLUTION_MISMATCH");
    refused(state, 0, { type: "evolve", card: "magmolith", slot: 0 }, "EVOLUTION_MISMATCH");
    refused(state, 0, { type: "evolve", card: "cindermole", slot: 0 }, "NOT_AN_EVOLUTION");
    refused(state, 0, { type: "evolve", card: "furnacemole", slot: 1 }, "BAD_SLOT");
    const events = act(state, 0, { type: "evolve", card: "furnacemole", slot: 0 });
    assert.deepEqual(events, [{ type: "evolved", seat: 0, slot: 0, from: "cindermole", into: "furnacemole" }]);
    assert.ok(duel.eventVisibleTo(events[0]!, 1) && duel.eventVisibleTo(events[0]!, null), "an evolution is public");
    const c = state.players[0]!.active!;
    assert.deepEqual(c.stack, ["cindermole", "furnacemole"]);
    assert.equal(c.damage, 30);
    assert.deepEqual(c.energy, ["flame-energy"]);
    assert.equal(c.poisoned, false);
    // Not twice in one turn, nor onto a creature played this turn.
    refused(state, 0, { type: "evolve", card: "magmolith", slot: 0 }, "EVOLVE_TOO_SOON");
    act(state, 0, { type: "bench", card: "cindermole" });
    state.players[0]!.hand.push("furnacemole");
    refused(state, 0, { type: "evolve", card: "furnacemole", slot: 1 }, "EVOLVE_TOO_SOON");
    act(state, 0, { type: "pass" });
    act(state, 1, { type: "pass" });
    act(state, 0, { type: "evolve", card: "magmolith", slot: 0 });
    act(state, 0, { type: "evolve", card: "furnacemole", slot: 1 });
    assert.deepEqual(state.players[0]!.active!.stack, ["cindermole", "furnacemole", "magmolith"]);
  });

  it("retreat: costs energy (most recently attached first), once per turn, not asleep or paralysed, clears status", () => {
    // Ashhound's retreat cost is 2.
    const state = board({ active: { card: "ashhound", energy: ["tide-energy", "flame-energy", "grove-energy"], status: ["poisoned", "burned"] }, bench: ["sparkfinch", "pyrelamb"] }, {});
    refused(state, 0, { type: "retreat", slot: 3 }, "BAD_SLOT");
    refused(state, 0, { type: "retreat", slot: 0 }, "BAD_SLOT");
    const events = act(state, 0, { type: "retreat", slot: 2 });
    assert.deepEqual(events, [{ type: "retreated", seat: 0, slot: 2, active: "pyrelamb", discarded: ["flame-energy", "grove-energy"] }]);
    const p = state.players[0]!;
    assert.equal(p.active!.stack[0], "pyrelamb");
    assert.deepEqual(p.bench[1]!.energy, ["tide-energy"]);
    assert.equal(p.bench[1]!.poisoned || p.bench[1]!.burned, false);
    assert.deepEqual(p.discard, ["flame-energy", "grove-energy"]);
    refused(state, 0, { type: "retreat", slot: 1 }, "ALREADY_RETREATED");
  });

  it("retreat is refused without enough energy, without a bench, and while asleep or paralysed", () => {
    const s1 = board({ active: { card: "ashhound", energy: ["flame-energy"] }, bench: ["sparkfinch"] }, {});
    refused(s1, 0, { type: "retreat", slot: 1 }, "NOT_ENOUGH_ENERGY");
    const s2 = board({ active: { card: "sparkfinch", energy: ["flame-energy"] } }, {});
    refused(s2, 0, { type: "retreat", slot: 1 }, "BAD_SLOT");
    const s3 = board({ active: { card: "sparkfinch", energy: ["flame-energy"], status: ["asleep"] }, bench: ["ashhound"] }, {});
    refused(s3, 0, { type: "retreat", slot: 1 }, "CREATURE_ASLEEP");
    const s4 = board({ active: { card: "sparkfinch", energy: ["flame-energy"], status: ["paralysed"] }, bench: ["ashhound"] }, {});
    refused(s4, 0, { type: "retreat", slot: 1 }, "CREATURE_PARALYSED");
    // A zero-cost retreat needs no energy.
    const s5 = board({ active: "kelpwisp", bench: ["ashhound"] }, {});
    act(s5, 0, { type: "retreat", slot: 1 });
    assert.equal(s5.players[0]!.active!.stack[0], "ashhound");
  });

  it("a knock-out gives a prize; the owner promotes a benched creature before the next turn starts", () => {
    const state = board(
      { active: { card: "ashhound", energy: ["flame-energy", "flame-energy"] }, prizes: ["field-notes", "tide-energy"] },
      { active: { card: "kelpwisp", damage: 20 }, bench: ["mistotter", "brinecrab"], deck: ["driftjelly"] },
    );
    const events = act(state, 0, { type: "attack", attack: 0 });
    const ko = ofType(events, "knockedOut");
    assert.deepEqual(ko, [{ type: "knockedOut", seat: 1, slot: 0, card: "kelpwisp", discarded: ["kelpwisp"] }]);
    assert.deepEqual(ofType(events, "prizeTaken"), [{ type: "prizeTaken", seat: 0, remaining: 1 }]);
    const prize = ofType(events, "prizeCard")[0]!;
    assert.equal(prize.to, 0);
    assert.ok(!duel.eventVisibleTo(prize, 1));
    assert.ok(state.players[0]!.hand.includes(prize.card));
    assert.equal(state.phase, "PROMOTE");
    assert.deepEqual(duel.activeSeats(state), [1]);
    assert.deepEqual(duel.legalActions(state, 1), [{ type: "promote", slot: 1 }, { type: "promote", slot: 2 }]);
    refused(state, 0, { type: "promote", slot: 1 }, "NOT_YOUR_TURN");
    refused(state, 1, { type: "promote", slot: 3 }, "BAD_SLOT");
    refused(state, 1, { type: "pass" }, "WRONG_PHASE");
    const next = act(state, 1, { type: "promote", slot: 2 });
    assert.deepEqual(next[0], { type: "promoted", seat: 1, slot: 2, active: "brinecrab" });
    assert.equal(state.phase, "MAIN");
    assert.equal(state.current, 1);
    assert.deepEqual(state.players[1]!.bench.map((c) => c.stack[0]), ["mistotter"]);
  });

  it("taking the last prize wins", () => {
    const state = board({ active: { card: "ashhound", energy: ["flame-energy", "flame-energy"] }, prizes: ["field-notes"] }, { active: { card: "kelpwisp", damage: 20 }, bench: ["mistotter"] });
    const events = act(state, 0, { type: "attack", attack: 0 });
    assert.deepEqual(duel.outcome(state), { winnerTeam: 0, scores: [6, 0], reason: "allPrizes" });
    assert.equal(ofType(events, "gameOver").length, 1);
    assert.equal(state.phase, "OVER");
  });

  it("knocking out the last creature in play wins", () => {
    const state = board({ active: { card: "ashhound", energy: ["flame-energy", "flame-energy"] } }, { active: { card: "kelpwisp", damage: 20 } });
    act(state, 0, { type: "attack", attack: 0 });
    assert.equal(duel.outcome(state)!.winnerTeam, 0);
    assert.equal(duel.outcome(state)!.reason, "noCreatures");
  });

  it("if both players win at once (recoil knocks out the attacker's last creature) the game is a draw", () => {
    // Joltpup: Yip Shock 30, recoil 10.
    const state = board({ active: { card: "joltpup", damage: 50, energy: ["volt-energy", "volt-energy"] } }, { active: { card: "kelpwisp", damage: 10 } });
    act(state, 0, { type: "attack", attack: 0 });
    assert.deepEqual(duel.outcome(state), { winnerTeam: null, scores: [1, 1], reason: "bothWon" });
  });

  it("pass ends the turn and nothing else", () => {
    const state = board({ hand: ["sparkfinch"] }, {});
    const events = act(state, 0, { type: "pass" });
    assert.deepEqual(events.map((e) => e.type), ["turnEnded", "turnStarted", "drew", "drawnCards"]);
    assert.deepEqual(state.players[0]!.hand, ["sparkfinch"]);
  });
});
