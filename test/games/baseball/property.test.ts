/**
 * Property tests over thousands of games of random legal play (fast-check chooses the options and
 * seeds): the game always ends; the box score balances (runs equal the linescore and the score,
 * batting and pitching lines agree, outs add up to the innings played); the lineup stays legal;
 * rebuilding the box score from stored events equals the live one; and a game replayed from
 * (options, seed, actions) is identical.
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { baseball, initialEvents, type BaseballAction, type BaseballEvent, type BaseballOptions, type BaseballState } from "../../../src/games/baseball/index.js";
import { LINEUP_POSITIONS } from "../../../src/games/baseball/cards.js";
import { createRng, seedState, type Rng } from "../../../src/games/core/rng.js";
import { botTurn } from "../../../src/games/core/GameDefinition.js";

interface Played {
  state: BaseballState;
  events: BaseballEvent[];
  actions: { seat: number; action: BaseballAction }[];
}

/** Random legal play: mostly decisions, sometimes a substitution or switch; or the bot. */
function play(seed: string, options: BaseballOptions, mode: "random" | "bot", rng: Rng): Played {
  const state = baseball.setup({ seed, seats: 2, options });
  const events = initialEvents(state);
  const actions: Played["actions"] = [];
  for (let step = 0; !baseball.outcome(state); step++) {
    assert.ok(step < 20000, "the game ends");
    const active = baseball.activeSeats(state);
    assert.ok(active.length > 0);
    const seat = active[rng.int(active.length)]!;
    let action: BaseballAction;
    if (mode === "bot") action = botTurn(baseball, state, seat, undefined, rng).action;
    else {
      const legal = baseball.legalActions(state, seat);
      const plain = legal.filter((a) => a.type !== "sub" && a.type !== "switch");
      const pool = rng.int(10) === 0 || plain.length === 0 ? legal : plain;
      action = pool[rng.int(pool.length)]!;
    }
    actions.push({ seat, action });
    const r = baseball.apply(state, seat, action);
    for (const e of r.events) events.push(e);
    checkState(state);
  }
  return { state, events, actions };
}

function checkState(s: BaseballState): void {
  for (const t of s.teams) {
    assert.equal(new Set(t.order).size, 9);
    assert.deepEqual(t.order.map((id) => t.pos[id]).sort(), [...LINEUP_POSITIONS].sort());
    for (const id of [...t.order, t.pitcher]) assert.ok(!t.removed.includes(id), "a removed player never returns");
  }
  if (s.phase === "DECIDE") assert.ok(s.outs < 3);
  const bat = s.teams[s.half];
  for (const r of s.bases) if (r) assert.ok(bat.order.includes(r.id), "runners are in the batting order");
}

function sum<T>(xs: readonly T[], f: (x: T) => number): number {
  return xs.reduce((a, x) => a + f(x), 0);
}

function checkBox({ state, events }: Played): void {
  const box = baseball.summarise(events);
  assert.ok(box.final);
  for (const team of [0, 1] as const) {
    const t = box.teams[team]!;
    const opp = box.teams[1 - team]!;
    assert.equal(t.R, state.score[team], "runs = score");
    assert.equal(sum(t.innings, (x) => x), t.R, "runs = linescore");
    assert.deepEqual(t.innings, state.line[team]);
    assert.equal(t.H, state.hits[team]);
    assert.equal(t.E, state.errors[team]);
    assert.equal(sum(t.batting, (b) => b.R), t.R);
    assert.equal(sum(t.batting, (b) => b.H), t.H);
    // Batting lines of one team agree with the other team's pitching lines.
    assert.equal(sum(t.batting, (b) => b.H), sum(opp.pitching, (p) => p.H));
    assert.equal(sum(t.batting, (b) => b.BB), sum(opp.pitching, (p) => p.BB));
    assert.equal(sum(t.batting, (b) => b.SO), sum(opp.pitching, (p) => p.SO));
    assert.equal(sum(t.batting, (b) => b.HR), sum(opp.pitching, (p) => p.HR));
    assert.equal(sum(t.batting, (b) => b.PA), sum(opp.pitching, (p) => p.BF));
    assert.equal(t.R, sum(opp.pitching, (p) => p.R));
    for (const b of t.batting) {
      assert.equal(b.AB, b.PA - b.BB - b.HBP - b.SF - b.SH, `AB of ${b.id}`);
      assert.ok(b.H <= b.AB && b["2B"] + b["3B"] + b.HR <= b.H);
    }
    for (const p of opp.pitching) assert.ok(p.ER <= p.R && p.IP === `${Math.floor(p.outs / 3)}.${p.outs % 3}`);
    // Outs add up: three per completed half-inning the team fielded, plus the outs of an unfinished last half.
    const halves = events.filter((e) => e.type === "halfEnded" && e.half === 1 - team).length;
    const lastHalfOpen = state.half === 1 - team && !events.some((e, i) => e.type === "halfEnded" && i === events.length - 2);
    const partial = lastHalfOpen ? state.outs : 0;
    assert.equal(sum(t.pitching, (p) => p.outs), 3 * halves + partial, "outs add up to innings");
  }
  // Rebuilt from stored (serialised) events, the box score is the same.
  assert.deepEqual(baseball.summarise(JSON.parse(JSON.stringify(events)) as BaseballEvent[]), box);
}

const optionsArb = fc.record(
  {
    innings: fc.constantFrom<7 | 9>(7, 9),
    mercy: fc.boolean(),
    dice: fc.constantFrom<"server" | "manual">("server", "server", "server", "manual"),
    away: fc.constantFrom("PAP", "IVM", "GLL"),
    home: fc.constantFrom("SHF", "KBC", "RMC"),
  },
  { requiredKeys: [] },
);

describe("baseball: properties of random legal play", function () {
  this.timeout(600_000);

  it("random legal play (1,200 games): ends, keeps the lineup legal, the box score balances and rebuilds", () => {
    fc.assert(
      fc.property(optionsArb, fc.string({ minLength: 1, maxLength: 12 }), (options, seed) => {
        const played = play(seed, options, "random", createRng(seedState(seed, "random-play")));
        checkBox(played);
      }),
      { numRuns: 1200 },
    );
  });

  it("bot-managed games (800): the same balances hold", () => {
    fc.assert(
      fc.property(optionsArb, fc.string({ minLength: 1, maxLength: 12 }), (options, seed) => {
        checkBox(play(seed, options, "bot", createRng(seedState(seed, "bots"))));
      }),
      { numRuns: 800 },
    );
  });

  it("determinism: (options, seed, actions) replay to the same events, state and box score", () => {
    for (let g = 0; g < 50; g++) {
      const options: BaseballOptions = g % 3 === 0 ? { dice: "manual" } : g % 3 === 1 ? { innings: 7, mercy: true } : {};
      const first = play(`det-${g}`, options, g % 2 ? "bot" : "random", createRng(seedState(`det-${g}`)));
      const s = baseball.setup({ seed: `det-${g}`, seats: 2, options });
      const events = initialEvents(s);
      for (const { seat, action } of first.actions) events.push(...baseball.apply(s, seat, JSON.parse(JSON.stringify(action))).events);
      assert.deepEqual(events, first.events);
      assert.deepEqual(s, first.state);
    }
  });
});
