/** Property tests (fast-check): random legal play over many seeds and profiles. */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { baloot, initialEvents, applyMove, legalMoves, newMatch, type BalootEvent, type BalootOptions, type BalootState } from "../../../src/games/baloot/index.js";
import { popcount } from "../../../src/games/baloot/cards.js";
import { sawaCheck, setSawaShortcuts } from "../../../src/games/baloot/sawa.js";
import { createRng, seedState, type Rng } from "../../../src/games/core/rng.js";
import { CARD_NAMES } from "../../../src/games/baloot/tables.js";
import { isIllegalAction } from "../../../src/games/core/IllegalAction.js";
import type { ProfileOverrides } from "../../../src/games/baloot/profile.js";

const VARIANT: ProfileOverrides = {
  kawesh: "TAZ",
  allPass: "CANCEL_SAME_DEALER",
  bidding: { beforeYou: "UNPASSED_HIGHER_PRIORITY", ashkalOnOwnTurn: false, hokumFinalChoice: false } as never,
  doubling: { raisers: "TEAMS", closed: { DOUBLE: "BUYER_CHOICE", TRIPLE: "RAISER_CHOICE", FOUR: "CLOSED", GAHWA: "OPEN" } } as never,
  play: { partnerExemption: "ANY", undertrump: "MUST", trumpLedBeatPartner: true } as never,
  projects: { balootAnnounce: "FIRST_CARD", oneCardOneProject: false, maxPerPlayer: 0 } as never,
  scoring: { sunConversion: "FIVE_ROUNDS_UP", kabootProjects: "NONE" } as never,
};
const PROFILES: BalootOptions[] = [{}, { profile: "KAMMELNA_LIKE" }, { overrides: VARIANT }];

/** Checks one finished hand's score sheet. */
function checkSheet(e: Extract<BalootEvent, { type: "handScored" }>): void {
  if (e.result === "FOUL") return; // a foul stops the hand early
  const total = e.teams[0].cardPoints + e.teams[0].ground + e.teams[1].cardPoints + e.teams[1].ground;
  assert.equal(total, e.contract === "SUN" ? 130 : 162);
  assert.equal(e.teams[0].tricks + e.teams[1].tricks, 8);
  assert.equal(e.teams[0].ground + e.teams[1].ground, 10);
  if (e.level === 1 && !e.gahwa && !e.kaboot && (e.result === "MADE" || e.result === "TIE") && e.projectTeam === null && e.balootHolder === null) {
    assert.equal(e.gamePoints[0] + e.gamePoints[1], e.contract === "SUN" ? 26 : 16);
  }
}

/** 32 cards: in hands + played (+ face-up and stock during the auction). */
function checkConservation(s: BalootState): void {
  const h = s.hand;
  if (s.phase === "PLAYING") {
    const held = h.hands.reduce((a, m) => a + popcount(m), 0);
    assert.equal(held + popcount(h.played), 32);
    assert.equal(h.played & (h.hands[0]! | h.hands[1]! | h.hands[2]! | h.hands[3]!), 0);
  } else if (s.phase === "BIDDING") {
    assert.equal(h.hands.reduce((a, m) => a + popcount(m), 0), 20);
  }
}

function randomPick(state: BalootState, rng: Rng) {
  const moves = legalMoves(state, state.turn);
  assert.ok(moves.length > 0, `no move in ${state.phase}`);
  return moves[rng.int(moves.length)]!;
}

