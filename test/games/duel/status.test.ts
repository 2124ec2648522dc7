/** Status conditions, checked between turns: poison, burn, sleep, paralysis; cleared by leaving the active spot. */
import { strict as assert } from "node:assert";
import { duel } from "../../../src/games/duel/index.js";
import { act, board, ofType, seedForCoins } from "./helpers.js";

describe("duel status conditions", () => {
  it("poisoned: 10 damage between every turn, and it stays", () => {
    const state = board({}, { active: { card: "slabturtle", status: ["poisoned"] } });
    const e1 = act(state, 0, { type: "pass" });
    assert.deepEqual(ofType(e1, "damage"), [{ type: "damage", seat: 1, slot: 0, card: "slabturtle", amount: 10, source: "poison" }]);
    act(state, 1, { type: "pass" });
    assert.equal(state.players[1]!.active!.damage, 20);
    assert.equal(state.players[1]!.active!.poisoned, true);
  });

  it("burned: 20 damage between turns, then a coin: heads removes the burn", () => {
    const base = board({ active: { card: "slabturtle", status: ["burned"] } }, {});
    const heads = seedForCoins(base, [true], (s) => act(s, 0, { type: "pass" }));
    assert.equal(heads.state.players[0]!.active!.damage, 20);
    assert.equal(heads.state.players[0]!.active!.burned, false);
    assert.deepEqual(ofType(heads.events, "statusRemoved"), [{ type: "statusRemoved", seat: 0, slot: 0, condition: "burned" }]);
    const tails = seedForCoins(base, [false], (s) => act(s, 0, { type: "pass" }));
    assert.equal(tails.state.players[0]!.active!.damage, 20);
    assert.equal(tails.state.players[0]!.active!.burned, true);
  });

  it("asleep: a coin between turns, heads wakes it up", () => {
    const base = board({}, { active: { card: "slabturtle", status: ["asleep"] } });
    const heads = seedForCoins(base, [true], (s) => act(s, 0, { type: "pass" }));
    assert.equal(heads.state.players[1]!.active!.special, null);
    const tails = seedForCoins(base, [false], (s) => act(s, 0, { type: "pass" }));
    assert.equal(tails.state.players[1]!.active!.special, "asleep");
    assert.deepEqual(ofType(tails.events, "coin"), [{ type: "coin", seat: 1, heads: false, for: "asleep" }]);
  });

  it("paralysed: lasts through its owner's next turn and is removed at its end", () => {
    // Brinecrab Salt Spray: paralysed on heads.
    const state = board({ active: { card: "brinecrab", energy: ["tide-energy", "tide-energy"] } }, { active: "slabturtle", deck: ["tide-energy", "tide-energy", "tide-energy"] });
    const hit = seedForCoins(state, [true], (s) => act(s, 0, { type: "attack", attack: 1 }));
    const s = hit.state;
    assert.equal(s.players[1]!.active!.special, "paralysed");
    // Seat 1's turn: cannot attack or retreat; passing ends its turn and the paralysis.
    assert.ok(!duel.legalActions(s, 1).some((a) => a.type === "attack" || a.type === "retreat"));
    const end = act(s, 1, { type: "pass" });
    assert.deepEqual(ofType(end, "statusRemoved"), [{ type: "statusRemoved", seat: 1, slot: 0, condition: "paralysed" }]);
    assert.equal(s.players[1]!.active!.special, null);
  });

  it("asleep and paralysed replace each other; poison and burn stack with them", () => {
    const base = board({ active: { card: "buzzmoth", energy: ["volt-energy"] } }, { active: { card: "slabturtle", status: ["paralysed", "poisoned", "burned"] } });
    // Buzzmoth Hum: asleep. Between turns the burn coin and the sleep coin both come up tails.
    const { state, events } = seedForCoins(base, [false, false], (s) => act(s, 0, { type: "attack", attack: 0 }));
    const c = state.players[1]!.active!;
    assert.equal(c.special, "asleep");
    assert.equal(c.poisoned, true);
    assert.equal(c.burned, true);
    assert.deepEqual(ofType(events, "statusAdded"), [{ type: "statusAdded", seat: 1, slot: 0, condition: "asleep" }]);
    assert.deepEqual(duel.view(state, 0).players[1]!.active!.status, ["asleep", "poisoned", "burned"]);
  });

  it("poison between turns can knock out: the prize goes to the other player and a promotion follows", () => {
    const state = board({ bench: ["sparkfinch"], active: { card: "kelpwisp", damage: 30, status: ["poisoned"] } }, {});
    const events = act(state, 0, { type: "pass" });
    assert.deepEqual(ofType(events, "knockedOut").map((k) => k.seat), [0]);
    assert.equal(state.players[1]!.prizes.length, 5);
    assert.equal(state.phase, "PROMOTE");
    assert.deepEqual(duel.activeSeats(state), [0]);
    act(state, 0, { type: "promote", slot: 1 });
    assert.equal(state.current, 1);
  });

  it("retreat and evolution clear status conditions", () => {
    const state = board({ active: { card: "sparkfinch", energy: ["flame-energy"], status: ["poisoned"] }, bench: ["ashhound"] }, {});
    act(state, 0, { type: "retreat", slot: 1 });
    assert.equal(state.players[0]!.bench[0]!.poisoned, false);
    const ev = board({ hand: ["blazewing"], active: { card: "sparkfinch", status: ["asleep", "burned"] } }, {});
    act(ev, 0, { type: "evolve", card: "blazewing", slot: 0 });
    assert.deepEqual(duel.view(ev, 0).players[0]!.active!.status, []);
  });
});
