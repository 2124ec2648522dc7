/**
 * The Sawa solver against a brute-force reference (sawaReference.ts) on thousands of seeded
 * positions: random deals of 1 to 8 cards a hand (uniform, and biased towards the claimer so that
 * valid claims are common), every lead of randomly played hands under three profiles, every play
 * flag combination; and the public API: Sawa is listed exactly when apply accepts it.
 *
 * Deal counts: the default keeps the brute-force files near 12 s on an idle machine (CI);
 * SAWA_BRUTE_DEALS_SCALE=1 runs the full counts, =4 four times them (bruteDeals, sawaReference.ts).
 */
import { strict as assert } from "node:assert";
import { baloot, applyMove, legalMoves, newMatch, type BalootOptions, type BalootState } from "../../../src/games/baloot/index.js";
import { solveSawa, type SawaPosition } from "../../../src/games/baloot/sawaSolver.js";
import { sawaCheck, sawaValid } from "../../../src/games/baloot/sawa.js";
import { SAUDI_DEFAULT, type RuleProfile } from "../../../src/games/baloot/profile.js";
import { PLAIN_STRENGTH, TRUMP_STRENGTH } from "../../../src/games/baloot/tables.js";
import { createRng, seedState, type Rng } from "../../../src/games/core/rng.js";
import { isIllegalAction } from "../../../src/games/core/IllegalAction.js";
import type { ProfileOverrides } from "../../../src/games/baloot/profile.js";
import { bruteDeals, bruteTimeout, referenceSawa } from "./sawaReference.js";

type Play = RuleProfile["play"];

const FLAGS: Play[] = [];
for (const partnerExemption of ["SAUDI_STRICT", "ANY"] as const)
  for (const undertrump of ["FREE", "MUST"] as const)
    for (const trumpLedBeatPartner of [false, true]) FLAGS.push({ ...SAUDI_DEFAULT.play, partnerExemption, undertrump, trumpLedBeatPartner });

/** n cards a hand. With `bias`, the claimer's side tends to get the strong cards (valid claims are then common). */
function randomPosition(r: Rng, n: number, bias: boolean): SawaPosition {
  const trump = r.int(5) - 1;
  const deck = r.shuffle([...Array(32).keys()]).slice(0, 4 * n);
  const leader = r.int(4);
  const hands = [0, 0, 0, 0];
  if (bias) {
    const strength = (c: number) => (c >>> 3 === trump ? 8 + TRUMP_STRENGTH[c]! : PLAIN_STRENGTH[c]!) + r.int(6);
    deck.sort((a, b) => strength(b) - strength(a));
  }
  // Biased: the claimer's side picks first from the strongest; otherwise seats take turns.
  const order = bias ? [leader, (leader + 2) & 3, (leader + 1) & 3, (leader + 3) & 3] : [0, 1, 2, 3];
  const quota = [n, n, n, n];
  let k = 0;
  for (const c of deck) {
    while (quota[order[k % 4]!]! === 0) k++;
    const seat = order[k % 4]!;
    hands[seat] = (hands[seat]! | (1 << c)) >>> 0;
    quota[seat]!--;
    if (!bias || r.int(3) === 0) k++;
  }
  const all = (hands[0]! | hands[1]! | hands[2]! | hands[3]!) >>> 0;
  return { hands, leader, played: ~all >>> 0, trump, closed: trump >= 0 && r.int(2) === 1, play: FLAGS[r.int(FLAGS.length)]! };
}

function compare(positions: SawaPosition[]): { valid: number; invalid: number } {
  let valid = 0;
  for (const p of positions) {
    const expected = referenceSawa(p);
    const got = solveSawa(p, false);
    if (got !== expected) assert.fail(`solver says ${String(got)}, reference ${String(expected)} for ${JSON.stringify(p)}`);
    if (expected) valid++;
  }
  return { valid, invalid: positions.length - valid };
}

/** Every lead position of `hands` randomly played hands. */
function leadsOfRandomPlay(options: BalootOptions, seed: string, hands: number): { state: BalootState; position: SawaPosition }[] {
  const out: { state: BalootState; position: SawaPosition }[] = [];
  const r = createRng(seedState(seed));
  for (let m = 0; out.length < hands * 8 && m < hands * 4; m++) {
    const { state } = newMatch(`${seed}-${m}`, options);
    const handNo = state.handNo;
    while (state.handNo === handNo && state.phase !== "OVER") {
      const h = state.hand;
      if (state.phase === "PLAYING" && h.trick.length === 0 && h.foulTeam < 0) {
        const position = { hands: h.hands.slice(), leader: state.turn, played: h.played, trump: h.contract!.trump, closed: h.closed, play: state.profile.play };
        out.push({ state: baloot.clone(state), position });
      }
      const moves = legalMoves(state, state.turn);
      applyMove(state, state.turn, moves[r.int(moves.length)]!, []);
    }
  }
  return out;
}

