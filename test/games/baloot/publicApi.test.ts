/** Public API: chosen project declarations (§9), exported scoring/project functions, view fields, explicit action shapes. */
import { strict as assert } from "node:assert";
import {
  applyHandToMatch,
  baloot,
  compareTeamProjects,
  findProjects,
  fromPosition,
  scoreHand,
  type BalootAction,
} from "../../../src/games/baloot/index.js";
import { PASS, bid, table } from "./helpers.js";

// Sun, dealer 3: seat 0 (D+1) leads trick 1. Seat 0: two Siras; seat 1: two Siras; seat 2: a Fifty; seat 3: a Sira and a Fifty.
const HANDS = ["7S 8S 9S JH QH KH AD 10C", "10S JS QS 7H 8H 9H 7D 8D", "KS AS 10H AH 9D 10D JD QD", "KD 7C 8C 9C JC QC KC AC"];
const sunAt = (played: string[] = [], over: object = {}) => {
  const gone = new Set(played);
  return fromPosition({ dealer: 3, contract: { kind: "SUN", buyer: 0 }, hands: HANDS.map((h) => h.split(" ").filter((c) => !gone.has(c))), played, ...over });
};
const declares = (actions: BalootAction[]) => actions.filter((a) => a.type === "declareProjects");

describe("baloot declareProjects with a choice (§9.4)", () => {
  it("§9.4 a player may declare only some of his projects (hide one)", () => {
    const s = sunAt();
    const events = baloot.apply(s, 0, { type: "declareProjects", projects: [{ cards: ["JH", "QH", "KH"] }] }).events;
    assert.deepEqual(events, [{ type: "projectsDeclared", seat: 0, kinds: ["SIRA"] }]);
    assert.deepEqual(baloot.view(s, 0).projects.mine, [{ kind: "SIRA", cards: ["JH", "QH", "KH"] }]);
    assert.throws(() => baloot.apply(s, 0, { type: "declareProjects" }), { code: "ALREADY_DECLARED" });
  });

  it("§9.4 'declare my best' stays the convenience; legalActions lists it and every valid choice", () => {
    const s = sunAt();
    const list = declares(baloot.legalActions(s, 0));
    assert.deepEqual(list[0], { type: "declareProjects" });
    assert.equal(list.length, 4); // best, {7S 8S 9S}, {JH QH KH}, both
    baloot.apply(s, 0, { type: "declareProjects" });
    assert.deepEqual(baloot.view(s, 0).projects.mine!.map((p) => p.kind), ["SIRA", "SIRA"]);
  });

  it("§9.1 the named projects must be in the hand, whole, and of the kind named", () => {
    const s = sunAt();
    const refuse = (projects: unknown, code: string) =>
      assert.throws(() => baloot.apply(s, 0, { type: "declareProjects", projects } as BalootAction), { code });
    refuse([{ cards: ["8S", "9S", "10S"] }], "PROJECT_NOT_HELD"); // 10S is not his
    refuse([{ cards: ["7S", "8S", "9S"], kind: "FIFTY" }], "PROJECT_NOT_HELD");
    refuse([{ cards: ["JH", "QH"] }], "MALFORMED_ACTION");
    refuse([{ cards: ["7S", "8S", "9S"] }, { cards: ["7S", "8S", "9S"] }], "ILLEGAL_PROJECTS");
    refuse([], "ILLEGAL_PROJECTS");
    assert.equal(s.hand.declared[0], null, "refusals change nothing");
  });

  it("§9.1 part of a longer run is not a project of its own", () => {
    const t = sunAt(["7S", "10S", "KS"]); // seat 3 to play in trick 1
    assert.equal(t.turn, 3);
    assert.throws(() => baloot.apply(t, 3, { type: "declareProjects", projects: [{ cards: ["JC", "QC", "KC"] }] }), { code: "PROJECT_NOT_HELD" });
    baloot.apply(t, 3, { type: "declareProjects", projects: [{ cards: ["JC", "QC", "KC", "AC"], kind: "FIFTY" }] });
    assert.deepEqual(baloot.view(t, 3).projects.mine, [{ kind: "FIFTY", cards: ["JC", "QC", "KC", "AC"] }]);
  });

  it("§9.1 maxPerPlayer caps a chosen declaration too", () => {
    const capped = fromPosition(
      { dealer: 3, contract: { kind: "SUN", buyer: 0 }, hands: HANDS },
      { overrides: { projects: { maxPerPlayer: 1 } } },
    );
    assert.throws(
      () => baloot.apply(capped, 0, { type: "declareProjects", projects: [{ cards: ["7S", "8S", "9S"] }, { cards: ["JH", "QH", "KH"] }] }),
      { code: "ILLEGAL_PROJECTS" },
    );
  });

  it("§9.1 one card, one project: a four of a kind and a run sharing a card cannot both be declared", () => {
    const rest = "7S 8S 9S 10S JS 7H 8H 9H 10H JH QH 7D 8D 9D 10D JD QD 7C 8C 9C 10C JC QC AD".split(" ");
    const hands = ["KS KH KD KC QS AS AH AC", rest.slice(0, 8).join(" "), rest.slice(8, 16).join(" "), rest.slice(16).join(" ")];
    const s = fromPosition({ dealer: 3, contract: { kind: "SUN", buyer: 0 }, hands });
    assert.throws(
      () => baloot.apply(s, 0, { type: "declareProjects", projects: [{ cards: ["KS", "KH", "KD", "KC"] }, { cards: ["QS", "KS", "AS"] }] }),
      { code: "ILLEGAL_PROJECTS" },
    );
    baloot.apply(s, 0, { type: "declareProjects", projects: [{ cards: ["QS", "KS", "AS"] }] });
    assert.deepEqual(baloot.view(s, 0).projects.mine, [{ kind: "SIRA", cards: ["QS", "KS", "AS"] }]);
  });
});

