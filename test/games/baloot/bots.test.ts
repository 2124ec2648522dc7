/**
 * Bots decide from their seat's view only (GameDefinition "Bots"): the peeking property, legality
 * of the search bot in random positions and profiles, the inference and sampler it relies on, and a
 * small deterministic strength smoke test (no timing assertions anywhere).
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { baloot, heuristicMove, legalMoves, newMatch, applyMove, toAction, type BalootAction, type BalootOptions, type BalootState, type BalootView } from "../../../src/games/baloot/index.js";
import { botTurn, type BotDecision, type BotLevel } from "../../../src/games/core/GameDefinition.js";
import { createRng, seedState, type Rng } from "../../../src/games/core/rng.js";
import { SUIT_MASKS, popcount, suitOf } from "../../../src/games/baloot/cards.js";
import { inferHidden } from "../../../src/games/baloot/bots/inference.js";
import { sampleHands } from "../../../src/games/baloot/bots/sample.js";
import type { BalootEvent } from "../../../src/games/baloot/events.js";

const PROFILES: BalootOptions[] = [
  {},
  { profile: "KAMMELNA_LIKE" },
  { overrides: { play: { partnerExemption: "ANY", undertrump: "MUST", trumpLedBeatPartner: true } as never, projects: { balootAnnounce: "FIRST_CARD" } as never } },
];

/** A random position: `steps` random legal moves into a match (stops early if the match ends). */
function randomPosition(seed: string, steps: number, options: BalootOptions, rng: Rng): BalootState {
  const { state } = newMatch(seed, options);
  const events: BalootEvent[] = [];
  for (let i = 0; i < steps && state.phase !== "OVER"; i++) {
    const moves = legalMoves(state, state.turn);
    applyMove(state, state.turn, moves[rng.int(moves.length)]!, events);
  }
  return state;
}

/** A random position in card play (random bidding until a contract stands, then random cards). */
function playingPosition(seed: string, cards: number, options: BalootOptions, rng: Rng): BalootState | null {
  const { state } = newMatch(seed, options);
  const events: BalootEvent[] = [];
  let guard = 0;
  while (state.phase !== "PLAYING" && state.phase !== "OVER" && guard++ < 400) {
    const moves = legalMoves(state, state.turn);
    // Lean towards bidding so a contract stands quickly.
    const bids = moves.filter((m) => m.k !== "bid" || m.bid !== "PASS");
    const pool = bids.length > 0 && rng.int(3) > 0 ? bids : moves;
    applyMove(state, state.turn, pool[rng.int(pool.length)]!, events);
  }
  if (state.phase !== "PLAYING") return null;
  const handNo = state.handNo;
  for (let i = 0; i < cards; i++) {
    const moves = legalMoves(state, state.turn).filter((m) => m.k === "play" || m.k === "declare");
    applyMove(state, state.turn, moves[rng.int(moves.length)]!, events);
    if (state.phase !== "PLAYING" || state.handNo !== handNo) return null;
  }
  return state;
}

/** Same position, hidden cards moved: swap one unseen card between two seats other than `me`. */
function swapHidden(state: BalootState, me: number, rng: Rng): BalootState | null {
  const others = [0, 1, 2, 3].filter((s) => s !== me);
  rng.shuffle(others);
  const [a, b] = [others[0]!, others[1]!];
  const h = state.hand;
  if (h.hands[a] === 0 || h.hands[b] === 0) return null;
  const pickFrom = (mask: number): number => {
    const list: number[] = [];
    for (let m = mask; m !== 0; m = (m & (m - 1)) >>> 0) list.push(31 - Math.clz32((m & -m) >>> 0));
    return list[rng.int(list.length)]!;
  };
  const ca = pickFrom(h.hands[a]!);
  const cb = pickFrom(h.hands[b]!);
  const copy = baloot.clone(state);
  const swap = (mask: number, gone: number, added: number): number => ((mask & ~(1 << gone)) | (1 << added)) >>> 0;
  copy.hand.hands[a] = swap(copy.hand.hands[a]!, ca, cb);
  copy.hand.hands[b] = swap(copy.hand.hands[b]!, cb, ca);
  if (state.phase !== "BIDDING") {
    copy.hand.full[a] = swap(copy.hand.full[a]!, ca, cb);
    copy.hand.full[b] = swap(copy.hand.full[b]!, cb, ca);
  }
  return copy;
}

