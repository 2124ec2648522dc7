/** Unit tests through the public API: lineups, simultaneous decisions, manual dice, validation codes. */
import { strict as assert } from "node:assert";
import { baseball, buildView, initialEvents, type BaseballAction } from "../../../src/games/baseball/index.js";
import { isIllegalAction } from "../../../src/games/core/IllegalAction.js";
import type { BaseballState } from "../../../src/games/baseball/state.js";
import { ofType, started, setBases, order } from "./helpers.js";

function refused(s: BaseballState, seat: number, action: unknown, code: string): void {
  const before = JSON.stringify(s);
  assert.throws(
    () => baseball.apply(s, seat, action),
    (e: unknown) => isIllegalAction(e) && e.code === code,
    `expected ${code}`,
  );
  assert.equal(JSON.stringify(s), before, "a refused action changes nothing");
}

describe("baseball: lineups", () => {
  it("both managers set lineups at once before the first pitch; play starts when both are in", () => {
    const s = baseball.setup({ seed: "l", seats: 2, options: {} });
    assert.deepEqual(baseball.activeSeats(s), [0, 1]);
    const e1 = baseball.apply(s, 1, { type: "lineup" }).events;
    assert.deepEqual(baseball.activeSeats(s), [0]);
    assert.equal(ofType(e1, "playBall").length, 0);
    const e0 = baseball.apply(s, 0, { type: "lineup" }).events;
    assert.equal(ofType(e0, "playBall").length, 1);
    assert.equal(s.phase, "DECIDE");
    assert.deepEqual(baseball.activeSeats(s), [0, 1]);
  });

  it("a custom lineup is validated: each position once, batters only, players on the roster", () => {
    const s = baseball.setup({ seed: "l", seats: 2, options: {} });
    const def = s.teams[0].card.lineup;
    const pitcher = s.teams[0].card.rotation[1]!;
    const swapped = def.map((e) => ({ ...e }));
    [swapped[0], swapped[1]] = [swapped[1]!, swapped[0]!];
    const twice = def.map((e, i) => (i === 1 ? { ...e, pos: def[0]!.pos } : e));
    refused(s, 0, { type: "lineup", order: twice }, "LINEUP_POSITION_TWICE");
    refused(s, 0, { type: "lineup", order: def.slice(0, 8) }, "LINEUP_SIZE");
    refused(s, 0, { type: "lineup", order: def.map((e, i) => (i === 0 ? { ...e, id: pitcher } : e)) }, "PITCHER_CANNOT_BAT");
    refused(s, 0, { type: "lineup", order: def.map((e, i) => (i === 0 ? { ...e, id: "NOPE-1" } : e)) }, "NOT_ON_ROSTER");
    refused(s, 0, { type: "lineup", pitcher: def[0]!.id }, "NOT_A_PITCHER");
    const ev = baseball.apply(s, 0, { type: "lineup", order: swapped, pitcher }).events;
    assert.equal(ofType(ev, "lineupSet")[0]!.pitcher, pitcher);
    assert.deepEqual(s.teams[0].order.slice(0, 2), [swapped[0]!.id, swapped[1]!.id]);
    refused(s, 0, { type: "lineup" }, "NOT_YOUR_TURN");
  });
});

describe("baseball: simultaneous decisions", () => {
  it("each manager decides once; the other's decision stays hidden until both are in", () => {
    const { s } = started();
    const e1 = baseball.apply(s, 1, { type: "defense", infield: "in" }).events;
    assert.deepEqual(e1, [{ type: "decisionIn", team: 1 }]);
    assert.deepEqual(baseball.activeSeats(s), [0]);
    const v0 = buildView(s, 0);
    assert.equal(v0.myDecision, null);
    assert.deepEqual(v0.decided, [false, true]);
    assert.equal(JSON.stringify(v0).includes('"in"'), false, "the defense's choice does not leak");
    assert.equal(buildView(s, 1).myDecision?.side, "defense");
    refused(s, 1, { type: "defense" }, "DECISION_SUBMITTED");
    const e0 = baseball.apply(s, 0, { type: "offense", play: "swing" }).events;
    const revealed = ofType(e0, "decisions")[0]!;
    assert.equal(revealed.defense.infield, "in");
    assert.equal(ofType(e0, "pa").length, 1);
    assert.deepEqual(baseball.activeSeats(s), [0, 1]);
  });

  it("refuses decisions for the wrong side or impossible situations, naming the rule", () => {
    const { s } = started();
    refused(s, 0, { type: "defense" }, "NOT_ON_DEFENSE");
    refused(s, 1, { type: "offense", play: "swing" }, "NOT_ON_OFFENSE");
    refused(s, 0, { type: "offense", play: "sacBunt" }, "BUNT_NEEDS_RUNNER");
    refused(s, 0, { type: "offense", play: "steal", from: 1 }, "NO_RUNNER_TO_STEAL");
    refused(s, 0, { type: "offense", play: "hitAndRun" }, "HIT_AND_RUN_NEEDS_RUNNER");
    refused(s, 1, { type: "defense", hold: true }, "NO_RUNNER_TO_HOLD");
    refused(s, 0, { type: "offense", play: "fly" }, "MALFORMED_ACTION");
    refused(s, 0, { type: "offense", play: "swing", extra: 1 }, "MALFORMED_ACTION");
    refused(s, 0, { type: "dice", values: [3] }, "NOT_MANUAL_DICE");
    const o = order(s, 0);
    setBases(s, [o[5]!, o[6]!, null]);
    refused(s, 0, { type: "offense", play: "steal", from: 1 }, "STEAL_BASE_OCCUPIED");
    s.outs = 2;
    refused(s, 0, { type: "offense", play: "sacBunt" }, "BUNT_WITH_TWO_OUTS");
  });

  it("every listed legal action is accepted, and the timeout action is legal", () => {
    const { s } = started();
    for (const seat of [0, 1]) {
      for (const a of baseball.legalActions(s, seat)) {
        const copy = baseball.clone(s);
        baseball.apply(copy, seat, a);
      }
      const copy = baseball.clone(s);
      baseball.apply(copy, seat, baseball.timeoutAction(copy, seat));
    }
  });
});

