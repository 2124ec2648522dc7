/** Official scoring: earned runs, the box score fold (IP 5.1, lines), W/L/S decisions. */
import { strict as assert } from "node:assert";
import { baseball, initialEvents, type BaseballEvent } from "../../../src/games/baseball/index.js";
import { ipString } from "../../../src/games/baseball/boxscore.js";
import { botTurn } from "../../../src/games/core/GameDefinition.js";
import { createRng, seedState } from "../../../src/games/core/rng.js";
import { ofType, pa, setBases, setBatterRow, started, order } from "./helpers.js";

describe("baseball: earned runs", () => {
  it("an error that extends the inning makes the later runs unearned", () => {
    const { s } = started();
    s.outs = 2;
    setBatterRow(s, 7, "GB:SS");
    pa(s, [1, 7, 1, 1]); // error: the third out should have been made
    assert.equal(s.errOuts, 1);
    setBatterRow(s, 7, "HR:LF");
    const { events } = pa(s, [1, 7]);
    const runs = ofType(events, "run");
    assert.equal(runs.length, 2);
    assert.ok(runs.every((r) => !r.earned));
  });

  it("a runner who reached on an error scores unearned; a clean runner scores earned", () => {
    const { s } = started();
    setBatterRow(s, 7, "GB:SS");
    pa(s, [1, 7, 1, 1]);
    setBatterRow(s, 7, "HR:LF");
    const runs = ofType(pa(s, [1, 7]).events, "run");
    assert.deepEqual(
      runs.map((r) => r.earned),
      [false, true],
    );
  });

  it("runs are charged to the pitcher who put the runner on, not his reliever", () => {
    const { s } = started();
    const o = order(s, 0);
    setBases(s, [o[5]!, null, null]);
    const starter = s.teams[1].pitcher;
    setBatterRow(s, 7, "K");
    pa(s, [1, 7]);
    const rp = s.teams[1].card.players.find((p) => p.pitching?.role === "RP")!.id;
    baseball.apply(s, 1, { type: "sub", kind: "pitcher", in: rp });
    setBatterRow(s, 7, "HR:CF");
    const runs = ofType(pa(s, [1, 7]).events, "run");
    assert.deepEqual(
      runs.map((r) => r.resp),
      [starter, rp],
    );
  });
});