describe("baloot exported scoring and project functions", () => {
  it("findProjects: the best combination, with game points per contract", () => {
    assert.deepEqual(findProjects("7S 8S 9S JH QH KH AD 10C", "SUN"), [
      { kind: "SIRA", cards: ["JH", "QH", "KH"], raw: 20, gamePoints: 4 },
      { kind: "SIRA", cards: ["7S", "8S", "9S"], raw: 20, gamePoints: 4 },
    ]);
    assert.deepEqual(findProjects(["AS", "AH", "AD", "AC", "7S"], "HOKUM").map((p) => [p.kind, p.gamePoints]), [["HUNDRED", 10]]);
    assert.throws(() => findProjects("7S 8S", "NT" as never), { code: "BAD_INPUT" });
  });

  it("compareTeamProjects: the best single project decides; an exact tie goes to the seat nearer the dealer's right", () => {
    const r = compareTeamProjects({
      contract: "SUN",
      dealer: 3,
      projects: [
        { seat: 1, cards: "7H 8H 9H" },
        { seat: 2, cards: "7S 8S 9S" },
        { seat: 0, cards: "JH QH KH" },
      ],
    });
    assert.equal(r.winnerTeam, 0);
    assert.equal(r.bestSeat, 0);
    assert.deepEqual(r.teams[0].gamePoints, 8);
    assert.deepEqual(r.teams[1].projects, []);
    const tie = compareTeamProjects({ contract: "HOKUM", dealer: 0, projects: [{ seat: 3, cards: "7H 8H 9H" }, { seat: 2, cards: "7S 8S 9S" }] });
    assert.equal(tie.bestSeat, 2); // dealer 0: seat 1 speaks first, then 2, then 3
    assert.throws(() => compareTeamProjects({ contract: "SUN", dealer: 0, projects: [{ seat: 0, cards: "7H 8H 10H" }] }), { code: "BAD_INPUT" });
  });

  it("scoreHand: team inputs, the last-trick 10 added inside (§10.4)", () => {
    // Hokum: non-buyer 45 card points + nothing else → 4 / 12 (the buyer's team took the last trick).
    const r = scoreHand({ contract: "HOKUM", trump: "S", buyer: 0, dealer: 3, teams: [{ cardPoints: 107, tricks: 5 }, { cardPoints: 45, tricks: 3 }], lastTrickTeam: 0 });
    assert.equal(r.result, "MADE");
    assert.deepEqual(r.gamePoints, [12, 4]);
    assert.deepEqual([r.teams[0].ground, r.teams[0].abnat, r.teams[1].abnat], [10, 117, 45]);
    // The same points with the last trick to the other team: 55 → 5 / 11.
    assert.deepEqual(scoreHand({ contract: "HOKUM", trump: "S", buyer: 0, dealer: 3, teams: [{ cardPoints: 107, tricks: 5 }, { cardPoints: 45, tricks: 3 }], lastTrickTeam: 1 }).gamePoints, [11, 5]);
  });

  it("scoreHand: kaboot under kabootProjects NONE is a flat 25 and Baloot counts for nobody (§10.6)", () => {
    const hand = { contract: "HOKUM" as const, trump: "H" as const, buyer: 0, dealer: 3, teams: [{ cardPoints: 152, tricks: 8 }, { cardPoints: 0, tricks: 0 }] as const, lastTrickTeam: 0 as const, baloot: { seat: 1, announced: true } };
    assert.deepEqual(scoreHand(hand).gamePoints, [25, 2]);
    assert.deepEqual(scoreHand(hand, { overrides: { scoring: { kabootProjects: "NONE" } } }).gamePoints, [25, 0]);
  });

  it("scoreHand validates its input and the rules", () => {
    const ok = { contract: "SUN" as const, buyer: 0, dealer: 3, teams: [{ cardPoints: 60, tricks: 4 }, { cardPoints: 60, tricks: 4 }] as const, lastTrickTeam: 0 as const };
    assert.equal(scoreHand(ok).result, "MADE");
    assert.throws(() => scoreHand({ ...ok, teams: [{ cardPoints: 60, tricks: 4 }, { cardPoints: 70, tricks: 4 }] }), { code: "BAD_INPUT" });
    assert.throws(() => scoreHand({ ...ok, level: 3, doubler: 1 }), { code: "BAD_INPUT" });
    assert.throws(() => scoreHand(ok, { overrides: { scoring: { tie: "COIN" } } } as never), { code: "BAD_OPTIONS" });
  });

  it("applyHandToMatch: target reached ends the match; both over → higher total", () => {
    assert.deepEqual(applyHandToMatch([140, 100], { gamePoints: [16, 0], decidedMatch: false, winnerTeam: 0 }), { scores: [156, 100], over: true, winnerTeam: 0 });
    assert.deepEqual(applyHandToMatch([150, 150], { gamePoints: [5, 5], decidedMatch: false, winnerTeam: null }), { scores: [155, 155], over: false, winnerTeam: null });
    assert.deepEqual(applyHandToMatch([0, 0], { gamePoints: [10, 0], decidedMatch: false, winnerTeam: 0 }, { targetScore: 10 }).over, true);
  });
});

