/** Substitutions and lineup legality: every refusal names the rule. */
import { strict as assert } from "node:assert";
import { baseball } from "../../../src/games/baseball/index.js";
import { isIllegalAction } from "../../../src/games/core/IllegalAction.js";
import type { BaseballState } from "../../../src/games/baseball/state.js";
import { LINEUP_POSITIONS } from "../../../src/games/baseball/cards.js";
import { ofType, pa, setBases, setBatterRow, started } from "./helpers.js";

function refused(s: BaseballState, seat: number, action: unknown, code: string): void {
  const before = JSON.stringify(s);
  assert.throws(() => baseball.apply(s, seat, action), (e: unknown) => isIllegalAction(e) && e.code === code, code);
  assert.equal(JSON.stringify(s), before);
}

function benchBatter(s: BaseballState, team: 0 | 1, n = 0): string {
  const t = s.teams[team];
  return t.card.players.filter((p) => p.batting && !t.order.includes(p.id))[n]!.id;
}

function benchPitcher(s: BaseballState, team: 0 | 1, n = 0): string {
  const t = s.teams[team];
  return t.card.players.filter((p) => p.pitching && p.id !== t.pitcher && !t.removed.includes(p.id))[n]!.id;
}

function legalLineup(s: BaseballState, team: 0 | 1): void {
  const t = s.teams[team];
  assert.equal(t.order.length, 9);
  assert.equal(new Set(t.order).size, 9);
  assert.deepEqual(t.order.map((id) => t.pos[id]).sort(), [...LINEUP_POSITIONS].sort());
  for (const id of t.order) assert.ok(!t.removed.includes(id));
}

describe("baseball: substitutions", () => {
  it("a pinch hitter takes the batter's spot and position; the replaced player cannot return", () => {
    const { s } = started();
    const batter = s.teams[0].order[0]!;
    const pos = s.teams[0].pos[batter];
    const ph = benchBatter(s, 0);
    const ev = baseball.apply(s, 0, { type: "sub", kind: "pinchHitter", in: ph, out: batter }).events;
    assert.deepEqual(ofType(ev, "sub")[0], { type: "sub", team: 0, kind: "pinchHitter", in: ph, out: batter, pos, spot: 0, runners: 0 });
    assert.equal(s.teams[0].order[0], ph);
    assert.equal(s.teams[0].pos[ph], pos);
    legalLineup(s, 0);
    refused(s, 0, { type: "sub", kind: "pinchHitter", in: batter, out: ph }, "PLAYER_REMOVED");
    assert.ok(baseball.isCheckpoint(ev[0]!));
  });

  it("pinch hitters bat only for the batter due up; pitchers do not bat", () => {
    const { s } = started();
    refused(s, 0, { type: "sub", kind: "pinchHitter", in: benchBatter(s, 0), out: s.teams[0].order[3] }, "NOT_CURRENT_BATTER");
    refused(s, 0, { type: "sub", kind: "pinchHitter", in: benchPitcher(s, 0), out: s.teams[0].order[0] }, "PITCHER_CANNOT_BAT");
    refused(s, 0, { type: "sub", kind: "pinchHitter", in: s.teams[0].order[4], out: s.teams[0].order[0] }, "PLAYER_IN_GAME");
    refused(s, 0, { type: "sub", kind: "pinchHitter", in: "ZZZ-99", out: s.teams[0].order[0] }, "NOT_ON_ROSTER");
    refused(s, 1, { type: "sub", kind: "pinchHitter", in: benchBatter(s, 1), out: s.teams[1].order[0] }, "NOT_ON_OFFENSE");
  });

  it("a pinch runner replaces a runner on base and inherits his place and responsibility", () => {
    const { s } = started();
    const runner = s.teams[0].order[5]!;
    setBases(s, [runner, null, null]);
    const pr = benchBatter(s, 0);
    refused(s, 0, { type: "sub", kind: "pinchRunner", in: pr, out: s.teams[0].order[6] }, "NOT_ON_BASE");
    baseball.apply(s, 0, { type: "sub", kind: "pinchRunner", in: pr, out: runner });
    assert.equal(s.bases[0]?.id, pr);
    assert.equal(s.bases[0]?.resp, s.teams[1].pitcher);
    legalLineup(s, 0);
  });

  it("defensive replacements and switches keep every position filled once; the DH does not field", () => {
    const { s } = started();
    const t = s.teams[1];
    const dh = t.order.find((id) => t.pos[id] === "DH")!;
    const ss = t.order.find((id) => t.pos[id] === "SS")!;
    const cf = t.order.find((id) => t.pos[id] === "CF")!;
    refused(s, 1, { type: "sub", kind: "defense", in: benchBatter(s, 1), out: dh }, "DH_NOT_FIELDER");
    refused(s, 1, { type: "switch", a: dh, b: ss }, "DH_NOT_FIELDER");
    refused(s, 0, { type: "switch", a: s.teams[0].order[0], b: s.teams[0].order[1] }, "NOT_ON_DEFENSE");
    baseball.apply(s, 1, { type: "switch", a: ss, b: cf });
    assert.equal(t.pos[ss], "CF");
    assert.equal(t.pos[cf], "SS");
    baseball.apply(s, 1, { type: "sub", kind: "defense", in: benchBatter(s, 1), out: ss });
    legalLineup(s, 1);
    refused(s, 0, { type: "sub", kind: "defense", in: benchBatter(s, 0), out: s.teams[0].order[0] }, "NOT_ON_DEFENSE");
  });

  it("pitching changes: only pitchers, only in the field, and the pitcher must face his first batter", () => {
    const { s } = started();
    const rp = benchPitcher(s, 1, 6);
    refused(s, 1, { type: "sub", kind: "pitcher", in: rp }, "MUST_FACE_BATTER");
    refused(s, 0, { type: "sub", kind: "pitcher", in: benchPitcher(s, 0) }, "NOT_ON_DEFENSE");
    setBatterRow(s, 7, "K");
    pa(s, [1, 7]);
    refused(s, 1, { type: "sub", kind: "pitcher", in: benchBatter(s, 1) }, "NOT_A_PITCHER");
    const starter = s.teams[1].pitcher;
    const ev = baseball.apply(s, 1, { type: "sub", kind: "pitcher", in: rp }).events;
    assert.equal(ofType(ev, "sub")[0]!.out, starter);
    assert.equal(s.teams[1].pitcher, rp);
    refused(s, 1, { type: "sub", kind: "pitcher", in: benchPitcher(s, 1, 7) }, "MUST_FACE_BATTER");
    assert.ok(s.teams[1].removed.includes(starter));
  });

  it("substitutions are made before deciding; not after the decision is in", () => {
    const { s } = started();
    baseball.apply(s, 0, { type: "offense", play: "swing" });
    refused(s, 0, { type: "sub", kind: "pinchHitter", in: benchBatter(s, 0), out: s.teams[0].order[0] }, "DECISION_SUBMITTED");
  });
});
