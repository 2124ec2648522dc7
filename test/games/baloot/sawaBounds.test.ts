/**
 * The Sawa solver's refutations that run before any search, each checked on its own against the
 * brute-force reference (sawaReference.ts): whenever one says "invalid", the reference must agree;
 * and the leader's cash-out (a quick "valid"), against its definition and the reference.
 * The deals are Sun deals where guards are common (the claimers hold some top cards, the opponents
 * long suits), so each refutation fires often, on invalid claims and never on valid ones.
 *
 * Deal counts: the default keeps the brute-force files near 12 s on an idle machine (CI);
 * SAWA_BRUTE_DEALS_SCALE=1 runs the full counts, =4 four times them (bruteDeals, sawaReference.ts).
 */
import { strict as assert } from "node:assert";
import { guardsRefute } from "../../../src/games/baloot/sawaSunGuards.js";
import { cashFails, toStrength } from "../../../src/games/baloot/sawaSunLanes.js";
import { sunQuickAnswer } from "../../../src/games/baloot/sawaSunQuick.js";
import { TRUMP_RANK_STRENGTH, UNDERPLAY_PLAIN, trumpsOutnumbered } from "../../../src/games/baloot/sawaTables.js";
import { SAUDI_DEFAULT } from "../../../src/games/baloot/profile.js";
import { PLAIN_STRENGTH, TRUMP_STRENGTH } from "../../../src/games/baloot/tables.js";
import { createRng, seedState, type Rng } from "../../../src/games/core/rng.js";
import { bruteDeals, bruteTimeout, referenceSawa, type ReferencePosition } from "./sawaReference.js";
import { leaderBlocked, strengths } from "./sawaStuck.js";

/** A Sun deal of n cards a hand; with `bias` the claimer's side tends to get the strong cards. */
export function sunDeal(r: Rng, n: number, bias: number): ReferencePosition {
  const leader = r.int(4);
  const deck = r.shuffle([...Array(32).keys()]).slice(0, 4 * n);
  const key = new Map(deck.map((c) => [c, PLAIN_STRENGTH[c]! + r.int(bias + 1)]));
  // The strongest cards go to the claimers with probability growing with the bias.
  deck.sort((a, b) => key.get(b)! - key.get(a)!);
  const hands = [0, 0, 0, 0];
  const quota = [n, n, n, n];
  const claimers = [leader, (leader + 2) & 3];
  const opponents = [(leader + 1) & 3, (leader + 3) & 3];
  for (const c of deck) {
    const side = r.int(10) < 5 + (bias > 0 ? 2 : 0) ? claimers : opponents;
    let seat = side[r.int(2)]!;
    if (quota[seat] === 0) seat = side[0] === seat ? side[1]! : side[0]!;
    if (quota[seat] === 0) seat = [0, 1, 2, 3].find((s) => quota[s]! > 0)!;
    hands[seat] = (hands[seat]! | (1 << c)) >>> 0;
    quota[seat]!--;
  }
  const all = (hands[0]! | hands[1]! | hands[2]! | hands[3]!) >>> 0;
  return { hands, leader, played: ~all >>> 0, trump: -1, closed: false, play: SAUDI_DEFAULT.play };
}

/**
 * The leader's cash-out (sawaSun.ts quickAnswer), spelled out from its definition: in every suit
 * the leader's i-th strongest card beats the best card of every opponent holding at least i
 * cards of it, and his partner's i-th weakest is below the leader's i-th strongest.
 */
function leaderCashes(p: ReferencePosition): boolean {
  return cashesWith(p.hands[p.leader]!, p.hands[(p.leader + 2) & 3]!, [p.hands[(p.leader + 1) & 3]!, p.hands[(p.leader + 3) & 3]!]);
}

/**
 * The hand-over to the partner (transferCashes, sawaSunQuick.ts) from its definition: in some suit
 * the partner holds a card above the opponents' best and above the leader's lowest card x; with x
 * and the partner's lowest such card gone, the partner cashes (leaderCashes with the roles swapped)
 * against the opponents' whole hands.
 */