describe("baloot view: public information and explicit action shapes", () => {
  it("undealt: 11 during the auction, 0 after the completion deal; lastTrickBonus 10", () => {
    const t = table({ dealer: 3 });
    let v = baloot.view(t.state, null);
    assert.equal(v.undealt, 11);
    assert.deepEqual(v.lastTrickBonus, { points: 10, team: null });
    t.act(0, bid("SUN"));
    v = baloot.view(t.state, 2);
    assert.equal(v.undealt, 0);
  });

  it("lastTrickBonus names the team once trick 8 is won (QAID end-of-hand window)", () => {
    const played = ["AC", "8C", "10D", "7S", "10C", "7C", "8D", "8S", "KC", "AD", "7D", "9S", "QC", "KD", "10H", "10S", "JC", "QD", "KH", "JS", "9C", "JD", "QH", "JH"];
    const s = fromPosition(
      { dealer: 3, contract: { kind: "SUN", buyer: 0 }, hands: ["AS 7H", "KS 8H", "9D AH", "QS 9H"], played },
      { overrides: { play: { illegalCard: "QAID" } } },
    );
    for (const c of ["AS", "KS", "9D", "QS", "7H", "8H", "AH", "9H"]) baloot.apply(s, s.turn, { type: "play", card: c });
    assert.equal(s.phase, "QAID_WINDOW");
    assert.deepEqual(baloot.view(s, null).lastTrickBonus, { points: 10, team: 0 });
  });

  it("round 1 Hokum is listed with its suit; the suit-less shape is an accepted alias", () => {
    const t = table({ dealer: 3, hands: ["7S 8S 9S 10S JS", "QS KS AS 7H 8H", "9H 10H JH QH KH", "7D 8D 9D 10D JD"], faceUp: "QD" });
    assert.ok(baloot.legalActions(t.state, 0).some((a) => JSON.stringify(a) === JSON.stringify({ type: "bid", bid: "HOKUM", suit: "D" })));
    assert.ok(!baloot.legalActions(t.state, 0).some((a) => JSON.stringify(a) === JSON.stringify({ type: "bid", bid: "HOKUM" })));
    t.act(0, bid("HOKUM"));
    assert.equal(t.state.hand.bidding.hokumSuit, 2);
  });

  it("'before you' is its own call (BEFORE_YOU); a plain SUN in that window is an accepted alias", () => {
    const open = () => {
      const t = table({ dealer: 3 });
      t.act(0, PASS);
      t.act(1, PASS);
      t.act(2, bid("SUN"));
      return t;
    };
    const t = open();
    assert.deepEqual(baloot.legalActions(t.state, 1), [bid("PASS"), bid("BEFORE_YOU")]);
    t.act(1, bid("BEFORE_YOU"));
    assert.equal(t.state.hand.contract!.buyer, 1);
    assert.equal(t.last("bid")!.call, "BEFORE_YOU");
    const t2 = open();
    t2.act(1, bid("SUN"));
    assert.equal(t2.state.hand.contract!.buyer, 1);
    const t3 = table({ dealer: 3 });
    assert.throws(() => t3.act(0, bid("BEFORE_YOU")), { code: "ILLEGAL_BID" });
  });
});