describe("baseball: manual dice", () => {
  it("asks the batting manager for each die, validates the range and records the rolls as manual", () => {
    const { s } = started({ dice: "manual" });
    baseball.apply(s, 1, { type: "defense" });
    const ev = baseball.apply(s, 0, { type: "offense", play: "swing" }).events;
    assert.deepEqual(ofType(ev, "diceNeeded")[0], { type: "diceNeeded", team: 0, die: "d6" });
    assert.deepEqual(baseball.activeSeats(s), [0]);
    assert.deepEqual(buildView(s, 1).revealed?.[1]?.side, "defense");
    refused(s, 1, { type: "dice", values: [1] }, "NOT_YOUR_TURN");
    refused(s, 0, { type: "dice", values: [7] }, "DICE_OUT_OF_RANGE");
    refused(s, 0, { type: "dice", values: [1, 2] }, "DICE_OUT_OF_RANGE");
    baseball.apply(s, 0, { type: "dice", values: [2] });
    assert.equal(s.dice.need, "2d6");
    refused(s, 0, { type: "dice", values: [0, 6] }, "DICE_OUT_OF_RANGE");
    const all = [];
    let guard = 0;
    let r = baseball.apply(s, 0, { type: "dice", values: [3, 4] });
    all.push(...r.events);
    const need = (): string | null => s.dice.need;
    while (s.phase === "DICE" && guard++ < 20) {
      r = baseball.apply(s, 0, need() === "d20" ? { type: "dice", values: [10] } : { type: "rollForMe" });
      all.push(...r.events);
    }
    const rolls = ofType(all, "roll");
    assert.ok(rolls.length >= 2);
    assert.deepEqual(rolls[0], { type: "roll", die: "d6", values: [2], purpose: "column", manual: true });
    assert.deepEqual(rolls[1]!.values, [3, 4]);
    assert.equal(ofType(all, "pa").length, 1);
    assert.equal(s.phase === "DECIDE" || s.phase === "OVER", true);
  });

  it("'roll for me' (also the timeout) is recorded as a server roll", () => {
    const { s } = started({ dice: "manual" });
    baseball.apply(s, 1, { type: "defense" });
    baseball.apply(s, 0, { type: "offense", play: "swing" });
    const a: BaseballAction = baseball.timeoutAction(s, 0);
    assert.deepEqual(a, { type: "rollForMe" });
    let events = baseball.apply(s, 0, a).events;
    while (s.phase === "DICE") events = events.concat(baseball.apply(s, 0, { type: "rollForMe" }).events);
    assert.ok(ofType(events, "roll").every((r) => r.manual === false));
  });
});

describe("baseball: options and card sets", () => {
  it("refuses bad options and bad card sets with clear codes", () => {
    const bad = (options: unknown, code: string) =>
      assert.throws(
        () => baseball.setup({ seed: "o", seats: 2, options: options as never }),
        (e: unknown) => isIllegalAction(e) && e.code === code,
      );
    bad({ innings: 8 }, "BAD_OPTIONS");
    bad({ dice: "loaded" }, "BAD_OPTIONS");
    bad({ away: "PAP", home: "PAP" }, "BAD_OPTIONS");
    bad({ away: "XXX" }, "BAD_OPTIONS");
    bad({ mercy: { runs: 0, afterInning: 5 } }, "BAD_OPTIONS");
    bad({ set: { name: "x", teams: [] } }, "BAD_CARD_SET");
    const s = baseball.setup({ seed: "o", seats: 2, options: {} });
    const set = { name: "Mine", teams: [structuredClone(s.teams[0].card), structuredClone(s.teams[1].card)] };
    baseball.setup({ seed: "o", seats: 2, options: { set } });
    const wp = structuredClone(set);
    wp.teams[0]!.players[0]!.batting!.vsL[3] = "WP";
    bad({ set: wp }, "BAD_CARD_SET");
    const code = structuredClone(set);
    code.teams[0]!.players[0]!.batting!.vsL[3] = "HR:SS";
    bad({ set: code }, "BAD_CARD_SET");
    const split = structuredClone(set);
    split.teams[0]!.players[0]!.batting!.vsL[3] = ["K", 20, "BB"];
    bad({ set: split }, "BAD_CARD_SET");
    const lineup = structuredClone(set);
    lineup.teams[0]!.lineup[1]!.pos = lineup.teams[0]!.lineup[0]!.pos;
    bad({ set: lineup }, "BAD_CARD_SET");
  });

  it("the log starts with gameStarted naming the teams", () => {
    const s = baseball.setup({ seed: "o", seats: 2, options: { away: "IVM", home: "SHF", innings: 7 } });
    const [e] = initialEvents(s);
    assert.equal(e?.type, "gameStarted");
    assert.deepEqual(e?.type === "gameStarted" && e.teams.map((t) => t.id), ["IVM", "SHF"]);
  });
});
