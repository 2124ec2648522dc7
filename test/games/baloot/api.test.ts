/** The GameDefinition surface: error codes, refused actions change nothing, views, events, bots, box score. */
import { strict as assert } from "node:assert";
import { baloot, initialEvents, randomBot, type BalootEvent, type BalootState } from "../../../src/games/baloot/index.js";
import { botTurn } from "../../../src/games/core/GameDefinition.js";
import { createRng, seedState } from "../../../src/games/core/rng.js";
import { isIllegalAction } from "../../../src/games/core/IllegalAction.js";
import { PASS, bid, stackDeck, table } from "./helpers.js";

const HANDS = ["JH 9H AH 10H 7H AS AD KD", "8H QS JS 9S 8S 7S 10D 7D", "KH QH AC 10C KC QC JC 9D", "10S KS 8D JD QD 7C 8C 9C"];
const deck = stackDeck(3, HANDS, "7H", 0);

function refused(state: BalootState, seat: number, action: unknown, code: string): void {
  const before = baloot.clone(state);
  try {
    baloot.apply(state, seat, action);
    assert.fail(`expected ${code}`);
  } catch (e) {
    assert.ok(isIllegalAction(e), String(e));
    assert.equal(e.code, code);
  }
  assert.deepEqual(state, before, "a refused action must not change the state");
}

