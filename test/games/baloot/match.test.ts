/** §11 match end: target, both-cross, exact tie → extra hand, targetScore option, forfeit. */
import { strict as assert } from "node:assert";
import { baloot, type BalootOptions } from "../../../src/games/baloot/index.js";
import { PASS, SKIP, bid, stackDeck, table } from "./helpers.js";

const HANDS = ["JH 9H AH 10H 7H AS AD KD", "8H QS JS 9S 8S 7S 10D 7D", "KH QH AC 10C KC QC JC 9D", "10S KS 8D JD QD 7C 8C 9C"];
const deck = stackDeck(3, HANDS, "7H", 0);
const SUN_LINE = [
  ["JH", "8H", "QH", "7C"],
  ["AC", "8C", "7H", "7S"],
  ["10C", "9C", "9H", "8S"],
  ["KC", "10S", "10H", "9S"],
  ["QC", "KS", "AH", "JS"],
  ["JC", "8D", "AD", "QS"],
  ["KH", "JD", "KD", "10D"],
  ["9D", "QD", "AS", "7D"],
];
/** Sun by seat 0 that scores 22 / 4 (see hands.test.ts). */
function sunHand(extra: BalootOptions) {
  const t = table({ deck, dealer: 3, ...extra });
  t.act(0, bid("SUN"));
  if (t.state.phase === "DOUBLING") {
    t.act(1, SKIP);
    t.act(3, SKIP);
  }
  for (const trick of SUN_LINE) t.play(...trick);
  return t;
}

describe("baloot match end (§11)", () => {
  it("one team reaches the target → it wins", () => {
    const t = sunHand({ scores: [140, 0] });
    assert.equal(t.state.phase, "OVER");
    assert.deepEqual(baloot.outcome(t.state), { winnerTeam: 0, scores: [162, 4], reason: "TARGET_REACHED" });
    assert.deepEqual(t.last("matchOver"), { type: "matchOver", winnerTeam: 0, scores: [162, 4], reason: "TARGET_REACHED" });
    assert.throws(() => t.act(0, PASS), { code: "MATCH_OVER" });
    assert.deepEqual(baloot.activeSeats(t.state), []);
  });
  it("both cross in the same hand → the higher total wins", () => {
    const t = sunHand({ scores: [140, 150] });
    assert.deepEqual(baloot.outcome(t.state)!.scores, [162, 154]);
    assert.equal(baloot.outcome(t.state)!.winnerTeam, 0);
  });
  it("both cross with equal totals → another hand", () => {
    const t = sunHand({ scores: [130, 148] });
    assert.deepEqual(t.state.scores, [152, 152]);
    assert.equal(t.state.phase, "BIDDING");
    assert.equal(baloot.outcome(t.state), null);
    assert.equal(t.state.handNo, 2);
  });
  it("targetScore option", () => {
    const t = sunHand({ targetScore: 20 });
    assert.equal(t.state.phase, "OVER");
    assert.equal(baloot.view(t.state, null).targetScore, 20);
  });
  it("forfeit ends the match for the other team", () => {
    const t = table({ deck, dealer: 3 });
    const r = baloot.forfeit(t.state, 1, "timeouts");
    assert.deepEqual(r.events, [{ type: "matchOver", winnerTeam: 0, scores: [0, 0], reason: "FORFEIT: timeouts" }]);
    assert.equal(baloot.outcome(r.state)!.winnerTeam, 0);
    assert.ok(baloot.isCheckpoint(r.events[0]!));
  });
});