function partnerTakesOver(p: ReferencePosition): boolean {
  const mine = p.hands[p.leader]!;
  const partner = p.hands[(p.leader + 2) & 3]!;
  const opponents = [p.hands[(p.leader + 1) & 3]!, p.hands[(p.leader + 3) & 3]!];
  for (let s = 0; s < 4; s++) {
    const m = strengths(mine, s);
    if (m.length === 0) continue;
    const x = m[m.length - 1]!;
    const best = Math.max(-1, ...opponents.flatMap((o) => strengths(o, s)));
    const over = strengths(partner, s).filter((y) => y > x && y > best);
    if (over.length === 0) continue;
    const y = over[over.length - 1]!;
    const card = (strength: number) => (s << 3) | PLAIN_STRENGTH.findIndex((v, c) => c >>> 3 === 0 && v === strength);
    if (cashesWith((partner & ~(1 << card(y))) >>> 0, (mine & ~(1 << card(x))) >>> 0, opponents)) return true;
  }
  return false;
}

function cashesWith(mine: number, partner: number, opponents: number[]): boolean {
  for (let s = 0; s < 4; s++) {
    const m = strengths(mine, s);
    for (let i = 0; i < m.length; i++) {
      for (const o of opponents) {
        const os = strengths(o, s);
        if (os.length > i && m[i]! < os[0]!) return false;
      }
      const low = strengths(partner, s).reverse();
      if (i < low.length && m[i]! < low[i]!) return false;
    }
  }
  return true;
}

