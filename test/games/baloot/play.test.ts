/** Play-phase features: projects announce/compare/reveal (§9.4), Baloot (§9.5), Sawa (§12.1), Qaid (§12.3). */
import { strict as assert } from "node:assert";
import { baloot, fromPosition, type BalootOptions } from "../../../src/games/baloot/index.js";
import type { ProfileOverrides } from "../../../src/games/baloot/profile.js";
import { sawaValid } from "../../../src/games/baloot/sawa.js";
import { PASS, SKIP, bid, stackDeck, table } from "./helpers.js";

const HANDS = ["JH 9H AH 10H 7H AS AD KD", "8H QS JS 9S 8S 7S 10D 7D", "KH QH AC 10C KC QC JC 9D", "10S KS 8D JD QD 7C 8C 9C"];
const deck = stackDeck(3, HANDS, "7H", 0);
// The kaboot line of hands.test.ts, trick by trick.
const LINE = [
  ["JH", "8H", "QH", "7C"],
  ["9H", "7S", "KH", "8C"],
  ["AH", "8S", "9D", "9C"],
  ["10H", "9S", "JC", "10S"],
  ["7H", "JS", "QC", "KS"],
  ["AS", "QS", "KC", "8D"],
  ["AD", "10D", "10C", "JD"],
  ["KD", "7D", "AC", "QD"],
];

function hokum(overrides: ProfileOverrides = {}, extra: BalootOptions = {}) {
  const t = table({ deck, dealer: 3, overrides, ...extra });
  t.act(0, bid("HOKUM"));
  t.act(1, PASS);
  t.act(2, PASS);
  t.act(3, PASS);
  t.act(0, { type: "confirm", choice: "HOKUM" });
  t.act(1, SKIP);
  t.act(3, SKIP);
  return t;
}
const legal = (t: ReturnType<typeof table>, seat: number) => baloot.legalActions(t.state, seat);

describe("baloot projects (§9.4)", () => {
  it("announced in trick 1 (kind only), compared after trick 1, the winners' cards shown in trick 2, scored", () => {
    const t = hokum();
    assert.ok(legal(t, 0).some((a) => a.type === "declareProjects"));
    t.act(0, { type: "declareProjects" });
    assert.deepEqual(t.last("projectsDeclared"), { type: "projectsDeclared", seat: 0, kinds: ["SIRA"] });
    assert.throws(() => t.act(0, { type: "declareProjects" }), { code: "ALREADY_DECLARED" });
    t.play("JH");
    t.act(1, { type: "declareProjects" });
    t.play("8H");
    t.act(2, { type: "declareProjects" });
    assert.deepEqual(t.last("projectsDeclared")!.kinds, ["HUNDRED"]);
    // Trick 1: others see only kinds.
    const v = baloot.view(t.state, 1);
    assert.deepEqual(v.projects.declared.map((d) => d.kinds), [["SIRA"], ["SIRA"], ["HUNDRED"]]);
    assert.equal(v.projects.revealed, null);
    assert.ok(!JSON.stringify(v).includes("AC"), "no project cards of others leak in trick 1");
    assert.deepEqual(legal(t, 1), []); // not his turn: nothing listed
    t.play("QH", "7C");
    const rev = t.last("projectsRevealed")!;
    assert.equal(rev.winnerTeam, 0);
    assert.deepEqual(
      rev.projects.map((p) => [p.seat, p.kind, p.cards.join(" ")]),
      [
        [0, "SIRA", "9H 10H JH"],
        [2, "HUNDRED", "10C JC QC KC AC"],
      ],
    );
    assert.equal(baloot.view(t.state, 3).projects.revealed!.length, 2);
    // Too late now.
    assert.throws(() => t.act(0, { type: "declareProjects" }), { code: "PROJECTS_CLOSED" });
    for (const trick of LINE.slice(1)) for (const c of trick) t.act(t.state.turn, { type: "play", card: c, ...(c === "KH" ? { baloot: true } : {}) });
    const s = t.sheet();
    assert.equal(s.projectTeam, 0);
    assert.equal(s.teams[0].projectsRaw, 120);
    assert.equal(s.teams[1].projectsRaw, 0);
    // Kaboot (OWN): 25 + own projects 2 + 10 + Baloot 2.
    assert.deepEqual(s.gamePoints, [39, 0]);
  });

  it("seat 3 holds 7C 8C 9C but the 8-card check is on his full hand", () => {
    const t = hokum();
    t.play("JH", "8H", "QH");
    assert.ok(legal(t, 3).some((a) => a.type === "declareProjects"));
  });
});

describe("baloot Baloot announce (§9.5)", () => {
  it("SECOND_CARD: only with the second of K/Q; FIRST_CARD: only with the first", () => {
    const t = hokum();
    t.play("JH", "8H");
    assert.throws(() => t.act(2, { type: "play", card: "QH", baloot: true }), { code: "INVALID_BALOOT" });
    t.act(2, { type: "play", card: "QH" });
    t.play("7C", "9H", "7S");
    assert.ok(legal(t, 2).some((a) => a.type === "play" && a.baloot === true));
    t.act(2, { type: "play", card: "KH", baloot: true });
    assert.equal(t.last("play")!.baloot, true);
    assert.equal(baloot.view(t.state, null).baloot.announcedBy, 2);

    const f = hokum({ projects: { balootAnnounce: "FIRST_CARD" } as never });
    f.play("JH", "8H");
    f.act(2, { type: "play", card: "QH", baloot: true });
    f.play("7C", "9H", "7S");
    assert.throws(() => f.act(2, { type: "play", card: "KH", baloot: true }), { code: "INVALID_BALOOT" });
  });
  it("not announced → not scored", () => {
    const t = hokum();
    for (const trick of LINE) t.play(...trick);
    assert.equal(t.sheet().balootHolder, null);
    assert.deepEqual(t.sheet().gamePoints, [25, 0]);
  });
});

