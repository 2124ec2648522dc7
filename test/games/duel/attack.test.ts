/** Attacks: energy costs, the first-turn rule, weakness and resistance, coin flips and every attack effect. */
import { strict as assert } from "node:assert";
import { duel } from "../../../src/games/duel/index.js";
import { damageAfter, paysCost } from "../../../src/games/duel/attack.js";
import { CORE } from "../../../src/games/duel/catalogue.js";
import type { CreatureCard } from "../../../src/games/duel/types.js";
import { act, board, ofType, refused, seedForCoins } from "./helpers.js";

const card = (id: string): CreatureCard => CORE.byId.get(id) as CreatureCard;

describe("duel attacks", () => {
  it("typed cost symbols need energy of that element; `any` takes whatever is left", () => {
    const state = board({ active: { card: "ashhound", energy: ["tide-energy", "tide-energy"] } }, {});
    const c = state.players[0]!.active!;
    assert.equal(paysCost(state, c, ["flame", "any"]), false);
    assert.equal(paysCost(state, c, ["tide", "any"]), true);
    assert.equal(paysCost(state, c, ["any", "any", "any"]), false);
    refused(state, 0, { type: "attack", attack: 0 }, "NOT_ENOUGH_ENERGY");
    refused(state, 0, { type: "attack", attack: 1 }, "NO_SUCH_ATTACK");
    assert.deepEqual(duel.legalActions(state, 0).filter((a) => a.type === "attack"), []);
  });

  it("the first player may not attack on the first turn", () => {
    const state = board({ active: { card: "ashhound", energy: ["flame-energy", "flame-energy"] } }, {}, { turn: 1 });
    refused(state, 0, { type: "attack", attack: 0 }, "FIRST_TURN_NO_ATTACK");
    state.turn = 2;
    act(state, 0, { type: "attack", attack: 0 });
  });

  it("an attack deals its damage to the defending active creature and ends the turn", () => {
    const state = board({ active: { card: "ashhound", energy: ["flame-energy", "stone-energy"] }, hand: ["flame-energy"] }, { active: "slabturtle" });
    const events = act(state, 0, { type: "attack", attack: 0 });
    assert.deepEqual(ofType(events, "attack"), [
      { type: "attack", seat: 0, card: "ashhound", attack: "Smolder Bite", target: "slabturtle", base: 30, heads: null, weakness: false, resistance: false, damage: 30 },
    ]);
    assert.deepEqual(ofType(events, "damage"), [{ type: "damage", seat: 1, slot: 0, card: "slabturtle", amount: 30, source: "attack" }]);
    assert.equal(state.players[1]!.active!.damage, 30);
    assert.equal(state.current, 1);
    refused(state, 0, { type: "attach", card: "flame-energy", slot: 0 }, "NOT_YOUR_TURN");
  });

  it("weakness doubles the damage; resistance takes 20 off, never below zero", () => {
    // Kilnbeetle (flame) on a grove creature weak to flame: 40 → 80.
    assert.deepEqual(damageAfter(40, card("kilnbeetle"), card("fernfawn")), { damage: 80, weakness: true, resistance: false });
    // Sparkfinch (flame) on Undertoad, which resists flame: 10 → 0 and 30 → 10.
    assert.deepEqual(damageAfter(10, card("sparkfinch"), card("undertoad")), { damage: 0, weakness: false, resistance: true });
    assert.deepEqual(damageAfter(30, card("sparkfinch"), card("undertoad")), { damage: 10, weakness: false, resistance: true });
    assert.deepEqual(damageAfter(0, card("sparkfinch"), card("fernfawn")), { damage: 0, weakness: false, resistance: false });
    const state = board({ active: { card: "kilnbeetle", energy: ["flame-energy", "flame-energy", "flame-energy"] } }, { active: "bramblecat" });
    const events = act(state, 0, { type: "attack", attack: 1 });
    assert.equal(ofType(events, "attack")[0]!.damage, 80);
    assert.ok(ofType(events, "attack")[0]!.weakness);
  });

  it("asleep or paralysed creatures cannot attack", () => {
    const s1 = board({ active: { card: "ashhound", energy: ["flame-energy", "flame-energy"], status: ["asleep"] } }, {});
    refused(s1, 0, { type: "attack", attack: 0 }, "CREATURE_ASLEEP");
    const s2 = board({ active: { card: "ashhound", energy: ["flame-energy", "flame-energy"], status: ["paralysed"] } }, {});
    refused(s2, 0, { type: "attack", attack: 0 }, "CREATURE_PARALYSED");
  });

  it("bonusOnHeads: heads adds the bonus, tails does not; the coin is public", () => {
    // Sparkfinch Flicker Peck: 10, +10 on heads.
    const base = board({ active: { card: "sparkfinch", energy: ["flame-energy"] } }, { active: "slabturtle" });
    const heads = seedForCoins(base, [true], (s) => act(s, 0, { type: "attack", attack: 0 }));
    assert.equal(ofType(heads.events, "attack")[0]!.damage, 20);
    assert.equal(ofType(heads.events, "attack")[0]!.heads, true);
    const tails = seedForCoins(base, [false], (s) => act(s, 0, { type: "attack", attack: 0 }));
    assert.equal(ofType(tails.events, "attack")[0]!.damage, 10);
    assert.ok(ofType(tails.events, "coin").every((e) => duel.eventVisibleTo(e, 1)));
  });

  it("status on heads only: tails leaves the defender unaffected", () => {
    // Zaplet Static Tap: 10, paralysed on heads.
    const base = board({ active: { card: "zaplet", energy: ["volt-energy"] } }, { active: "slabturtle", deck: ["tide-energy", "tide-energy"] });
    const heads = seedForCoins(base, [true], (s) => act(s, 0, { type: "attack", attack: 0 }));
    assert.equal(heads.state.players[1]!.active!.special, "paralysed");
    assert.deepEqual(ofType(heads.events, "statusAdded"), [{ type: "statusAdded", seat: 1, slot: 0, condition: "paralysed" }]);
    const tails = seedForCoins(base, [false], (s) => act(s, 0, { type: "attack", attack: 0 }));
    assert.equal(tails.state.players[1]!.active!.special, null);
  });

  it("benchDamage hits each benched creature of the named side, without weakness or resistance", () => {
    // Maelstroad Riptide Wave: 40 + 20 to each opposing benched creature.
    const state = board(
      { active: { card: "maelstroad", energy: ["tide-energy", "tide-energy", "tide-energy"] }, bench: ["ripplet"] },
      { active: "slabturtle", bench: ["ashhound", "cindermole"] },
    );
    const events = act(state, 0, { type: "attack", attack: 1 });
    assert.deepEqual(ofType(events, "damage").filter((d) => d.source === "bench").map((d) => [d.seat, d.slot, d.amount]), [[1, 1, 20], [1, 2, 20]]);
    assert.equal(state.players[0]!.bench[0]!.damage, 0);
    // Magmolith Caldera Quake: 10 to each benched creature on both sides.
    const s2 = board({ active: { card: "magmolith", energy: ["flame-energy", "flame-energy", "flame-energy"] }, bench: ["ripplet"] }, { active: "slabturtle", bench: ["ashhound"] });
    act(s2, 0, { type: "attack", attack: 1 });
    assert.equal(s2.players[0]!.bench[0]!.damage, 10);
    assert.equal(s2.players[1]!.bench[0]!.damage, 10);
  });

  it("bench damage can knock out benched creatures: each gives a prize", () => {
    const state = board({ active: { card: "maelstroad", energy: ["tide-energy", "tide-energy", "tide-energy"] } }, { active: "slabturtle", bench: [{ card: "kelpwisp", damage: 20 }, "ashhound"] });
    const events = act(state, 0, { type: "attack", attack: 1 });
    assert.deepEqual(ofType(events, "knockedOut").map((k) => [k.seat, k.slot, k.card]), [[1, 1, "kelpwisp"]]);
    assert.equal(state.players[0]!.prizes.length, 5);
    assert.deepEqual(state.players[1]!.bench.map((c) => c.stack[0]), ["ashhound"]);
  });

  it("discardEnergy discards the most recently attached energy; recoil damages the attacker", () => {
    const s1 = board({ active: { card: "furnacemole", under: ["cindermole"], energy: ["tide-energy", "flame-energy", "flame-energy", "grove-energy"] } }, { active: "slabturtle" });
    const e1 = act(s1, 0, { type: "attack", attack: 1 });
    assert.deepEqual(ofType(e1, "energyDiscarded"), [{ type: "energyDiscarded", seat: 0, slot: 0, cards: ["grove-energy"] }]);
    assert.deepEqual(s1.players[0]!.active!.energy, ["tide-energy", "flame-energy", "flame-energy"]);
    assert.deepEqual(s1.players[0]!.discard, ["grove-energy"]);
    const s2 = board({ active: { card: "joltpup", energy: ["volt-energy", "volt-energy"] } }, { active: "slabturtle" });
    const e2 = act(s2, 0, { type: "attack", attack: 0 });
    assert.deepEqual(ofType(e2, "damage").find((d) => d.source === "recoil"), { type: "damage", seat: 0, slot: 0, card: "joltpup", amount: 10, source: "recoil" });
    assert.equal(s2.players[0]!.active!.damage, 10);
  });

  it("heal self and draw in an attack", () => {
    // Mistotter Dew Drink: 0 damage, heal 30 self, draw 1.
    const state = board({ active: { card: "mistotter", energy: ["tide-energy"], damage: 20 }, deck: ["field-notes", "tide-energy"] }, { active: "slabturtle" });
    const events = act(state, 0, { type: "attack", attack: 0 });
    assert.deepEqual(ofType(events, "healed"), [{ type: "healed", seat: 0, slot: 0, amount: 20 }]);
    assert.equal(state.players[0]!.active!.damage, 0);
    assert.deepEqual(state.players[0]!.hand, ["field-notes"]);
    assert.deepEqual(ofType(events, "damage"), []);
  });
});
