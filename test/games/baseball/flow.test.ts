/** The course of the game: half-innings, home bats last, walk-offs, extra innings, mercy, 7 innings, forfeits. */
import { strict as assert } from "node:assert";
import { baseball } from "../../../src/games/baseball/index.js";
import { ofType, pa, setBases, setBatterRow, started, order } from "./helpers.js";
import type { BaseballState } from "../../../src/games/baseball/state.js";

function strikeOut(s: BaseballState): ReturnType<typeof pa>["events"] {
  setBatterRow(s, 7, "K");
  return pa(s, [1, 7]).events;
}

function toInning(s: BaseballState, inning: number, half: 0 | 1): void {
  while (s.inning < inning || s.half !== half) strikeOut(s);
}

describe("baseball: game flow", () => {
  it("three outs end the half-inning; the teams change sides", () => {
    const { s } = started();
    strikeOut(s);
    strikeOut(s);
    const ev = strikeOut(s);
    assert.equal(ofType(ev, "halfEnded").length, 1);
    assert.equal(ofType(ev, "halfStarted")[0]?.half, 1);
    assert.equal(s.half, 1);
    assert.equal(s.outs, 0);
  });

  it("the home team does not bat in the ninth when it leads", () => {
    const { s } = started();
    toInning(s, 9, 0);
    s.score = [1, 2];
    strikeOut(s);
    strikeOut(s);
    const ev = strikeOut(s);
    const over = ofType(ev, "gameOver")[0]!;
    assert.equal(over.winnerTeam, 1);
    assert.equal(over.reason, "REGULATION");
    assert.equal(s.line[1].length, 8, "no bottom of the ninth (x)");
  });

  it("a walk-off ends the game at once; a walk-off hit counts only the bases the winning run needed", () => {
    const { s } = started();
    toInning(s, 9, 1);
    s.score = [3, 3];
    const o = order(s, 1);
    setBases(s, [null, null, o[8]!]);
    setBatterRow(s, 7, "2B:LF");
    const { events } = pa(s, [1, 7]);
    const e = ofType(events, "pa")[0]!;
    assert.equal(e.result, "1B");
    assert.equal(e.hit, 1);
    assert.equal(ofType(events, "gameOver")[0]!.reason, "WALKOFF");
    assert.deepEqual(s.score, [3, 4]);
    assert.equal(baseball.outcome(s)?.winnerTeam, 1);
  });

  it("a walk-off home run counts every run", () => {
    const { s } = started();
    toInning(s, 9, 1);
    s.score = [3, 3];
    const o = order(s, 1);
    setBases(s, [o[7]!, null, o[8]!]);
    setBatterRow(s, 7, "HR:LF");
    pa(s, [1, 7]);
    assert.deepEqual(s.score, [3, 6]);
  });

  it("a tie after nine goes to extra innings", () => {
    const { s } = started();
    toInning(s, 9, 1);
    strikeOut(s);
    strikeOut(s);
    strikeOut(s);
    assert.equal(s.phase, "DECIDE");
    assert.equal(s.inning, 10);
  });

  it("a tie at the inning limit ends as a tie", () => {
    const { s } = started({ maxInnings: 9 });
    toInning(s, 9, 1);
    strikeOut(s);
    strikeOut(s);
    const ev = strikeOut(s);
    assert.equal(ofType(ev, "gameOver")[0]!.reason, "TIE_INNING_LIMIT");
    assert.equal(baseball.outcome(s)?.winnerTeam, null);
  });

  it("7-inning games end after seven", () => {
    const { s } = started({ innings: 7 });
    toInning(s, 7, 1);
    s.score = [1, 0];
    strikeOut(s);
    strikeOut(s);
    const ev = strikeOut(s);
    assert.equal(ofType(ev, "gameOver")[0]!.reason, "REGULATION");
    assert.equal(ofType(ev, "gameOver")[0]!.innings, 7);
  });

  it("the mercy rule ends a lopsided game after the set inning", () => {
    const { s } = started({ mercy: true });
    toInning(s, 5, 1);
    s.score = [12, 1];
    strikeOut(s);
    strikeOut(s);
    const ev = strikeOut(s);
    assert.equal(ofType(ev, "gameOver")[0]!.reason, "MERCY");
    const { s: s2 } = started({ mercy: true });
    toInning(s2, 4, 1);
    s2.score = [12, 1];
    strikeOut(s2);
    strikeOut(s2);
    strikeOut(s2);
    assert.equal(s2.phase, "DECIDE", "not before the set inning");
  });

  it("a forfeit ends the game for the other team", () => {
    const { s } = started();
    const { events } = baseball.forfeit(s, 0, "timeouts");
    assert.equal(ofType(events, "gameOver")[0]!.winnerTeam, 1);
    assert.deepEqual(baseball.activeSeats(s), []);
    assert.throws(() => baseball.apply(s, 0, { type: "offense", play: "swing" }), /over/);
  });
});