describe("baloot properties", function () {
  this.timeout(60000);

  it("one random hand per seed (2,000 seeds × profiles): no exception, conservation, 8 tricks, 130/162, 26/16 split", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: PROFILES.length - 1 }), (n, p) => {
        const { state } = newMatch(`prop-${n}`, PROFILES[p]!);
        const rng = createRng(seedState(`r-${n}`));
        const events: BalootEvent[] = [];
        const hand = state.handNo;
        let steps = 0;
        while (state.handNo === hand && state.phase !== "OVER") {
          applyMove(state, state.turn, randomPick(state, rng), events);
          if (state.handNo === hand) checkConservation(state);
          assert.ok(steps++ < 500);
        }
        for (const e of events) if (e.type === "handScored") checkSheet(e);
        assert.equal(events.filter((e) => e.type === "handScored" || e.type === "handCancelled").length, 1);
      }),
      { numRuns: 2000 },
    );
  });

  it("the Sawa shortcuts never change the search's answer", () => {
    let compared = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: PROFILES.length - 1 }), (n, p) => {
        const { state } = newMatch(`sawa-${n}`, PROFILES[p]!);
        const rng = createRng(seedState(`s-${n}`));
        const hand = state.handNo;
        while (state.handNo === hand && state.phase !== "OVER") {
          if (state.phase === "PLAYING" && state.hand.trick.length === 0 && state.hand.trickNo >= 3) {
            setSawaShortcuts(true);
            const a = sawaCheck(state, state.turn, 30000);
            setSawaShortcuts(false);
            const b = sawaCheck(state, state.turn, 30000);
            setSawaShortcuts(true);
            if (a !== null && b !== null) {
              assert.equal(a, b);
              compared++;
            }
          }
          applyMove(state, state.turn, randomPick(state, rng), []);
        }
      }),
      { numRuns: 150 },
    );
    assert.ok(compared > 150);
  });

  it("any action by any seat at any point: either legal, or an IllegalAction that leaves the state untouched", () => {
    const junk = fc.oneof(
      fc.constantFrom<unknown>(null, 7, "x", [], {}, { type: "play" }, { type: "bid", bid: "SUN", suit: "Z" }, { type: "raise" }),
      fc.record({
        type: fc.constantFrom("bid", "confirm", "double", "triple", "four", "gahwa", "skipDouble", "setClosed", "declareProjects", "play", "sawa", "qaid", "skipQaid", "kawesh"),
        bid: fc.constantFrom("PASS", "SUN", "HOKUM", "ASHKAL"),
        card: fc.constantFrom(...CARD_NAMES),
      }).map((r) => {
        const a: Record<string, unknown> = { type: r.type };
        if (r.type === "bid") a.bid = r.bid;
        if (r.type === "play") a.card = r.card;
        if (r.type === "confirm") a.choice = r.bid === "SUN" ? "SUN" : "HOKUM";
        if (r.type === "setClosed") a.closed = r.card < "8";
        return a;
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: PROFILES.length - 1 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), junk), { minLength: 40, maxLength: 40 }), (n, p, tries) => {
        const state = baloot.setup({ seed: `fuzz-${n}`, seats: 4, options: PROFILES[p]! });
        const rng = createRng(seedState(`f-${n}`));
        for (const [seat, action] of tries) {
          // Advance a few random legal steps between attempts.
          for (let k = 0; k < 3 && baloot.outcome(state) === null; k++) {
            const s = state.turn;
            const acts = baloot.legalActions(state, s);
            baloot.apply(state, s, acts[rng.int(acts.length)]);
          }
          if (baloot.outcome(state) !== null) break;
          const before = baloot.clone(state);
          try {
            baloot.apply(state, seat, action);
          } catch (e) {
            assert.ok(isIllegalAction(e), String(e));
            assert.deepEqual(state, before);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it("whole matches: replaying (options, seed, actions) gives identical state and events; views never leak", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: PROFILES.length - 1 }), (n, p) => {
        const options = { ...PROFILES[p]!, targetScore: 100 };
        const seed = `match-${n}`;
        const state = baloot.setup({ seed, seats: 4, options });
        const events: BalootEvent[] = initialEvents(state);
        const rng = createRng(seedState(`a-${n}`));
        const log: { seat: number; action: unknown }[] = [];
        let steps = 0;
        while (baloot.outcome(state) === null) {
          const seat = baloot.activeSeats(state)[0]!;
          const actions = baloot.legalActions(state, seat);
          const action = JSON.parse(JSON.stringify(actions[rng.int(actions.length)])) as unknown;
          log.push({ seat, action });
          const r = baloot.apply(state, seat, action);
          events.push(...r.events);
          for (const e of r.events) if (e.type === "handScored") checkSheet(e);
          if (steps++ % 7 === 0) checkViews(state);
          assert.ok(steps < 20000);
        }
        const again = baloot.setup({ seed, seats: 4, options });
        const events2: BalootEvent[] = initialEvents(again);
        for (const { seat, action } of log) events2.push(...baloot.apply(again, seat, action).events);
        assert.deepEqual(again, state);
        assert.deepEqual(events2, events);
        assert.deepEqual(JSON.parse(JSON.stringify(state)), state, "state is plain JSON");
      }),
      { numRuns: 40 },
    );
  });
});

function checkViews(state: BalootState): void {
  const h = state.hand;
  const revealed = new Set<string>();
  if (h.faceUp >= 0) revealed.add(CARD_NAMES[h.faceUp]!);
  if (h.projectsRevealed && h.projectTeam >= 0) {
    for (let s = 0; s < 4; s++) if ((s & 1) === h.projectTeam) for (const p of h.declared[s] ?? []) for (let c = 0; c < 32; c++) if ((p.cards >>> c) & 1) revealed.add(CARD_NAMES[c]!);
  }
  for (const viewer of [0, 1, 2, 3, null]) {
    const text = JSON.stringify(baloot.view(state, viewer));
    for (let s = 0; s < 4; s++) {
      if (s === viewer) continue;
      for (let c = 0; c < 32; c++) {
        if (!((h.hands[s]! >>> c) & 1)) continue;
        const name = CARD_NAMES[c]!;
        if (revealed.has(name)) continue;
        assert.ok(!text.includes(`"${name}"`), `seat ${String(viewer)} sees ${name} of seat ${s}`);
      }
    }
  }
}
