/** Positions: fromPosition builds a validated play position; every inconsistency has its BAD_POSITION_* code. */
import { strict as assert } from "node:assert";
import { baloot, fromPosition, type PositionDescription } from "../../../src/games/baloot/index.js";

// Hokum in hearts, dealer 3 (D+1 = seat 0 leads), buyer 0. Full 8-card hands.
const FULL = ["AS KS AH 10H 7H AD KD 8C", "8S 7S QS JS 9S 10D 8D 9C", "KH QH JH 9D 7D AC KC QC", "10S 9H 8H QD JD 7C 10C JC"];
const TRICK1 = ["AS", "8S", "7D", "10S"];

function without(played: string[]): string[][] {
  const gone = new Set(played);
  return FULL.map((h) => h.split(" ").filter((c) => !gone.has(c)));
}
function pos(over: Partial<PositionDescription> = {}): PositionDescription {
  const played = (over.played as string[] | undefined) ?? TRICK1;
  return { dealer: 3, contract: { kind: "HOKUM", trump: "H", buyer: 0 }, hands: without(played), played, ...over };
}
function refused(desc: PositionDescription, code: string, text?: string, options = {}): void {
  assert.throws(() => fromPosition(desc, options), (e: Error & { code?: string }) => {
    assert.equal(e.code, code, e.message);
    if (text) assert.ok(e.message.includes(text), e.message);
    return true;
  });
}