function sameRng(label: string): Rng {
  return createRng(seedState("same", label));
}

describe("baloot bots: decisions from the seat's view only", function () {
  this.timeout(120000);

  it("two different states with the same view for the seat give the same move for the same rng (basic and strong)", () => {
    let compared = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: PROFILES.length - 1 }), (n, steps, p) => {
        const rng = createRng(seedState(`peek-${n}`));
        const a = randomPosition(`peek-${n}`, steps, PROFILES[p]!, rng);
        if (a.phase === "OVER") return;
        const me = a.turn;
        const b = swapHidden(a, me, rng);
        if (!b) return;
        assert.notDeepEqual(a.hand.hands, b.hand.hands, "the two states differ in hidden cards");
        const va = baloot.view(a, me);
        // Only positions where the swap leaves the seat's view unchanged are the property's input.
        if (JSON.stringify(va) !== JSON.stringify(baloot.view(b, me))) return;
        for (const level of ["basic", "strong"] as BotLevel[]) {
          const da: BotDecision<BalootAction> = botTurn(baloot, a, me, null, sameRng(`${n}`), level);
          const db: BotDecision<BalootAction> = botTurn(baloot, b, me, null, sameRng(`${n}`), level);
          assert.deepEqual(da.action, db.action, `level ${level}, phase ${a.phase}`);
          assert.deepEqual(da.memory, db.memory);
        }
        compared++;
      }),
      { numRuns: 150, seed: 9 },
    );
    assert.ok(compared >= 50, `only ${compared} positions compared`);
  });

  it("the basic bot fed from a state (heuristicMove) decides exactly as from the seat's view", () => {
    const rng = createRng(seedState("parity"));
    for (let m = 0; m < 40; m++) {
      const { state } = newMatch(`parity-${m}`, PROFILES[m % PROFILES.length]!);
      const events: BalootEvent[] = [];
      for (let step = 0; step < 200 && state.phase !== "OVER"; step++) {
        const seat = state.turn;
        const fromView = botTurn(baloot, state, seat, null, rng, "basic").action;
        assert.deepEqual(toAction(heuristicMove(state, seat)), fromView);
        applyMove(state, seat, heuristicMove(state, seat), events);
      }
    }
  });

  it("the search bot's action is always one of the view's legal actions and apply accepts it (random positions, 3 profiles)", () => {
    let checked = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: PROFILES.length - 1 }), (n, cards, p) => {
        const rng = createRng(seedState(`legal-${n}`));
        const state = playingPosition(`legal-${n}`, cards, PROFILES[p]!, rng) ?? randomPosition(`legal-${n}`, cards, PROFILES[p]!, rng);
        if (state.phase === "OVER") return;
        const seat = state.turn;
        const view = baloot.view(state, seat);
        const { action } = baloot.bot(view, null, rng, "strong");
        assert.ok(
          view.legalActions.some((a) => JSON.stringify(a) === JSON.stringify(action)),
          `${JSON.stringify(action)} not in ${JSON.stringify(view.legalActions)}`,
        );
        baloot.apply(state, seat, action);
        checked++;
      }),
      { numRuns: 300, seed: 4 },
    );
    assert.ok(checked >= 250);
  });

  it("whole matches with strong bots on one team and random legal play on the other never produce an illegal action", () => {
    for (let m = 0; m < 4; m++) {
      const state = baloot.setup({ seed: `full-${m}`, seats: 4, options: { ...PROFILES[m % PROFILES.length]!, targetScore: 60 } });
      const rng = createRng(seedState(`full-${m}`));
      let steps = 0;
      while (baloot.outcome(state) === null && steps++ < 5000) {
        const seat = baloot.activeSeats(state)[0]!;
        const view = baloot.view(state, seat);
        const action = (seat & 1) === m % 2 ? baloot.bot(view, null, rng, "strong").action : view.legalActions[rng.int(view.legalActions.length)]!;
        baloot.apply(state, seat, action);
      }
      assert.notEqual(baloot.outcome(state), null);
    }
  });

  it("bots refuse a spectator's view and a view with nothing to do", () => {
    const { state } = newMatch("spect", {});
    const rng = sameRng("x");
    assert.throws(() => baloot.bot(baloot.view(state, null), null, rng), /spectator/);
    const idle = (state.turn + 1) & 3;
    assert.throws(() => baloot.bot(baloot.view(state, idle), null, rng, "strong"), /nothing to do/);
  });
});

