/** The card catalogue: the core set's contents, and refusal of malformed sets on load. */
import { strict as assert } from "node:assert";
import { CORE, cardList, parseCardSet, registerCardSet, catalogueFor } from "../../../src/games/duel/index.js";
import { isIllegalAction } from "../../../src/games/core/IllegalAction.js";
import type { CardSet, CreatureCard } from "../../../src/games/duel/index.js";

function badSet(json: unknown, fragment: string): void {
  assert.throws(
    () => parseCardSet(json),
    (e: unknown) => isIllegalAction(e) && e.code === "BAD_CARD_SET" && e.message.includes(fragment),
    `expected BAD_CARD_SET mentioning ${fragment}`,
  );
}

const creature = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: "test-pup", name: "Test Pup", kind: "creature", element: "flame", hp: 50, stage: 0, retreat: 1,
  attacks: [{ name: "Nip", cost: ["any"], damage: 10 }], ...over,
});

describe("duel catalogue", () => {
  it("the core set holds at least 60 original cards of every kind, with evolutions and every primitive", () => {
    assert.ok(CORE.cards.length >= 60);
    const kinds = new Set(CORE.cards.map((c) => c.kind));
    assert.deepEqual([...kinds].sort(), ["creature", "energy", "trainer"]);
    const creatures = CORE.cards.filter((c): c is CreatureCard => c.kind === "creature");
    assert.ok(creatures.some((c) => c.stage === 1) && creatures.some((c) => c.stage === 2));
    assert.ok(creatures.every((c) => c.attacks.length >= 1 && c.attacks.length <= 2));
    assert.ok(creatures.some((c) => c.weakness) && creatures.some((c) => c.resistance));
    const ops = new Set(CORE.cards.flatMap((c) => (c.kind === "creature" ? c.attacks.flatMap((a) => a.effects ?? []) : c.kind === "trainer" ? c.effects : [])).map((e) => e.op));
    for (const op of ["draw", "heal", "cure", "status", "bonusOnHeads", "benchDamage", "discardEnergy", "recoil", "search", "switch"]) assert.ok(ops.has(op as never), op);
    const conditions = new Set(creatures.flatMap((c) => c.attacks.flatMap((a) => a.effects ?? [])).flatMap((e) => (e.op === "status" ? [e.condition] : [])));
    assert.deepEqual([...conditions].sort(), ["asleep", "burned", "paralysed", "poisoned"]);
    assert.equal(CORE.cards.filter((c) => c.kind === "energy").length, 6);
  });

  it("cardList serves a copy of the set (callers cannot corrupt the catalogue)", () => {
    const list: CardSet = cardList();
    assert.equal(list.cards.length, CORE.cards.length);
    (list.cards[0] as CreatureCard).hp = 999;
    assert.notEqual((CORE.cards[0] as CreatureCard).hp, 999);
  });

  it("a new set is JSON validated on load and registered by name", () => {
    const json = JSON.parse(JSON.stringify({ set: "mini", cards: [creature(), { id: "flame-energy", name: "Flame Energy", kind: "energy", element: "flame" }] }));
    registerCardSet(json);
    assert.equal(catalogueFor("mini").cards.length, 2);
    assert.throws(() => catalogueFor("nope"), (e: unknown) => isIllegalAction(e) && e.code === "BAD_OPTIONS");
  });

  it("refuses malformed sets naming the faulty field", () => {
    badSet(null, "set");
    badSet({ set: "x", cards: [] }, "cards");
    badSet({ set: "x", cards: [creature({ element: "fire" })] }, "cards[0].element");
    badSet({ set: "x", cards: [creature({ hp: 55 })] }, "cards[0].hp");
    badSet({ set: "x", cards: [creature({ attacks: [] })] }, "cards[0].attacks");
    badSet({ set: "x", cards: [creature({ attacks: [{ name: "A", cost: ["plasma"], damage: 10 }] })] }, "cards[0].attacks[0].cost[0]");
    badSet({ set: "x", cards: [creature({ attacks: [{ name: "A", cost: [], damage: 0 }] })] }, "needs damage or an effect");
    badSet({ set: "x", cards: [creature({ attacks: [{ name: "A", cost: [], damage: 10, effects: [{ op: "search", filter: "any", count: 1 }] }] })] }, "effects[0].op");
    badSet({ set: "x", cards: [creature({ attacks: [{ name: "A", cost: [], damage: 10, effects: [{ op: "explode" }] }] })] }, "effects[0].op");
    badSet({ set: "x", cards: [creature({ attacks: [{ name: "A", cost: [], damage: 10, effects: [{ op: "heal", amount: 10, target: "chosen" }] }] })] }, "target");
    badSet({ set: "x", cards: [creature({ attacks: [{ name: "A", cost: [], damage: 10, effects: [{ op: "status", condition: "frozen" }] }] })] }, "condition");
    badSet({ set: "x", cards: [creature({ stage: 1 })] }, "evolvesFrom");
    badSet({ set: "x", cards: [creature({ stage: 1, evolvesFrom: "ghost" })] }, "evolvesFrom");
    badSet({ set: "x", cards: [creature(), creature()] }, "duplicate id");
    badSet({ set: "x", cards: [creature({ colour: "red" })] }, "cards[0].colour");
    badSet({ set: "x", cards: [{ id: "t", name: "T", kind: "trainer", text: "x", effects: [{ op: "search", filter: "any", count: 1 }, { op: "draw", count: 1 }] }] }, "search must be the last");
    badSet({ set: "x", cards: [{ id: "t", name: "T", kind: "trainer", text: "x", effects: [{ op: "switch" }, { op: "heal", amount: 10, target: "chosen" }] }] }, "at most one effect");
    badSet({ set: "x", cards: [{ id: "t", name: "T", kind: "trainer", text: "x", effects: [{ op: "recoil", amount: 10 }] }] }, "effects[0].op");
    badSet({ set: "x", cards: [{ id: "t", name: "T", kind: "gadget" }] }, "kind");
  });
});