describe("baloot Sawa (§12.1)", () => {
  it("invalid claims are refused with no change (REJECT); a valid one ends the hand", () => {
    const t = hokum();
    for (const trick of LINE.slice(0, 3)) t.play(...trick);
    const before = baloot.clone(t.state);
    assert.ok(!legal(t, 0).some((a) => a.type === "sawa"));
    assert.throws(() => t.act(0, { type: "sawa" }), { code: "INVALID_SAWA" });
    assert.deepEqual(t.state, before);
    for (const trick of LINE.slice(3, 7)) t.play(...trick);
    assert.ok(legal(t, 0).some((a) => a.type === "sawa"));
    t.act(0, { type: "sawa" });
    const s = t.sheet();
    assert.equal(s.sawaTeam, 0);
    assert.equal(s.kaboot, true);
    assert.equal(s.teams[0].cardPoints, 152);
  });
  it("Sawa only when leading", () => {
    const t = hokum();
    t.play("JH");
    assert.throws(() => t.act(1, { type: "sawa" }), { code: "SAWA_NOT_ON_LEAD" });
  });
  it("a multi-trick claim: seat 0 with only masters left", () => {
    const t = hokum();
    for (const trick of LINE.slice(0, 4)) t.play(...trick);
    // Seat 0: 7H (last trump), AS, AD, KD — KD can lose to 10D, so not yet.
    assert.ok(!legal(t, 0).some((a) => a.type === "sawa"));
  });
  it("the search lets the partner keep his winner (a per-card 'all masters' test would refuse)", () => {
    // Sun, dealer 3, buyer 0: seat 0 has won six club tricks and leads trick 7 of 8 (0-based 6).
    const played = ["AC", "8C", "10D", "7S", "10C", "7C", "8D", "8S", "KC", "AD", "7D", "9S", "QC", "KD", "10H", "10S", "JC", "QD", "KH", "JS", "9C", "JD", "QH", "JH"];
    const at = (hands: string[]) => fromPosition({ dealer: 3, contract: { kind: "SUN", buyer: 0 }, hands, played });
    // Seat 2 must throw 9D, not AH, on the AS trick.
    const s = at(["AS 7H", "KS 8H", "9D AH", "QS 9H"]);
    assert.equal(s.hand.trickNo, 6);
    assert.equal(s.turn, 0);
    assert.equal(sawaValid(s, 0), true);
    // Now an opponent (seat 1) holds the top heart: the claim fails.
    assert.equal(sawaValid(at(["AS 7H", "KS AH", "9D 8H", "QS 9H"]), 0), false);
  });

  it("QAID profiles: a wrong claim is a foul by the claimer's team", () => {
    const t = hokum({ play: { illegalCard: "QAID" } as never });
    for (const trick of LINE.slice(0, 3)) t.play(...trick);
    t.act(0, { type: "sawa" });
    assert.equal(t.last("sawa")!.valid, false);
    const s = t.sheet();
    assert.equal(s.result, "FOUL");
    assert.equal(s.foulTeam, 0);
    assert.equal(s.foulReason, "FALSE_SAWA");
    assert.deepEqual(s.gamePoints, [0, 16]);
  });
});

describe("baloot Qaid (§12.3)", () => {
  const q = () => hokum({ play: { illegalCard: "QAID" } as never });
  it("REJECT profile: qaid is refused", () => {
    const t = hokum();
    assert.throws(() => t.act(0, { type: "qaid" }), { code: "QAID_DISABLED" });
  });
  it("an illegal card is accepted silently; a correct challenge makes the offenders lose the hand", () => {
    const t = q();
    t.play("JH");
    const ev = t.act(1, { type: "play", card: "QS" }); // holds 8H: revoke
    assert.deepEqual(ev, [{ type: "play", seat: 1, card: "QS" }]);
    assert.ok(!JSON.stringify(baloot.view(t.state, 0)).includes("foul"));
    t.act(2, { type: "qaid" });
    const e = t.last("qaid")!;
    assert.equal(e.correct, true);
    assert.deepEqual(e.fouls, [{ seat: 1, trick: 0, card: "QS" }]);
    const s = t.sheet();
    assert.equal(s.result, "FOUL");
    assert.equal(s.foulTeam, 1);
    assert.deepEqual(s.gamePoints, [16, 0]);
  });
  it("a false challenge makes the challenger's team lose the hand", () => {
    const t = q();
    t.play("JH");
    t.act(1, { type: "qaid" });
    assert.equal(t.last("qaid")!.correct, false);
    assert.equal(t.sheet().foulTeam, 1);
    assert.equal(t.sheet().foulReason, "FALSE_QAID");
  });
  it("after the last trick a window asks one seat per team (D+1 then D+2)", () => {
    const t = q();
    for (const trick of LINE) t.play(...trick);
    assert.equal(t.state.phase, "QAID_WINDOW");
    assert.equal(t.state.turn, 0);
    t.act(0, { type: "skipQaid" });
    assert.equal(t.state.turn, 1);
    t.act(1, { type: "skipQaid" });
    assert.equal(t.sheet().result, "KABOOT");
  });
});
