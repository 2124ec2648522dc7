/** Trainer cards: draw, heal, cure, switch, and the deck search revealed to its player only. */
import { strict as assert } from "node:assert";
import { duel } from "../../../src/games/duel/index.js";
import { act, board, ofType, refused } from "./helpers.js";

describe("duel trainers", () => {
  it("draw: the card goes to the discard pile and its player draws", () => {
    const state = board({ hand: ["field-notes"], deck: ["ashhound", "tide-energy", "sparkfinch", "mistotter"] }, {});
    const events = act(state, 0, { type: "trainer", card: "field-notes" });
    assert.deepEqual(events[0], { type: "trainerPlayed", seat: 0, card: "field-notes", slot: null });
    assert.deepEqual(state.players[0]!.hand, ["ashhound", "tide-energy", "sparkfinch"]);
    assert.deepEqual(state.players[0]!.discard, ["field-notes"]);
    assert.equal(state.current, 0, "a trainer does not end the turn");
    const drawn = ofType(events, "drawnCards")[0]!;
    assert.ok(!duel.eventVisibleTo(drawn, 1));
    assert.deepEqual(ofType(events, "drew"), [{ type: "drew", seat: 0, count: 3 }]);
  });

  it("draw from a short deck takes what is there", () => {
    const state = board({ hand: ["field-notes"], deck: ["ashhound"] }, {});
    act(state, 0, { type: "trainer", card: "field-notes" });
    assert.deepEqual(state.players[0]!.hand, ["ashhound"]);
    assert.equal(state.players[0]!.deck.length, 0);
  });

  it("heal a chosen creature (target required, must exist); never below zero damage", () => {
    const state = board({ hand: ["field-ration", "field-ration"], bench: [{ card: "sparkfinch", damage: 20 }] }, {});
    refused(state, 0, { type: "trainer", card: "field-ration" }, "TARGET_REQUIRED");
    refused(state, 0, { type: "trainer", card: "field-ration", slot: 2 }, "BAD_SLOT");
    const events = act(state, 0, { type: "trainer", card: "field-ration", slot: 1 });
    assert.deepEqual(ofType(events, "healed"), [{ type: "healed", seat: 0, slot: 1, amount: 20 }]);
    assert.equal(state.players[0]!.bench[0]!.damage, 0);
  });

  it("a trainer without a target refuses one; a non-trainer cannot be played as one", () => {
    const state = board({ hand: ["field-notes", "ashhound"] }, {});
    refused(state, 0, { type: "trainer", card: "field-notes", slot: 0 }, "BAD_SLOT");
    refused(state, 0, { type: "trainer", card: "ashhound" }, "NOT_A_TRAINER");
  });

  it("cure and heal the active creature", () => {
    const state = board({ hand: ["herbal-tonic"], active: { card: "slabturtle", damage: 50, status: ["poisoned", "asleep"] } }, {});
    const events = act(state, 0, { type: "trainer", card: "herbal-tonic" });
    const c = state.players[0]!.active!;
    assert.equal(c.damage, 30);
    assert.equal(c.special, null);
    assert.equal(c.poisoned, false);
    assert.deepEqual(ofType(events, "statusRemoved").map((e) => e.condition), ["asleep", "poisoned"]);
  });

  it("switch: the active creature swaps with the chosen benched one and loses its status", () => {
    const state = board({ hand: ["tag-out", "tag-out"], active: { card: "slabturtle", status: ["paralysed"] }, bench: ["sparkfinch", "mistotter"] }, {});
    refused(state, 0, { type: "trainer", card: "tag-out", slot: 0 }, "BAD_SLOT");
    refused(state, 0, { type: "trainer", card: "tag-out" }, "TARGET_REQUIRED");
    const events = act(state, 0, { type: "trainer", card: "tag-out", slot: 2 });
    assert.deepEqual(ofType(events, "switched"), [{ type: "switched", seat: 0, slot: 2, active: "mistotter" }]);
    assert.equal(state.players[0]!.bench[1]!.stack[0], "slabturtle");
    assert.equal(state.players[0]!.bench[1]!.special, null);
    const lone = board({ hand: ["tag-out"] }, {});
    refused(lone, 0, { type: "trainer", card: "tag-out", slot: 1 }, "BAD_SLOT");
    assert.ok(!duel.legalActions(lone, 0).some((a) => a.type === "trainer"));
  });

  it("search: only the searching player sees the matching cards; picks up to the count, then the deck is shuffled", () => {
    const deck = ["tide-energy", "flame-energy", "ashhound", "furnacemole", "field-notes", "flame-energy"];
    const state = board({ hand: ["dowsing-rod"], deck }, { hand: ["mistotter"] });
    const played = act(state, 0, { type: "trainer", card: "dowsing-rod" });
    assert.equal(state.phase, "SEARCH");
    assert.deepEqual(played, [{ type: "trainerPlayed", seat: 0, card: "dowsing-rod", slot: null }]);
    const mine = duel.view(state, 0);
    assert.deepEqual(mine.search!.matches, ["flame-energy", "tide-energy"]);
    assert.deepEqual(mine.legal, [{ type: "pick", card: "flame-energy" }, { type: "pick", card: "tide-energy" }, { type: "endSearch" }]);
    for (const viewer of [1, null]) {
      const v = duel.view(state, viewer);
      assert.equal(v.search!.matches, null);
      assert.equal(v.search!.taken, null);
      assert.ok(!JSON.stringify(v).includes("furnacemole"));
    }
    refused(state, 0, { type: "pick", card: "ashhound" }, "CARD_NOT_FOUND");
    refused(state, 0, { type: "pass" }, "WRONG_PHASE");
    refused(state, 1, { type: "pick", card: "flame-energy" }, "NOT_YOUR_TURN");
    act(state, 0, { type: "pick", card: "flame-energy" });
    assert.equal(duel.view(state, 0).search!.takenCount, 1);
    const end = act(state, 0, { type: "pick", card: "flame-energy" });
    // The count (2) is reached: the search ends by itself.
    assert.equal(state.phase, "MAIN");
    assert.deepEqual(ofType(end, "searchTook"), [{ type: "searchTook", seat: 0, count: 2 }]);
    const cards = ofType(end, "searchCards")[0]!;
    assert.deepEqual(cards, { type: "searchCards", to: 0, cards: ["flame-energy", "flame-energy"] });
    assert.ok(!duel.eventVisibleTo(cards, 1) && !duel.eventVisibleTo(cards, null));
    assert.deepEqual(ofType(end, "shuffled"), [{ type: "shuffled", seat: 0 }]);
    assert.deepEqual(state.players[0]!.hand, ["flame-energy", "flame-energy"]);
    assert.deepEqual(state.players[0]!.deck.slice().sort(), ["ashhound", "field-notes", "furnacemole", "tide-energy"]);
  });

  it("search: the player may stop early, and a search with no match ends at once (the deck is still shuffled)", () => {
    const state = board({ hand: ["scout-lantern", "growth-almanac"], deck: ["tide-energy", "ashhound"] }, {});
    act(state, 0, { type: "trainer", card: "scout-lantern" });
    const end = act(state, 0, { type: "endSearch" });
    assert.deepEqual(ofType(end, "searchTook"), [{ type: "searchTook", seat: 0, count: 0 }]);
    assert.deepEqual(ofType(end, "searchCards"), []);
    assert.equal(state.phase, "MAIN");
    const none = act(state, 0, { type: "trainer", card: "growth-almanac" });
    assert.equal(state.phase, "MAIN");
    assert.deepEqual(ofType(none, "searchTook"), [{ type: "searchTook", seat: 0, count: 0 }]);
  });
});