describe("baseball: box score", () => {
  it("shows innings pitched as whole innings and outs", () => {
    assert.equal(ipString(16), "5.1");
    assert.equal(ipString(27), "9.0");
    assert.equal(ipString(2), "0.2");
  });

  it("folds plate appearances into batting and pitching lines", () => {
    const { s, events } = started();
    const batter = s.teams[0].order[0]!;
    const pitcher = s.teams[1].pitcher;
    setBatterRow(s, 7, "2B:LF");
    events.push(...pa(s, [1, 7]).events);
    setBatterRow(s, 7, "HR:RF");
    events.push(...pa(s, [1, 7]).events);
    setBatterRow(s, 7, "K");
    events.push(...pa(s, [1, 7]).events);
    const box = baseball.summarise(events);
    const b = box.teams[0]!.batting.find((l) => l.id === batter)!;
    assert.equal(b.PA, 1);
    assert.equal(b["2B"], 1);
    assert.equal(b.R, 1);
    const p = box.teams[1]!.pitching.find((l) => l.id === pitcher)!;
    assert.deepEqual([p.BF, p.H, p.HR, p.R, p.ER, p.SO, p.outs, p.IP], [3, 2, 1, 2, 2, 1, 1, "0.1"]);
    assert.equal(box.teams[0]!.R, 2);
    assert.deepEqual(box.teams[0]!.innings, [2]);
  });

  it("decisions: W to the pitcher of record when his team took the lead for good, L to the pitcher charged with that run, S to a closer who held a small lead", () => {
    // A complete game played by bots; then check the decisions against the run events.
    for (let g = 0; g < 30; g++) {
      let s = baseball.setup({ seed: `dec-${g}`, seats: 2, options: {} });
      const events: BaseballEvent[] = initialEvents(s);
      while (!baseball.outcome(s)) {
        const seat = baseball.activeSeats(s)[0]!;
        const r = baseball.apply(s, seat, botTurn(baseball, s, seat, undefined, createRng(seedState(`dec-${g}`, `bot:${events.length}`))).action);
        s = r.state;
        events.push(...r.events);
      }
      const box = baseball.summarise(events);
      const winner = box.final!.winnerTeam!;
      const pitchers = box.teams.map((t) => t.pitching.map((p) => p.id));
      assert.ok(pitchers[winner]!.includes(box.decisions.W!), "W on the winning team");
      assert.ok(pitchers[1 - winner]!.includes(box.decisions.L!), "L on the losing team");
      if (box.decisions.S) {
        assert.ok(pitchers[winner]!.includes(box.decisions.S));
        assert.notEqual(box.decisions.S, box.decisions.W);
        assert.equal(box.decisions.S, pitchers[winner]![pitchers[winner]!.length - 1], "the save goes to the finisher");
      }
      // The losing pitcher is the one charged with the go-ahead run.
      const score = [0, 0];
      let goAhead: string | null = null;
      for (const e of ofType(events, "run")) {
        const before = score[e.team]! - score[1 - e.team]!;
        score[e.team]! += 1;
        if (e.team === winner && before === 0) goAhead = e.resp;
      }
      assert.equal(box.decisions.L, goAhead);
    }
  });

  it("W/L/S from a constructed log: a starter short of five innings gets no win; the tying-run-on-deck save", () => {
    const roster = (t: string) => [{ id: `${t}1`, name: t }];
    const outs = (team: number, pitcher: string, n: number): BaseballEvent[] =>
      Array.from({ length: n }, (_, i) => ({ type: "out" as const, team, pitcher, player: "x", how: "K", outs: (i % 3) + 1 }));
    const events: BaseballEvent[] = [
      { type: "gameStarted", set: "s", teams: [{ id: "A", name: "A", abbr: "A" }, { id: "H", name: "H", abbr: "H" }], innings: 9, dice: "server", mercy: null },
      { type: "lineupSet", team: 0, order: [], pitcher: "A-SP", byDefault: true, roster: roster("A") },
      { type: "lineupSet", team: 1, order: [], pitcher: "H-SP", byDefault: true, roster: roster("H") },
      // Home scores first off the visitors' starter, who leaves after 4 innings (12 outs).
      { type: "run", team: 1, runner: "h1", resp: "A-SP", earned: true, batter: "h2" },
      ...outs(1, "H-SP", 12),
      { type: "sub", team: 1, kind: "pitcher", in: "H-RP1", out: "H-SP", pos: "P", spot: null, runners: 0 },
      ...outs(1, "H-RP1", 12),
      // Visitors' reliever; home adds a run.
      { type: "sub", team: 0, kind: "pitcher", in: "A-RP", out: "A-SP", pos: "P", spot: null, runners: 0 },
      { type: "run", team: 1, runner: "h3", resp: "A-RP", earned: true, batter: "h4" },
      // The closer comes in with a 2-run lead, nobody on: the tying run is on deck; he gets one out.
      { type: "sub", team: 1, kind: "pitcher", in: "H-CL", out: "H-RP1", pos: "P", spot: null, runners: 0 },
      ...outs(1, "H-CL", 1),
      { type: "gameOver", winnerTeam: 1, score: [0, 2], reason: "REGULATION", innings: 9 },
    ];
    const box = baseball.summarise(events);
    assert.deepEqual(box.decisions, { W: "H-RP1", L: "A-SP", S: "H-CL" });
    assert.equal(box.teams[1]!.pitching.find((p) => p.id === "H-RP1")!.decision, "W");
  });
});

