/** Unit tests, one rule each: reading the cards, hits, walks, outs, double plays, tag-ups, errors, steals, bunts. */
import { strict as assert } from "node:assert";
import { started, setBases, setBatterRow, pa, ofType, order } from "./helpers.js";

describe("baseball: resolution", () => {
  it("d6 1–3 reads the batter's column, 4–6 the pitcher's; 2d6 picks the row", () => {
    const { s } = started();
    setBatterRow(s, 7, "HR:LF");
    const { events, dice } = pa(s, [3, 7]);
    assert.deepEqual(dice.purposes, ["column", "row"]);
    const card = ofType(events, "card")[0]!;
    assert.equal(card.column, "batter");
    assert.equal(card.row, 7);
    assert.equal(card.result, "HR:LF");
    assert.equal(s.score[0], 1);
    const { events: e2 } = pa(s, [4, 7, 10, 10, 10, 10]);
    assert.equal(ofType(e2, "card")[0]!.column, "pitcher");
  });

  it("a split entry rolls a d20: at or under the split gives the first result", () => {
    const { s } = started();
    setBatterRow(s, 6, ["HR:CF", 5, "K"] as never);
    let r = pa(s, [1, 6, 5]);
    assert.equal(ofType(r.events, "pa")[0]!.result, "HR");
    setBatterRow(s, 6, ["HR:CF", 5, "K"] as never);
    r = pa(s, [1, 6, 6]);
    assert.equal(ofType(r.events, "pa")[0]!.result, "K");
  });

  it("a tired pitcher lets the batter's column come up on a 4 (exhausted: 5)", () => {
    const { s } = started();
    const fld = s.teams[1];
    fld.pitches[fld.pitcher] = 200;
    setBatterRow(s, 7, "K");
    const r = pa(s, [5, 7]);
    assert.equal(ofType(r.events, "card")[0]!.column, "batter");
  });

  it("a bases-loaded walk forces in a run with an RBI", () => {
    const { s } = started();
    const o = order(s, 0);
    setBases(s, [o[5]!, o[6]!, o[7]!]);
    setBatterRow(s, 7, "BB");
    const { events } = pa(s, [1, 7]);
    const e = ofType(events, "pa")[0]!;
    assert.equal(e.result, "BB");
    assert.equal(e.rbi, 1);
    assert.equal(e.ab, false);
    assert.equal(s.score[0], 1);
    assert.deepEqual(s.bases.map((r) => r?.id ?? null), [o[0], o[5], o[6]]);
  });

  it("a home run scores every runner and the batter", () => {
    const { s } = started();
    const o = order(s, 0);
    setBases(s, [o[5]!, null, o[7]!]);
    setBatterRow(s, 7, "HR:LF");
    const { events } = pa(s, [1, 7]);
    assert.equal(s.score[0], 3);
    assert.equal(ofType(events, "pa")[0]!.rbi, 3);
    assert.equal(ofType(events, "run").length, 3);
  });

  it("a capped single moves every runner one base", () => {
    const { s } = started();
    const o = order(s, 0);
    setBases(s, [o[5]!, o[6]!, null]);
    setBatterRow(s, 7, "1B:LF");
    pa(s, [1, 7]);
    assert.deepEqual(s.bases.map((r) => r?.id ?? null), [o[0], o[5], o[6]]);
  });

  it("an uncapped single sends the runner from second when his target reaches the threshold; the d20 decides", () => {
    const { s } = started();
    const o = order(s, 0);
    setBases(s, [null, o[5]!, null]);
    setBatterRow(s, 7, "1B+:CF");
    const { events, dice } = pa(s, [1, 7, 1]);
    const send = ofType(events, "send")[0]!;
    assert.equal(send.kind, "2to4");
    assert.equal(send.sent, send.target >= 10);
    if (send.sent) {
      assert.ok(dice.purposes.includes(`advance:${o[5]}`));
      assert.equal(s.score[0], 1);
    }
  });

  it("a runner thrown out trying for an extra base is an out", () => {
    const { s } = started();
    const o = order(s, 0);
    // Speed 9: target 9 + 3 (from second) + 1 (to CF) − arm (−3..3) = 10..16: sent, and out on a 20.
    s.teams[0].card = structuredClone(s.teams[0].card);
    s.teams[0].card.players.find((p) => p.id === o[5])!.speed = 9;
    setBases(s, [null, o[5]!, null]);
    setBatterRow(s, 7, "1B+:CF");
    const { events } = pa(s, [1, 7, 20]);
    assert.equal(ofType(events, "send")[0]!.sent, true);
    assert.equal(s.score[0], 0);
    assert.equal(s.outs, 1);
    assert.equal(ofType(events, "out")[0]!.player, o[5]);
  });

  it("a grounder with a runner on first and fewer than two outs: double play on a high d20", () => {
    const { s } = started();
    const o = order(s, 0);
    setBases(s, [o[5]!, null, null]);
    setBatterRow(s, 7, "GB:SS");
    // column, row, error check (not 1), dp roll 20.
    const { events } = pa(s, [1, 7, 2, 20]);
    assert.equal(ofType(events, "pa")[0]!.result, "DP");
    assert.equal(s.outs, 2);
    assert.deepEqual(s.bases, [null, null, null]);
  });

  it("without the double play it is a fielder's choice: runner out at second, batter safe", () => {
    const { s } = started();
    const o = order(s, 0);
    setBases(s, [o[5]!, null, null]);
    setBatterRow(s, 7, "GB:SS");
    const { events } = pa(s, [1, 7, 2, 1]);
    assert.equal(ofType(events, "pa")[0]!.result, "FC");
    assert.equal(s.outs, 1);
    assert.equal(s.bases[0]?.id, o[0]);
  });

  it("runner on third, ground out: infield back concedes the run, infield in holds him", () => {
    for (const [infield, runs] of [["back", 1], ["in", 0]] as const) {
      const { s } = started();
      const o = order(s, 0);
      setBases(s, [null, null, o[5]!]);
      setBatterRow(s, 7, "GB:SS");
      // infield in: its own d20 (4 = the ball does not get through) comes first.
      pa(s, infield === "in" ? [1, 7, 4, 2] : [1, 7, 2], { infield });
      assert.equal(s.score[0], runs, infield);
      assert.equal(s.outs, 1);
    }
  });

  it("a fly ball with a runner on third and one out: a successful tag-up is a sacrifice fly (no at-bat, RBI)", () => {
    const { s } = started();
    const o = order(s, 0);
    s.outs = 1;
    s.teams[0].card = structuredClone(s.teams[0].card);
    s.teams[0].card.players.find((p) => p.id === o[5])!.speed = 15;
    setBases(s, [null, null, o[5]!]);
    setBatterRow(s, 7, "FB:CF");
    const { events } = pa(s, [1, 7, 2, 1]);
    const e = ofType(events, "pa")[0]!;
    assert.equal(e.result, "SF");
    assert.equal(e.ab, false);
    assert.equal(e.rbi, 1);
    assert.equal(s.outs, 2);
  });

  it("no tag-up scores after the third out", () => {
    const { s } = started();
    const o = order(s, 0);
    s.outs = 2;
    setBases(s, [null, null, o[5]!]);
    setBatterRow(s, 7, "FB:CF");
    const { events } = pa(s, [1, 7, 2]);
    assert.equal(ofType(events, "pa")[0]!.result, "FB");
    assert.equal(s.score[0], 0);
  });

  it("an error puts the batter on (ROE, an at-bat, no hit) and the defense owes an out", () => {
    const { s } = started();
    setBatterRow(s, 7, "GB:SS");
    const { events } = pa(s, [1, 7, 1, 1]);
    const e = ofType(events, "pa")[0]!;
    assert.equal(e.result, "ROE");
    assert.equal(e.ab, true);
    assert.equal(e.hit, 0);
    assert.equal(s.errors[1], 1);
    assert.equal(ofType(events, "error").length, 1);
    assert.equal(s.bases[0]?.earned, false);
  });

  it("a fielding chance (X): the fielder's range decides out or hit", () => {
    const { s } = started();
    setBatterRow(s, 7, "X:SS");
    let r = pa(s, [1, 7, 20]);
    assert.equal(ofType(r.events, "pa")[0]!.result, "1B");
    setBatterRow(s, 7, "X:SS");
    s.bases = [null, null, null];
    r = pa(s, [1, 7, 1, 2]);
    assert.equal(ofType(r.events, "pa")[0]!.result, "GB");
  });

  it("a wild pitch moves the runners up and the at-bat goes on", () => {
    const { s } = started();
    const o = order(s, 0);
    setBases(s, [o[5]!, null, null]);
    s.teams[1].card = structuredClone(s.teams[1].card);
    const p = s.teams[1].card.players.find((x) => x.id === s.teams[1].pitcher)!;
    const batterSide = s.teams[0].card.players.find((x) => x.id === o[0])!.bats;
    const side = batterSide === "S" ? (p.throws === "L" ? "R" : "L") : batterSide;
    (side === "L" ? p.pitching!.vsL : p.pitching!.vsR)[5] = "WP";
    setBatterRow(s, 7, "K");
    const { events } = pa(s, [4, 7, 1, 7]);
    assert.equal(ofType(events, "wildPitch").length, 1);
    assert.equal(s.bases[1]?.id, o[5]);
    assert.equal(ofType(events, "pa")[0]!.result, "K");
  });

  it("steals: a d20 at or under the target is a stolen base, over it caught stealing (an out)", () => {
    const { s } = started();
    const o = order(s, 0);
    setBases(s, [o[5]!, null, null]);
    setBatterRow(s, 7, "K");
    let r = pa(s, [1, 1, 7], {}, { play: "steal", from: 1 });
    assert.equal(ofType(r.events, "steal")[0]!.success, true);
    assert.equal(s.bases[1]?.id, o[5]);
    setBases(s, [o[6]!, null, null]);
    setBatterRow(s, 7, "K");
    r = pa(s, [20, 1, 7], {}, { play: "steal", from: 1 });
    assert.equal(ofType(r.events, "steal")[0]!.success, false);
    assert.equal(s.bases[0], null);
  });

  it("caught stealing for the third out ends the inning before the batter finishes: he leads off next inning", () => {
    const { s } = started();
    const o = order(s, 0);
    s.outs = 2;
    setBases(s, [o[5]!, null, null]);
    const spot = s.teams[0].spot;
    const { events } = pa(s, [20], {}, { play: "steal", from: 1 });
    assert.equal(ofType(events, "pa").length, 0);
    assert.equal(s.half, 1);
    assert.equal(s.teams[0].spot, spot);
  });

  it("a successful sacrifice bunt: batter out, runners up, no at-bat (SH)", () => {
    const { s } = started();
    const o = order(s, 0);
    setBases(s, [o[5]!, null, null]);
    const { events } = pa(s, [1], {}, { play: "sacBunt" });
    const e = ofType(events, "pa")[0]!;
    assert.equal(e.result, "SH");
    assert.equal(e.ab, false);
    assert.equal(s.bases[1]?.id, o[5]);
    assert.equal(s.outs, 1);
  });

  it("hit-and-run: on a strikeout the runner is going and the catcher throws", () => {
    const { s } = started();
    const o = order(s, 0);
    setBases(s, [o[5]!, null, null]);
    setBatterRow(s, 7, "K");
    const { events } = pa(s, [1, 7, 20], {}, { play: "hitAndRun" });
    assert.equal(ofType(events, "steal").length, 1);
    assert.equal(s.outs, 2);
  });

  it("an intentional walk uses no dice", () => {
    const { s } = started();
    const { events, dice } = pa(s, [], { ibb: true });
    assert.equal(dice.purposes.length, 0);
    assert.equal(ofType(events, "pa")[0]!.result, "IBB");
    assert.equal(s.bases[0]?.id, order(s, 0)[0]);
  });
});