describe("baloot search bot: inference and sampling", () => {
  /** Plays scripted tricks on a stacked position: returns the view of `me` afterwards. */
  function positionAfter(seed: string, cards: number, rng: Rng): { state: BalootState; view: BalootView } | null {
    const state = playingPosition(seed, cards, {}, rng);
    if (!state) return null;
    return { state, view: baloot.view(state, state.turn) };
  }

  it("inferences never contradict the real hands, every shown void is inferred, and sampled deals respect sizes, known cards and voids", () => {
    const rng = createRng(seedState("infer"));
    let worlds = 0;
    let voids = 0;
    for (let n = 0; n < 120; n++) {
      const pos = positionAfter(`infer-${n}`, 4 + (n % 20), rng);
      if (!pos) continue;
      const { state, view } = pos;
      const me = view.seat!;
      const info = inferHidden(view);
      const h = state.hand;
      for (let s = 0; s < 4; s++) {
        if (s === me) continue;
        // Sound: nothing inferred contradicts the real hands.
        assert.equal(info.forbidden[s]! & h.hands[s]!, 0, `seat ${s}: forbidden cards it holds`);
        assert.equal(info.known[s]! & ~h.hands[s]!, 0, `seat ${s}: known cards it does not hold`);
        assert.equal(info.counts[s], popcount(h.hands[s]!));
      }
      // A seat that did not follow the led suit is void in it.
      for (const t of h.tricks) {
        const led = suitOf(t.cards[0]!);
        t.cards.forEach((c, i) => {
          const seat = (t.leader + i) & 3;
          if (seat !== me && suitOf(c) !== led) {
            const unseen = (SUIT_MASKS[led]! & ~h.played & ~h.hands[me]!) >>> 0;
            assert.equal((info.forbidden[seat]! & unseen) >>> 0, unseen, `seat ${seat} showed a void in suit ${led}`);
            voids++;
          }
        });
      }
      for (let k = 0; k < 5; k++) {
        const dealt = sampleHands(info, rng, h.contract!.kind, state.profile);
        let all = h.hands[me]! | h.played;
        for (let s = 0; s < 4; s++) {
          if (s === me) continue;
          assert.equal(popcount(dealt[s]!), popcount(h.hands[s]!), "hand size");
          assert.equal(dealt[s]! & all, 0, "cards dealt twice or already seen");
          assert.equal(dealt[s]! & info.forbidden[s]!, 0, "a void was ignored");
          assert.equal(info.known[s]! & ~dealt[s]!, 0, "a known card was moved");
          all |= dealt[s]!;
        }
        assert.equal(all >>> 0, 0xffffffff, "all 32 cards placed");
        worlds++;
      }
    }
    assert.ok(worlds > 200 && voids > 20, `${worlds} worlds, ${voids} voids`);
  });
});

describe("baloot search bot: strength smoke test (deterministic, no timing)", function () {
  this.timeout(120000);

  it("over 24 mirrored hands the strong team scores more game points than the basic team", () => {
    let strong = 0;
    let basic = 0;
    for (let d = 0; d < 12; d++) {
      for (const strongTeam of [0, 1]) {
        // One hand per deal, the same deal for both seatings (the hand's deck comes from the seed).
        const state = baloot.setup({ seed: `smoke-${d}`, seats: 4, options: { targetScore: 1 } });
        const rng = createRng(seedState(`smoke-${d}`, String(strongTeam)));
        while (baloot.outcome(state) === null) {
          const seat = baloot.activeSeats(state)[0]!;
          const level: BotLevel = (seat & 1) === strongTeam ? "strong" : "basic";
          baloot.apply(state, seat, botTurn(baloot, state, seat, null, rng, level).action);
        }
        const scores = baloot.outcome(state)!.scores;
        strong += scores[strongTeam]!;
        basic += scores[strongTeam ^ 1]!;
      }
    }
    assert.ok(strong > basic, `strong ${strong} vs basic ${basic}`);
  });
});