describe("baloot Sawa refutations before the search: sound against brute force", function () {
  this.timeout(bruteTimeout(120_000));

  // Deals per hand size (3 to 8 cards). The full counts are 1,000 of each; by default the sizes
  // whose brute force is slow (an 8-card refuted claim ≈ 40 ms) get fewer.
  const guardDeals = [3, 4, 5, 6, 7, 8].map((n) => [n, bruteDeals(n <= 6 ? 300 : n === 7 ? 200 : 40, 1000)] as const);
  const guardTotal = guardDeals.reduce((a, [, k]) => a + k, 0);

  it(`guarded suits (sawaSunGuards.ts): ${guardTotal.toLocaleString("en-US")} Sun deals of 3 to 8 cards, never refutes a valid claim`, () => {
    const r = createRng(seedState("sawa-guards"));
    let refuted = 0;
    let checked = 0;
    let valid = 0;
    for (const [n, count] of guardDeals) {
      for (let i = 0; i < count; i++) {
        const p = sunDeal(r, n, i % 3 === 0 ? 0 : 6);
        const says = guardsRefute(p.hands, p.leader, n);
        // Brute force on every refuted deal, and on a share of the others (8-card searches are slow).
        if (!says && n > 6 && i % 4 !== 0) continue;
        const expected = referenceSawa(p);
        checked++;
        if (expected) valid++;
        if (says) {
          refuted++;
          assert.equal(expected, false, `guardsRefute refuted a valid claim: ${JSON.stringify(p)}`);
        }
      }
    }
    assert.ok(refuted > guardTotal / 12, `the bound fired ${refuted} times`);
    assert.ok(valid > guardTotal / 20, `${valid} valid claims among ${checked} checked`);
  });

  const lockedDeals = bruteDeals(2000, 5000);
  it(`guarded suits with a locked partner (every card of his below the leader's cards of its suit: the leader leads every trick): ${lockedDeals.toLocaleString("en-US")} Sun deals, never refutes a valid claim`, () => {
    const r = createRng(seedState("sawa-locked"));
    let locked = 0;
    let refuted = 0;
    let valid = 0;
    for (let i = 0; i < lockedDeals; i++) {
      const n = 2 + (i % 6);
      // The leader draws from the strong end, the partner from the weak end (so he is often
      // locked), the opponents in between at random.
      const deck = r.shuffle([...Array(32).keys()]).slice(0, 4 * n);
      const key = new Map(deck.map((c) => [c, PLAIN_STRENGTH[c]! + r.int(5)]));
      deck.sort((a, b) => key.get(b)! - key.get(a)!);
      const leader = r.int(4);
      const hands = [0, 0, 0, 0];
      const take = (seat: number, cards: number[]) => {
        for (const c of cards) hands[seat] = (hands[seat]! | (1 << c)) >>> 0;
      };
      const top = deck.slice(0, 2 * n);
      const leaderCards = r.shuffle(top).slice(0, n);
      take(leader, leaderCards);
      const rest = deck.filter((c) => !leaderCards.includes(c));
      take((leader + 2) & 3, rest.slice(rest.length - n));
      const middle = r.shuffle(rest.slice(0, rest.length - n));
      take((leader + 1) & 3, middle.slice(0, n));
      take((leader + 3) & 3, middle.slice(n));
      const all = (hands[0]! | hands[1]! | hands[2]! | hands[3]!) >>> 0;
      const p: ReferencePosition = { hands, leader, played: ~all >>> 0, trump: -1, closed: false, play: SAUDI_DEFAULT.play };
      // Locked, from the definition: the partner's best of each suit is below the leader's weakest of it.
      const isLocked = [0, 1, 2, 3].every((s) => {
        const m = strengths(hands[leader]!, s);
        const q = strengths(hands[(leader + 2) & 3]!, s);
        return m.length === 0 || q.length === 0 || q[0]! < m[m.length - 1]!;
      });
      if (!isLocked) continue;
      locked++;
      const says = guardsRefute(p.hands, p.leader, n, true);
      const expected = referenceSawa(p);
      if (expected) valid++;
      if (says) {
        refuted++;
        assert.equal(expected, false, `guardsRefute (locked partner) refuted a valid claim: ${JSON.stringify(p)}`);
      }
    }
    assert.ok(locked > 0.3 * lockedDeals && refuted > 0.1 * lockedDeals && valid > 0.04 * lockedDeals, `${locked} locked, ${refuted} refuted, ${valid} valid`);
  });

  const quickDeals = bruteDeals(1500, 8000);
  it(`the Sun quick answers as a whole (blocked suits with a partner below the leader included): ${quickDeals.toLocaleString("en-US")} Sun deals of 2 to 7 cards, never a wrong answer`, () => {
    const r = createRng(seedState("sawa-quick"));
    const h = new Int32Array(4);
    const answers = [0, 0, 0];
    let blocked = 0;
    let blockedOnly = 0;
    for (let i = 0; i < quickDeals; i++) {
      const n = 2 + (i % 6);
      // Half the deals as the guard test draws them, half with the partner drawn from the weak end
      // (often below the leader, where the blocked-suit count with a leading leader applies).
      let p: ReferencePosition;
      if (i & 1) p = sunDeal(r, n, i % 3 === 0 ? 0 : 6);
      else {
        const deck = r.shuffle([...Array(32).keys()]).slice(0, 4 * n);
        const key = new Map(deck.map((c) => [c, PLAIN_STRENGTH[c]! + r.int(6)]));
        deck.sort((a, b) => key.get(b)! - key.get(a)!);
        const leader = r.int(4);
        const hands = [0, 0, 0, 0];
        const mineCards = r.shuffle(deck.slice(0, 2 * n)).slice(0, n);
        const rest = deck.filter((c) => !mineCards.includes(c));
        const others = [...rest.slice(rest.length - n), ...r.shuffle(rest.slice(0, rest.length - n))];
        const seats = [leader, (leader + 2) & 3, (leader + 1) & 3, (leader + 3) & 3];
        [mineCards, others.slice(0, n), others.slice(n, 2 * n), others.slice(2 * n)].forEach((cards, k) => {
          for (const c of cards) hands[seats[k]!] = (hands[seats[k]!]! | (1 << c)) >>> 0;
        });
        const all = (hands[0]! | hands[1]! | hands[2]! | hands[3]!) >>> 0;
        p = { hands, leader, played: ~all >>> 0, trump: -1, closed: false, play: SAUDI_DEFAULT.play };
      }
      for (let s = 0; s < 4; s++) h[s] = p.hands[s]!;
      const got = sunQuickAnswer(h, p.leader);
      answers[got + 1]!++;
      const rule = leaderBlocked(p);
      if (rule !== 0) {
        blocked++;
        assert.equal(got, -1, `the blocked-suit count with a leading leader did not refute: ${JSON.stringify(p)}`);
        // Refuted by this count alone: no other quick refutation of the previous form fires.
        if (!guardsRefute(p.hands, p.leader, n)) blockedOnly++;
      }
      if (got === 0) continue;
      assert.equal(referenceSawa(p), got > 0, `sunQuickAnswer says ${got} against the brute force: ${JSON.stringify(p)}`);
    }
    assert.ok(answers.every((k) => k > quickDeals / 20) && blocked > quickDeals / 20 && blockedOnly > 0, `answers ${answers}, blocked-suit count ${blocked} (${blockedOnly} not seen by the guards)`);
  });

  const coverDeals = bruteDeals(800, 4000);
  it(`the leader's stuck cards through guards and covered partner cards (leaderStuck): ${coverDeals.toLocaleString("en-US")} Sun deals of 3 to 6 cards where it applies or nearly does, never a wrong answer`, () => {
    const r = createRng(seedState("sawa-covered-entries"));
    const h = new Int32Array(4);
    let fired = 0;
    let near = 0;
    let nearValid = 0;
    for (let i = 0; i < coverDeals; ) {
      const n = 3 + (i % 4);
      const deck = r.shuffle([...Array(32).keys()]).slice(0, 4 * n);
      const hands = [0, 0, 0, 0];
      deck.forEach((c, k) => (hands[k % 4] = (hands[k % 4]! | (1 << c)) >>> 0));
      const leader = r.int(4);
      const all = (hands[0]! | hands[1]! | hands[2]! | hands[3]!) >>> 0;
      const p: ReferencePosition = { hands, leader, played: ~all >>> 0, trump: -1, closed: false, play: SAUDI_DEFAULT.play };
      // Only positions the rule reaches: the count fires through a guard or a covered suit, or
      // would if each guard were one card longer.
      const rule = leaderBlocked(p);
      const loose = leaderBlocked(p, 1);
      if (rule !== 2 && loose !== 2) continue;
      i++;
      for (let s = 0; s < 4; s++) h[s] = hands[s]!;
      const got = sunQuickAnswer(h, leader);
      if (rule === 2) {
        fired++;
        assert.equal(got, -1, `the stuck-card count did not refute: ${JSON.stringify(p)}`);
      } else {
        near++;
        if (referenceSawa(p)) nearValid++;
      }
      if (got !== 0) assert.equal(referenceSawa(p), got > 0, `sunQuickAnswer says ${got} against the brute force: ${JSON.stringify(p)}`);
    }
    // Both kinds are common, and guards one card shorter do let valid claims through.
    assert.ok(fired > coverDeals / 5 && near > coverDeals / 5 && nearValid > 0, `${fired} fired, ${near} near (${nearValid} valid)`);
  });

  it("the leader's cash-out (suits falling by length): the tables agree with the definition, and it never calls an invalid claim valid (4,000 Sun deals)", () => {
    const r = createRng(seedState("sawa-cash"));
    let fired = 0;
    let byLength = 0;
    for (let i = 0; i < 4000; i++) {
      const n = 2 + (i % 6);
      const p = sunDeal(r, n, 6);
      const cashes = leaderCashes(p);
      // The quick answer's form: cashFails (all suits at once) for each opponent and UNDERPLAY_PLAIN for the partner, per suit.
      const lead = toStrength(p.hands[p.leader]!);
      let tables = !cashFails(lead, toStrength(p.hands[(p.leader + 1) & 3]!)) && !cashFails(lead, toStrength(p.hands[(p.leader + 3) & 3]!));
      for (let s = 0; s < 4; s++) {
        const byte = (x: number) => (x >>> (s * 8)) & 0xff;
        const m = byte(p.hands[p.leader]!);
        if (m === 0) continue;
        if (!UNDERPLAY_PLAIN[(m << 8) | byte(p.hands[(p.leader + 2) & 3]!)]) tables = false;
      }
      assert.equal(tables, cashes, JSON.stringify(p));
      if (!cashes) continue;
      fired++;
      // Cases the older test (every leader card above every opponent card of its suit) missed.
      const opp = (p.hands[(p.leader + 1) & 3]! | p.hands[(p.leader + 3) & 3]!) >>> 0;
      if ([0, 1, 2, 3].some((s) => strengths(opp, s).length > 0 && strengths(p.hands[p.leader]!, s).some((x) => x < strengths(opp, s)[0]!))) byLength++;
      assert.equal(referenceSawa(p), true, `the cash-out called an invalid claim valid: ${JSON.stringify(p)}`);
    }
    assert.ok(fired > 200 && byLength > 50, `fired ${fired} times, ${byLength} by length`);
  });
});