describe("baloot API", () => {
  it("malformed, wrong seat, wrong phase, not held, illegal: IllegalAction and no change", () => {
    const t = table({ deck, dealer: 3 });
    for (const bad of [null, 3, "bid", [], {}, { type: 1 }, { type: "nope" }, { type: "bid" }, { type: "bid", bid: "SUNNY" }, { type: "bid", bid: "PASS", x: 1 }, { type: "play", card: "11H" }, { type: "play", card: "AH", akka: "yes" }, { type: "double", closed: 1 }, { type: "confirm", choice: "X" }, { type: "bid", bid: "SUN", suit: "H" }]) {
      refused(t.state, 0, bad, "MALFORMED_ACTION");
    }
    refused(t.state, 1, PASS, "NOT_YOUR_TURN");
    refused(t.state, 7, PASS, "BAD_SEAT");
    refused(t.state, 0, { type: "play", card: "JH" }, "WRONG_PHASE");
    refused(t.state, 0, { type: "double" }, "WRONG_PHASE");
    refused(t.state, 0, { type: "confirm", choice: "HOKUM" }, "ILLEGAL_BID");
    t.act(0, bid("HOKUM"));
    t.act(1, PASS);
    t.act(2, PASS);
    t.act(3, PASS);
    t.act(0, { type: "confirm", choice: "HOKUM" });
    refused(t.state, 1, bid("SUN"), "WRONG_PHASE");
    t.act(1, { type: "skipDouble" });
    t.act(3, { type: "skipDouble" });
    refused(t.state, 0, { type: "play", card: "8H" }, "CARD_NOT_IN_HAND");
    t.play("JH");
    refused(t.state, 1, { type: "play", card: "QS" }, "ILLEGAL_CARD");
    refused(t.state, 1, { type: "play", card: "8H", akka: true }, "INVALID_AKKA");
    refused(t.state, 1, { type: "sawa" }, "SAWA_NOT_ON_LEAD");
    refused(t.state, 1, { type: "skipQaid" }, "WRONG_PHASE");
  });

  it("views: own cards only, no stock, spectators see no hand; legal actions only for the seat to act", () => {
    const t = table({ deck, dealer: 3 });
    const v0 = baloot.view(t.state, 0);
    assert.deepEqual(v0.myCards!.length, 5);
    assert.equal(v0.legalActions.length > 0, true);
    const v1 = baloot.view(t.state, 1);
    assert.deepEqual(v1.legalActions, []);
    const spec = baloot.view(t.state, null);
    assert.equal(spec.myCards, null);
    assert.deepEqual(spec.cardCounts, [5, 5, 5, 5]);
    const others = HANDS[1]!.split(" ").slice(0, 5);
    const text = JSON.stringify(v0);
    for (const c of others) assert.ok(!new RegExp(`"${c}"`).test(text), `seat 0 must not see ${c}`);
    assert.ok(!JSON.stringify(spec).includes('"KD"'));
  });

  it("events: private deals go to their owner; hand ends are checkpoints; initialEvents opens the log", () => {
    const t = table({ deck, dealer: 3 });
    const first = initialEvents(t.state);
    assert.deepEqual(first.map((e) => e.type), ["handStarted", "dealt", "dealt", "dealt", "dealt", "faceUp"]);
    const dealt = first.filter((e) => e.type === "dealt") as Extract<BalootEvent, { type: "dealt" }>[];
    for (const e of dealt) {
      assert.ok(baloot.eventVisibleTo(e, e.to));
      assert.ok(!baloot.eventVisibleTo(e, (e.to + 1) & 3));
      assert.ok(!baloot.eventVisibleTo(e, null));
    }
    assert.ok(baloot.eventVisibleTo(first[0]!, null));
    assert.ok(baloot.isCheckpoint({ type: "handCancelled", hand: 1, reason: "ALL_PASS" }));
    assert.ok(!baloot.isCheckpoint(first[0]!));
  });

  it("timeoutAction and bots always give legal actions; box score folds the log", () => {
    const rng = createRng(seedState("api"));
    for (let m = 0; m < 6; m++) {
      const state = baloot.setup({ seed: `api-${m}`, seats: 4, options: { profile: m % 2 ? "KAMMELNA_LIKE" : "SAUDI_DEFAULT" } });
      const events: BalootEvent[] = initialEvents(state);
      let steps = 0;
      while (baloot.outcome(state) === null && steps++ < 3000) {
        const seat = baloot.activeSeats(state)[0]!;
        const pick = steps % 3;
        const action = pick === 0 ? baloot.timeoutAction(state, seat) : pick === 1 ? botTurn(baloot, state, seat, null, rng).action : randomBot(state, seat, rng);
        events.push(...baloot.apply(state, seat, action).events);
      }
      assert.notEqual(baloot.outcome(state), null);
      const box = baloot.summarise(events);
      assert.deepEqual(box.scores, baloot.outcome(state)!.scores);
      assert.equal(box.final!.winnerTeam, baloot.outcome(state)!.winnerTeam);
      const tricks = box.players.reduce((a, p) => a + p.tricks, 0);
      const played = box.hands.filter((h) => !h.cancelled);
      assert.ok(tricks <= played.length * 8);
      assert.ok(played.every((h) => h.contract !== null && h.buyer !== null));
      assert.equal(box.players.reduce((a, p) => a + p.contracts, 0), played.length);
    }
  });

  it("timeoutAction: pass, confirm Hokum, skip raises, lowest-value legal card", () => {
    const t = table({ deck, dealer: 3 });
    assert.deepEqual(baloot.timeoutAction(t.state, 0), { type: "bid", bid: "PASS" });
    t.act(0, bid("HOKUM"));
    t.act(1, PASS);
    t.act(2, PASS);
    t.act(3, PASS);
    assert.deepEqual(baloot.timeoutAction(t.state, 0), { type: "confirm", choice: "HOKUM" });
    t.act(0, { type: "confirm", choice: "HOKUM" });
    assert.deepEqual(baloot.timeoutAction(t.state, 1), { type: "skipDouble" });
    t.act(1, { type: "skipDouble" });
    t.act(3, { type: "skipDouble" });
    // Seat 0 holds JH 9H AH 10H 7H AS AD KD (hearts trump): fewest points first (7H, 0), then side suits before trumps.
    assert.deepEqual(baloot.timeoutAction(t.state, 0), { type: "play", card: "7H" });
    t.play("KD");
    // Seat 1 must follow diamonds: 7D (0) rather than 10D (10).
    assert.deepEqual(baloot.timeoutAction(t.state, 1), { type: "play", card: "7D" });
  });

  it("setup options: bad decks and profiles are refused", () => {
    assert.throws(() => baloot.setup({ seed: "x", seats: 4, options: { deck: ["7S"] } }), { code: "BAD_OPTIONS" });
    assert.throws(() => baloot.setup({ seed: "x", seats: 4, options: { profile: "NOPE" } }), { code: "BAD_OPTIONS" });
    assert.throws(() => baloot.setup({ seed: "x", seats: 3, options: {} }));
    const s = baloot.setup({ seed: "x", seats: 4, options: { hands: ["7S 8S 9S 10S JS", "QS KS AS 7H 8H", "9H 10H JH QH KH", "7D 8D 9D 10D JD"], faceUp: "AH", dealer: 1 } });
    assert.equal(s.hand.faceUp, 15);
    assert.deepEqual(baloot.teams(4), [
      [0, 2],
      [1, 3],
    ]);
  });
});