describe("baloot positions (fromPosition)", () => {
  it("replays the played cards: trick number, leader, points and the seat to act follow from them", () => {
    const s = fromPosition(pos({ leader: 0, trickNo: 1 }));
    assert.equal(s.phase, "PLAYING");
    assert.equal(s.hand.trickNo, 1);
    assert.equal(s.turn, 0);
    const v = baloot.view(s, 0);
    assert.deepEqual(v.cardCounts, [7, 7, 7, 7]);
    assert.deepEqual(v.cardPoints, [21, 0]); // A 11 + 10 10 (spades are plain in a heart Hokum)
    assert.deepEqual(v.lastTrick!.cards.map((c) => c.card), TRICK1);
    assert.equal(v.contract!.trump, "H");
    // The game goes on from there through the ordinary API.
    baloot.apply(s, 0, { type: "play", card: "KS", akka: true });
    assert.equal(s.turn, 1);
  });

  it("carries doubling level, doubler, closed and the match score", () => {
    const s = fromPosition(pos({ level: 2, doubler: 3, closed: true, scores: [40, 90] }));
    const v = baloot.view(s, 1);
    assert.deepEqual([v.doubling.level, v.doubling.doubler, v.doubling.closed, v.doubling.lastRaiser], [2, 3, true, 3]);
    assert.deepEqual(v.scores, [40, 90]);
    const g = fromPosition(pos({ level: 4, gahwa: true, doubler: 1 }));
    assert.equal(g.hand.lastRaiser, 0);
  });

  it("BAD_POSITION_CARDS: a card twice, or a card missing", () => {
    const hands = without(TRICK1);
    hands[1] = [...hands[1]!.slice(1), "AS"];
    refused(pos({ hands }), "BAD_POSITION_CARDS", "AS appears twice");
    const short = without(TRICK1);
    short[2] = short[2]!.slice(1);
    refused(pos({ hands: short }), "BAD_POSITION_CARDS", "missing");
  });

  it("BAD_POSITION_HAND_SIZE: hand sizes must match the cards each seat has played", () => {
    // One of seat 2's cards moved to seat 3: still 32 cards, but seat 2 holds 6 after one card played.
    const hands = without(TRICK1);
    hands[3] = [...hands[3]!, hands[2]!.pop()!];
    refused(pos({ hands }), "BAD_POSITION_HAND_SIZE", "seat 2");
  });

  it("BAD_POSITION_PLAY: a played card must have been legal when it was played", () => {
    // Seat 1 holds spades but discards 10D on the Ace of spades.
    const played = ["AS", "10D", "7D", "10S"];
    refused(pos({ played, hands: without(played) }), "BAD_POSITION_PLAY", "10D by seat 1");
    // Seat 2 holds trumps and may not discard on a King led without Akka.
    const cut = [...TRICK1, "KS", "7S", "9D"];
    refused(pos({ played: cut, hands: without(cut) }), "BAD_POSITION_PLAY", "9D by seat 2");
  });

  it("BAD_POSITION_CONTRACT: Hokum without trump, Ashkal by a seat that may not call it, face-up card in the wrong hand", () => {
    refused(pos({ contract: { kind: "HOKUM", buyer: 0 } }), "BAD_POSITION_CONTRACT", "trump");
    refused(pos({ contract: { kind: "SUN", buyer: 0, ashkal: true } }), "BAD_POSITION_CONTRACT", "Ashkal");
    refused(pos({ faceUp: "9S" }), "BAD_POSITION_CONTRACT", "face-up");
    assert.equal(fromPosition(pos({ faceUp: "7H" })).hand.faceUp >= 0, true);
  });

  it("BAD_POSITION_DOUBLING: a Sun above ×2, a doubler from the buyer's team, a Sun double the score forbids", () => {
    const sun = { kind: "SUN" as const, buyer: 0 };
    refused(pos({ contract: sun, level: 3, doubler: 1 }), "BAD_POSITION_DOUBLING");
    refused(pos({ level: 2, doubler: 2 }), "BAD_POSITION_DOUBLING", "opponent");
    refused(pos({ level: 2 }), "BAD_POSITION_DOUBLING", "doubler");
    refused(pos({ contract: sun, level: 2, doubler: 1, scores: [0, 0] }), "BAD_POSITION_DOUBLING", "§7.3");
    assert.equal(fromPosition(pos({ contract: sun, level: 2, doubler: 1, scores: [120, 40] })).hand.level, 2);
  });

  it("BAD_POSITION_LEADER: a given leader or trick number must agree with the played cards", () => {
    refused(pos({ leader: 1 }), "BAD_POSITION_LEADER", "seat 0");
    refused(pos({ trickNo: 2 }), "BAD_POSITION_LEADER", "trick 1");
  });

  it("projects declared in trick 1 are replayed at each seat's turn and compared after trick 1", () => {
    // Seat 2 holds J-Q-K of hearts (a Sira) and declares it before his first card.
    const s = fromPosition(pos({ projects: [null, null, ["JH QH KH"], null] }));
    const v = baloot.view(s, 0);
    assert.equal(v.projects.winnerTeam, 0);
    assert.deepEqual(v.projects.revealed, [{ seat: 2, kind: "SIRA", cards: ["JH", "QH", "KH"] }]);
    refused(pos({ projects: [null, null, ["JH QH"], null] }), "BAD_POSITION_PROJECTS", "seat 2");
    refused(pos({ projects: [null, [["7S", "8S", "10S"]], null, null] }), "BAD_POSITION_PROJECTS", "seat 1");
    // In trick 1 before seat 3 has played, his declaration cannot have happened yet.
    const early = ["AS", "8S"];
    refused(pos({ played: early, hands: without(early), projects: [null, null, null, ["7C 8C 9C"]] }), "BAD_POSITION_PROJECTS");
  });

  it("options: rules come from profile/overrides and are validated; deal hooks are refused", () => {
    const s = fromPosition(pos(), { overrides: { play: { partnerExemption: "ANY" } } });
    assert.equal(s.profile.play.partnerExemption, "ANY");
    refused(pos(), "BAD_OPTIONS", undefined, { overrides: { play: { partnerExemption: "SOME" } } });
    refused(pos(), "BAD_OPTIONS", undefined, { dealer: 1 });
  });

  it("a position with every card played is refused (the hand is over)", () => {
    refused({ ...pos(), played: Array(32).fill("7S") }, "BAD_POSITION_PLAY");
  });
});

describe("baloot positions: shape errors", () => {
  it("BAD_POSITION for a description of the wrong shape", () => {
    const base = { dealer: 3, contract: { kind: "SUN" as const, buyer: 0 }, hands: ["7S"] };
    assert.throws(() => fromPosition({ ...base, dealer: 4 } as never), { code: "BAD_POSITION" });
    assert.throws(() => fromPosition(base), { code: "BAD_POSITION" });
    assert.throws(() => fromPosition({ ...base, hands: ["", "", "", ""], played: "AS" } as never), { code: "BAD_POSITION" });
    assert.throws(() => fromPosition({ ...base, hands: ["", "", "", ""], played: [{ akka: true }] } as never), { code: "BAD_POSITION" });
    assert.throws(() => fromPosition({ ...base, hands: ["XX", "", "", ""] }), { code: "BAD_POSITION_CARDS" });
  });
});