describe("baloot Sawa quick valid answers: sound against brute force", function () {
  this.timeout(bruteTimeout(120_000));

  const transferDeals = bruteDeals(1500, 6000);
  it(`the hand-over to a partner who then cashes (transferCashes): ${transferDeals.toLocaleString("en-US")} Sun deals of 1 to 6 cards with a strong partner, never a wrong answer`, () => {
    const r = createRng(seedState("sawa-transfer"));
    const h = new Int32Array(4);
    let fired = 0;
    let only = 0;
    let near = 0;
    for (let i = 0; i < transferDeals; i++) {
      const n = 1 + (i % 6);
      // The partner draws from the strong end, the leader from the rest, every other deal from the weak end.
      const leader = r.int(4);
      const deck = r.shuffle([...Array(32).keys()]).slice(0, 4 * n);
      const key = new Map(deck.map((c) => [c, PLAIN_STRENGTH[c]! + r.int(5)]));
      deck.sort((a, b) => key.get(b)! - key.get(a)!);
      const partnerCards = deck.slice(0, n + (i % 3));
      const rest = deck.filter((c) => !partnerCards.slice(0, n).includes(c));
      const mineCards = i % 2 === 0 ? rest.slice(rest.length - n) : r.shuffle(rest.slice()).slice(0, n);
      const others = r.shuffle(rest.filter((c) => !mineCards.includes(c)));
      const hands = [0, 0, 0, 0];
      const seats = [(leader + 2) & 3, leader, (leader + 1) & 3, (leader + 3) & 3];
      [partnerCards.slice(0, n), mineCards, others.slice(0, n), others.slice(n)].forEach((cards, k) => {
        for (const c of cards) hands[seats[k]!] = (hands[seats[k]!]! | (1 << c)) >>> 0;
      });
      const all = (hands[0]! | hands[1]! | hands[2]! | hands[3]!) >>> 0;
      const p: ReferencePosition = { hands, leader, played: ~all >>> 0, trump: -1, closed: false, play: SAUDI_DEFAULT.play };
      for (let s = 0; s < 4; s++) h[s] = hands[s]!;
      const got = sunQuickAnswer(h, leader);
      const valid = referenceSawa(p);
      if (got !== 0) assert.equal(valid, got > 0, `sunQuickAnswer says ${got} against the brute force: ${JSON.stringify(p)}`);
      if (partnerTakesOver(p)) {
        fired++;
        assert.equal(got, 1, `the hand-over holds but the quick answer is ${got}: ${JSON.stringify(p)}`);
        if (!leaderCashes(p)) only++;
      } else if (got === 0) near++;
    }
    assert.ok(fired > transferDeals / 10 && only > transferDeals / 20 && near > transferDeals / 20, `${fired} fired (${only} not a cash-out by the leader), ${near} undecided`);
  });
});