const VARIANT: ProfileOverrides = { play: { partnerExemption: "ANY", undertrump: "MUST", trumpLedBeatPartner: true } as never, doubling: { closed: { DOUBLE: "CLOSED", TRIPLE: "CLOSED", FOUR: "CLOSED", GAHWA: "CLOSED" } } as never };

describe("baloot Sawa solver: exact against a brute-force search", function () {
  this.timeout(bruteTimeout(120_000));

  const smallPairs = bruteDeals(200, 400);
  it(`1 to 6 cards a hand: ${(12 * smallPairs).toLocaleString("en-US")} random deals (uniform and biased), every trump and play flag`, () => {
    const r = createRng(seedState("sawa-small"));
    const positions: SawaPosition[] = [];
    for (let n = 1; n <= 6; n++) for (let i = 0; i < smallPairs; i++) positions.push(randomPosition(r, n, false), randomPosition(r, n, true));
    const { valid, invalid } = compare(positions);
    assert.ok(valid > 2.5 * smallPairs && invalid > 2.5 * smallPairs, `both answers well represented (${valid} valid, ${invalid} invalid)`);
  });

  const largePairs = bruteDeals(30, 100);
  it(`7 and 8 cards a hand: ${4 * largePairs} random deals (uniform and biased)`, () => {
    const r = createRng(seedState("sawa-large"));
    const positions: SawaPosition[] = [];
    for (const n of [7, 8]) for (let i = 0; i < largePairs; i++) positions.push(randomPosition(r, n, false), randomPosition(r, n, true));
    const { valid, invalid } = compare(positions);
    assert.ok(valid > 0.4 * largePairs && invalid > largePairs, `both answers well represented (${valid} valid, ${invalid} invalid)`);
  });

  const playHands = bruteDeals(12, 50);
  it(`every lead of randomly played hands (three profiles, closed Hokum included): ≥ ${(20 * playHands).toLocaleString("en-US")} positions`, () => {
    const positions: SawaPosition[] = [];
    for (const [i, options] of ([{}, { profile: "KAMMELNA_LIKE" }, { overrides: VARIANT }] as BalootOptions[]).entries()) {
      for (const { position } of leadsOfRandomPlay(options, `sawa-play-${i}`, playHands)) positions.push(position);
    }
    assert.ok(positions.length >= 20 * playHands, `${positions.length} positions`);
    assert.ok(positions.some((p) => p.closed) && positions.some((p) => p.trump < 0) && positions.some((p) => p.trump >= 0));
    const { valid, invalid } = compare(positions);
    assert.ok(valid > 2 * playHands && invalid > 2 * playHands, `${valid} valid, ${invalid} invalid`);
  });

  const idleDeals = bruteDeals(800, 3000);
  it(`Sun with idle opponent suits (the claimers void in one or two suits, or above all there): ${idleDeals.toLocaleString("en-US")} deals against brute force`, () => {
    // The Sun search lets a void opponent try only one discard from such a suit (sawaSun.ts): these
    // deals make that case the common one, with claims valid and invalid.
    const r = createRng(seedState("sawa-idle"));
    const positions: SawaPosition[] = [];
    for (let i = 0; i < idleDeals; i++) {
      const n = 3 + (i % 5);
      const leader = r.int(4);
      const claimers = [leader, (leader + 2) & 3];
      const voids = 1 + r.int(2);
      const suits = r.shuffle([0, 1, 2, 3]).slice(0, voids);
      // The claimers take their cards from the other suits (every other deal preferring strong
      // ones, so that valid claims are common); the opponents get the rest.
      const deck = r.shuffle([...Array(32).keys()]);
      const strength = (c: number) => PLAIN_STRENGTH[c]! + r.int(8);
      const theirs = deck.filter((c) => !suits.includes(c >>> 3));
      if (i % 2 === 0) theirs.sort((a, b) => strength(b) - strength(a));
      const hands = [0, 0, 0, 0];
      const used = new Set<number>();
      for (const seat of claimers) {
        for (let k = 0; k < n; k++) {
          const c = theirs[used.size]!;
          used.add(c);
          hands[seat] = (hands[seat]! | (1 << c)) >>> 0;
        }
      }
      const rest = deck.filter((c) => !used.has(c));
      for (const seat of [(leader + 1) & 3, (leader + 3) & 3]) {
        for (let k = 0; k < n; k++) hands[seat] = (hands[seat]! | (1 << rest.pop()!)) >>> 0;
      }
      const all = (hands[0]! | hands[1]! | hands[2]! | hands[3]!) >>> 0;
      positions.push({ hands, leader, played: ~all >>> 0, trump: -1, closed: false, play: SAUDI_DEFAULT.play });
    }
    const { valid, invalid } = compare(positions);
    assert.ok(valid > 0.1 * idleDeals && invalid > 0.1 * idleDeals, `${valid} valid, ${invalid} invalid`);
  });

  const fewTrumpDeals = bruteDeals(700, 2500);
  it(`Hokum with no trump left, or one or two (the Sun search answers trumpless positions): ${fewTrumpDeals.toLocaleString("en-US")} deals against brute force`, () => {
    // A Hokum position where no hand holds a trump goes to the Sun search (sawaSolver.ts sunRest).
    // Half of these deals have no trump at all, the others one or two, which a looser hand-over
    // (for instance whenever the opponents hold none) would answer wrongly. A small budget either
    // gives up or agrees.
    const r = createRng(seedState("sawa-few-trumps"));
    const positions: SawaPosition[] = [];
    for (let i = 0; i < fewTrumpDeals; i++) {
      const trump = r.int(4);
      const trumps = i % 2 === 0 ? 0 : 1 + r.int(2);
      const n = 1 + (i % 6);
      const leader = r.int(4);
      const plain = r.shuffle([...Array(32).keys()].filter((c) => c >>> 3 !== trump));
      const deck = [...r.shuffle([...Array(8).keys()].map((k) => (trump << 3) | k)).slice(0, trumps), ...plain].slice(0, 4 * n);
      if (i % 4 < 2) {
        // Every other pair of deals: the claimers take the strongest cards, so valid claims are common.
        const strength = (c: number) => (c >>> 3 === trump ? 8 + TRUMP_STRENGTH[c]! : PLAIN_STRENGTH[c]!) + r.int(5);
        deck.sort((a, b) => strength(b) - strength(a));
      } else r.shuffle(deck);
      const hands = [0, 0, 0, 0];
      const order = [leader, (leader + 2) & 3, (leader + 1) & 3, (leader + 3) & 3];
      deck.forEach((c, k) => {
        const seat = i % 4 < 2 ? order[Math.min(3, Math.floor(k / n))]! : k % 4;
        hands[seat] = (hands[seat]! | (1 << c)) >>> 0;
      });
      const all = (hands[0]! | hands[1]! | hands[2]! | hands[3]!) >>> 0;
      positions.push({ hands, leader, played: ~all >>> 0, trump, closed: r.int(2) === 1, play: FLAGS[r.int(FLAGS.length)]! });
    }
    const { valid, invalid } = compare(positions);
    assert.ok(valid > 0.1 * fewTrumpDeals && invalid > 0.1 * fewTrumpDeals, `${valid} valid, ${invalid} invalid`);
    let gaveUp = 0;
    for (const p of positions) {
      const bounded = solveSawa(p, false, 2);
      if (bounded === null) gaveUp++;
      else assert.equal(bounded, solveSawa(p, false), JSON.stringify(p));
    }
    assert.ok(gaveUp > 0);
  });

  const orderHands = bruteDeals(50, 140);
  it(`answers do not depend on the order of solving (process-wide Sun cache, per-deal Hokum table): ${(21 * orderHands).toLocaleString("en-US")} leads of random play forwards, backwards, shuffled`, () => {
    // The Sun search stores only the positions it had to search (quick answers are recomputed) and
    // lets void opponents try discards longest suit first: none of that may change an answer,
    // whatever earlier solves left in the tables. The first pass is checked against brute force
    // on every tenth position, the other passes against the first.
    const positions: SawaPosition[] = [];
    for (const [i, options] of ([{}, { profile: "KAMMELNA_LIKE" }, { overrides: VARIANT }] as BalootOptions[]).entries()) {
      for (const { position } of leadsOfRandomPlay(options, `sawa-order-${i}`, orderHands)) positions.push(position);
    }
    assert.ok(positions.length >= 21 * orderHands, `${positions.length} positions`);
    const forwards = positions.map((p) => solveSawa(p, false));
    for (let i = 0; i < positions.length; i += 10) assert.equal(forwards[i], referenceSawa(positions[i]!), JSON.stringify(positions[i]));
    for (let i = positions.length - 1; i >= 0; i--) assert.equal(solveSawa(positions[i]!, false), forwards[i], JSON.stringify(positions[i]));
    const order = createRng(seedState("sawa-order")).shuffle([...positions.keys()]);
    for (const i of order) assert.equal(solveSawa(positions[i]!, false), forwards[i], JSON.stringify(positions[i]));
    assert.ok(forwards.filter(Boolean).length > 2 * orderHands && forwards.filter((v) => !v).length > 2 * orderHands);
  });

  const inOrderHands = bruteDeals(6, 30);
  it(`leads solved in play order, as legalActions does (per-deal tables kept between the leads of a hand): ${(40 * inOrderHands).toLocaleString("en-US")} claims against brute force`, () => {
    // sawaValid tells the solver when the deal is the same as the previous call's, so the per-deal
    // tables (Hokum boundary table, Sun live-cards table) answer later leads from earlier searches.
    // Every lead is checked, in the order play reaches it, for both sides' claims.
    let checked = 0;
    let valid = 0;
    for (const [i, options] of ([{}, { profile: "KAMMELNA_LIKE" }, { overrides: VARIANT }] as BalootOptions[]).entries()) {
      for (const { state, position } of leadsOfRandomPlay(options, `sawa-in-order-${i}`, inOrderHands)) {
        for (const leader of [position.leader, (position.leader + 1) & 3]) {
          state.turn = leader;
          const got = sawaValid(state, leader);
          const expected = referenceSawa({ ...position, leader });
          if (got !== expected) assert.fail(`sawaValid says ${String(got)}, reference ${String(expected)} for ${JSON.stringify({ ...position, leader })}`);
          checked++;
          if (expected) valid++;
        }
      }
    }
    assert.ok(checked >= 40 * inOrderHands && valid > 3 * inOrderHands && checked - valid > 3 * inOrderHands, `${checked} checked, ${valid} valid`);
  });

  it("a small node budget gives up (null) instead of answering wrong; the same answer whenever it finishes", () => {
    const r = createRng(seedState("sawa-budget"));
    let gaveUp = 0;
    for (let i = 0; i < 300; i++) {
      const p = randomPosition(r, 5 + (i % 4), i % 2 === 0);
      const bounded = solveSawa(p, false, 3);
      const exact = solveSawa(p, false);
      if (bounded === null) gaveUp++;
      else assert.equal(bounded, exact);
    }
    assert.ok(gaveUp > 0);
  });
});