/** Strengths of a trump byte's cards in the trump order (0 weakest … 7 strongest). */
function trumpStrengths(byte: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < 8; r++) if ((byte >> r) & 1) out.push(TRUMP_RANK_STRENGTH[r]!);
  return out;
}

/** An opponent's trumps outnumber the claimers' above them, spelled out: his j-th strongest has fewer than j claimer trumps above it. */
function outnumbered(opp: number, ours: number): boolean {
  const o = trumpStrengths(opp).sort((a, b) => b - a);
  const c = trumpStrengths(ours);
  return o.some((s, j) => c.filter((x) => x > s).length < j + 1);
}

describe("baloot Sawa refutations in Hokum: sound against brute force", function () {
  this.timeout(bruteTimeout(60_000));

  const hokumDeals = bruteDeals(600, 3000);
  it(`trumps outnumbered (trumpsOutnumbered, sawaTables.ts): it agrees with its definition, and never refutes a valid claim (${hokumDeals.toLocaleString("en-US")} Hokum deals where the claimers hold the top trump)`, () => {
    for (let o = 0; o < 256; o++) for (let c = 0; c < 256; c++) if ((o & c) === 0) assert.equal(trumpsOutnumbered(o, c), outnumbered(o, c), `${o} ${c}`);
    const r = createRng(seedState("sawa-trumps"));
    let fired = 0;
    let valid = 0;
    for (let i = 0; i < hokumDeals; i++) {
      const n = 2 + (i % 5);
      const trump = r.int(4);
      const leader = r.int(4);
      // The claimers get the trump Jack and a strong share of the rest, the opponents a few trumps.
      const deck = r.shuffle([...Array(32).keys()]).filter((c) => c !== trump * 8 + 4);
      const key = new Map(deck.map((c) => [c, (c >>> 3 === trump ? 8 + TRUMP_STRENGTH[c]! : PLAIN_STRENGTH[c]!) + r.int(8)]));
      deck.sort((a, b) => key.get(b)! - key.get(a)!);
      const hands = [0, 0, 0, 0];
      const quota = [n, n, n, n];
      const give = (seat: number, c: number) => {
        hands[seat] = (hands[seat]! | (1 << c)) >>> 0;
        quota[seat]!--;
      };
      give(r.int(2) === 0 ? leader : (leader + 2) & 3, trump * 8 + 4);
      for (const c of deck) {
        if (quota.every((q) => q === 0)) break;
        let seat = r.int(4);
        while (quota[seat] === 0) seat = (seat + 1) & 3;
        give(seat, c);
      }
      const all = (hands[0]! | hands[1]! | hands[2]! | hands[3]!) >>> 0;
      const p: ReferencePosition = { hands, leader, played: ~all >>> 0, trump, closed: r.int(2) === 1, play: SAUDI_DEFAULT.play };
      const ours = ((hands[leader]! | hands[(leader + 2) & 3]!) >>> (trump * 8)) & 0xff;
      const says = [(leader + 1) & 3, (leader + 3) & 3].some((s) => trumpsOutnumbered((hands[s]! >>> (trump * 8)) & 0xff, ours));
      const expected = referenceSawa(p);
      if (expected) valid++;
      if (says) {
        fired++;
        assert.equal(expected, false, `trumpsOutnumbered refuted a valid claim: ${JSON.stringify(p)}`);
      }
    }
    assert.ok(fired > hokumDeals / 10 && valid > hokumDeals / 20, `fired ${fired} times, ${valid} valid claims`);
  });
});