describe("baloot Sawa through the public API", function () {
  this.timeout(60_000);

  it("legalActions lists Sawa exactly when apply accepts it, and repeated asks agree", () => {
    let accepted = 0;
    let refused = 0;
    for (const { state } of leadsOfRandomPlay({}, "sawa-api", 150)) {
      const seat = state.turn;
      const listed = baloot.legalActions(state, seat).some((a) => a.type === "sawa");
      assert.equal(baloot.legalActions(state, seat).some((a) => a.type === "sawa"), listed);
      assert.equal(sawaCheck(state, seat, Infinity), listed);
      const copy = baloot.clone(state);
      try {
        const { events } = baloot.apply(copy, seat, { type: "sawa" });
        assert.ok(listed, "apply accepted a claim legalActions did not list");
        assert.deepEqual(events[0], { type: "sawa", seat, valid: true });
        accepted++;
      } catch (e) {
        assert.ok(isIllegalAction(e) && e.code === "INVALID_SAWA", String(e));
        assert.ok(!listed, "legalActions listed a claim apply refused");
        refused++;
      }
    }
    assert.ok(accepted > 20 && refused > 20, `${accepted} accepted, ${refused} refused`);
  });

  it("the remembered answer is not reused for another seat, deal or rule flag", () => {
    // Two tricks left in Sun; seat 0 to lead holds both tops, so his claim is valid.
    const { state } = newMatch("sawa-memo", {});
    const h = state.hand;
    state.phase = "PLAYING";
    h.contract = { kind: "SUN", trump: -1, buyer: 0, ashkal: false, faceUpTo: 0 } as never;
    const hands = [(1 << 7) | (1 << 15), (1 << 0) | (1 << 8), (1 << 1) | (1 << 9), (1 << 2) | (1 << 10)];
    const played = ~(hands[0]! | hands[1]! | hands[2]! | hands[3]!) >>> 0;
    h.hands = hands.map((x) => x >>> 0);
    h.full = h.hands.slice();
    h.played = played;
    h.trick = [];
    h.trickNo = 6;
    h.foulTeam = -1;
    state.turn = 0;
    assert.equal(sawaValid(state, 0), true);
    // Seat 1 (an opponent) to lead the same cards: his side cannot win a trick.
    state.turn = 1;
    assert.equal(sawaValid(state, 1), false);
    // Swap the aces to seat 1: the same seat 0 claim is now invalid.
    state.turn = 0;
    h.hands = [hands[1]!, hands[0]!, hands[2]!, hands[3]!].map((x) => x >>> 0);
    assert.equal(sawaValid(state, 0), false);
  });
});
