/**
 * The Sun quick answers on four suit lanes at once (sawaSunLanes.ts, sawaSunQuick.ts,
 * sawaSunGuards.ts) against their previous form, a table lookup per suit and question (kept here as
 * the reference, `tableQuickAnswer` / `tableGuardsRefute`, with the later rules added per suit): the same answer and the same safe leads
 * on every one of 300,000 random Sun positions, and the lane helpers against their per-byte
 * definitions on every byte.
 */
import { strict as assert } from "node:assert";
import { guardsRefute } from "../../../src/games/baloot/sawaSunGuards.js";
import { cashFails, laneAtLeast, lanePop, laneSum, lanes, runTops, smearDown, smearUp, toNatural, toStrength, topCards } from "../../../src/games/baloot/sawaSunLanes.js";
import { sunQuickAnswer, sunQuickSafe } from "../../../src/games/baloot/sawaSunQuick.js";
import { LOW_PLAIN, PLAIN_RANK_STRENGTH, RUNS_PLAIN, TOP_PLAIN, UNDERPLAY_PLAIN } from "../../../src/games/baloot/sawaTables.js";
import { createRng, seedState } from "../../../src/games/core/rng.js";
import { leaderBlocked } from "./sawaStuck.js";
import { twoGuardsPlain } from "./sawaTwoGuards.js";

// The per-suit tables of the previous form.
const POP8 = Uint8Array.from({ length: 256 }, (_, b) => {
  let n = 0;
  for (let x = b; x !== 0; x &= x - 1) n++;
  return n;
});
const strengthOf = (r: number): number => PLAIN_RANK_STRENGTH[r]!;
const ABOVE_TOP = Uint8Array.from({ length: 256 }, (_, b) => {
  if (b === 0) return 0;
  let m = 0;
  for (let r = 0; r < 8; r++) if (strengthOf(r) > strengthOf(TOP_PLAIN[b]!)) m |= 1 << r;
  return m;
});
const TOP_STRENGTH = Int8Array.from({ length: 256 }, (_, b) => (b === 0 ? -1 : strengthOf(TOP_PLAIN[b]!)));
const LOW_STRENGTH = Int8Array.from({ length: 256 }, (_, b) => (b === 0 ? 8 : strengthOf(LOW_PLAIN[b]!)));
const strengthsDesc = (b: number): number[] => [0, 1, 2, 3, 4, 5, 6, 7].filter((r) => (b >> r) & 1).map(strengthOf).sort((x, y) => y - x);
/** The cash-out against one opponent, by its definition (the leader's k-th strongest beats the opponent's best). */
function cashes(m: number, o: number): boolean {
  const md = strengthsDesc(m);
  const od = strengthsDesc(o);
  if (md.length === 0 || od.length === 0) return true;
  return md[Math.min(md.length, od.length) - 1]! > od[0]!;
}
const CASH = new Uint8Array(65536);
for (let m = 0; m < 256; m++) for (let o = 0; o < 256; o++) if ((m & o) === 0) CASH[(m << 8) | o] = cashes(m, o) ? 1 : 0;

function tableGuardCap(opp: number, front: number, behind: number): number {
  if (opp === 0) return 8;
  const above = ABOVE_TOP[opp]!;
  let k = POP8[(front | behind) & above]!;
  if ((behind & above) !== 0) k += POP8[front & ~above]!;
  return k < POP8[opp]! ? k : 8;
}

function tableGuardsRefute(hands: ArrayLike<number>, leader: number, left: number, leaderOnly: boolean): boolean {
  const mine = hands[leader]!;
  const partner = hands[(leader + 2) & 3]!;
  const a = hands[(leader + 1) & 3]!;
  const b = hands[(leader + 3) & 3]!;
  let base = 0;
  let a1 = 0;
  let a2 = 0;
  let aSuit = -1;
  let b1 = 0;
  let b2 = 0;
  let bSuit = -1;
  for (let s = 0; s < 4; s++) {
    const shift = s << 3;
    const m = (mine >>> shift) & 0xff;
    const p = (partner >>> shift) & 0xff;
    const cap = leaderOnly || POP8[m]! > POP8[p]! ? POP8[m]! : POP8[p]!;
    if (cap === 0) continue;
    base += cap;
    const ga = tableGuardCap((a >>> shift) & 0xff, m, p);
    const gb = tableGuardCap((b >>> shift) & 0xff, p, m);
    if (ga < cap) {
      const cut = cap - ga;
      if (cut > a1) {
        a2 = a1;
        a1 = cut;
        aSuit = s;
      } else if (cut > a2) a2 = cut;
    }
    if (gb < cap) {
      const cut = cap - gb;
      if (cut > b1) {
        b2 = b1;
        b1 = cut;
        bSuit = s;
      } else if (cut > b2) b2 = cut;
    }
  }
  if (base < left) return true;
  const both = a1 > b1 ? a1 : b1;
  if (both === 0) return false;
  const pair = aSuit !== bSuit ? a1 + b1 : Math.max(a1 + b2, a2 + b1);
  // With the two-suit guard of sawaRefute.ts, spelled out per suit (sawaTwoGuards.ts).
  return base - Math.max(pair, both) < left || twoGuardsPlain(hands, leader, left, leaderOnly);
}

/** The previous sunQuickAnswer: [answer, safe leads when undecided]. */
function tableQuickAnswer(h: Int32Array, leader: number): [number, number] {
  const mine = h[leader]!;
  const partner = h[(leader + 2) & 3]!;
  const nextOpp = h[(leader + 1) & 3]!;
  const lastOpp = h[(leader + 3) & 3]!;
  let teamWins = true;
  let leaderRuns = true;
  let safe = 0;
  let blocked = 0;
  let topsA = 0;
  let topsB = 0;
  let leadable = 0;
  let partnerLocked = true;
  // The partner below the leader in every suit no opponent tops, and the leader's cards where one does.
  let belowUnblocked = true;
  let mineBlocked = 0;
  for (let shift = 0; shift < 32; shift += 8) {
    const m = (mine >>> shift) & 0xff;
    const p = (partner >>> shift) & 0xff;
    const a = (nextOpp >>> shift) & 0xff;
    const b = (lastOpp >>> shift) & 0xff;
    const o = a | b;
    if (TOP_STRENGTH[p]! > LOW_STRENGTH[m]!) partnerLocked = false;
    if (m !== 0 && leaderRuns) {
      const mm = m << 8;
      if (o !== 0 && (m & ~ABOVE_TOP[o]!) !== 0 && (CASH[mm | a]! & CASH[mm | b]!) === 0) leaderRuns = false;
      else if (UNDERPLAY_PLAIN[mm | p] === 0) leaderRuns = false;
    }
    const pm = POP8[m]!;
    const pp = POP8[p]!;
    const below = TOP_STRENGTH[p]! <= LOW_STRENGTH[m]!;
    if (o === 0) {
      if (!below) belowUnblocked = false;
      safe |= m << shift;
      leadable += Math.max(pm, pp);
      continue;
    }
    const aboveOpp = ABOVE_TOP[o]!;
    const t = m | p;
    if ((t & ~aboveOpp) !== 0) teamWins = false;
    if (p !== 0 && (aboveOpp >> TOP_PLAIN[p]!) & 1) safe |= m << shift;
    else safe |= (m & aboveOpp) << shift;
    const top = TOP_PLAIN[t | o]!;
    if ((t >> top) & 1) {
      if (!below) belowUnblocked = false;
      leadable += Math.max(pm, pp);
      continue;
    }
    // Tops of suits the claimers do not hold are idle cards.
    if (t !== 0) {
      if ((a >> top) & 1) topsA++;
      else topsB++;
    }
    blocked += pm + pp;
    mineBlocked += pm;
  }
  if (teamWins || leaderRuns) return [1, 0];
  const tail = Math.max(topsA, topsB) - 1;
  const left = POP8[mine & 0xff]! + POP8[(mine >>> 8) & 0xff]! + POP8[(mine >>> 16) & 0xff]! + POP8[mine >>> 24]!;
  if (blocked > left + tail) return [-1, 0];
  if (belowUnblocked && mineBlocked > Math.max(tail, 0)) return [-1, 0];
  // The stuck-card count with guards and covered partner cards (leaderStuck), per suit.
  if (leaderBlocked({ hands: [...h], leader }) !== 0) return [-1, 0];
  if (leadable + Math.max(tail, 0) < left) return [-1, 0];
  if (safe === 0) return [-1, 0];
  if (tableGuardsRefute(h, leader, left, partnerLocked)) return [-1, 0];
  if (tableHandOver(h, leader)) return [1, 0];
  return [0, safe >>> 0];
}

/**
 * The hand-over to the partner (transferCashes), per suit: the leader's lowest card x of a suit to
 * the partner's lowest card above x and above the opponents' best, then the partner's cash-out
 * with the leader under (the leader's cash-out above with the roles swapped).
 */
function tableHandOver(h: Int32Array, leader: number): boolean {
  const mine = h[leader]!;
  const partner = h[(leader + 2) & 3]!;
  const nextOpp = h[(leader + 1) & 3]!;
  const lastOpp = h[(leader + 3) & 3]!;
  for (let shift = 0; shift < 32; shift += 8) {
    const m = (mine >>> shift) & 0xff;
    if (m === 0) continue;
    const x = LOW_PLAIN[m]!;
    const floor = Math.max(strengthOf(x), TOP_STRENGTH[((nextOpp | lastOpp) >>> shift) & 0xff]!);
    const over = [0, 1, 2, 3, 4, 5, 6, 7].filter((r) => ((partner >>> shift) >> r) & 1 && strengthOf(r) > floor);
    if (over.length === 0) continue;
    const y = over.reduce((lo, r) => (strengthOf(r) < strengthOf(lo) ? r : lo));
    const cashing = (partner & ~(1 << (shift + y))) >>> 0;
    const under = (mine & ~(1 << (shift + x))) >>> 0;
    let runs = true;
    for (let t = 0; t < 32 && runs; t += 8) {
      const pc = (cashing >>> t) & 0xff;
      if (pc === 0) continue;
      const a = (nextOpp >>> t) & 0xff;
      const b = (lastOpp >>> t) & 0xff;
      if ((a | b) !== 0 && (pc & ~ABOVE_TOP[a | b]!) !== 0 && (CASH[(pc << 8) | a]! & CASH[(pc << 8) | b]!) === 0) runs = false;
      else if (UNDERPLAY_PLAIN[(pc << 8) | ((under >>> t) & 0xff)] === 0) runs = false;
    }
    if (runs) return true;
  }
  return false;
}

describe("baloot Sawa Sun quick answers on suit lanes: the same as the per-suit tables", () => {
  it("the lane helpers agree with their per-byte definitions on every byte in every lane", () => {
    for (let x = 0; x < 256; x++) {
      const s = toStrength(x);
      for (let r = 0; r < 8; r++) assert.equal((s >> strengthOf(r)) & 1, (x >> r) & 1);
      for (let lane = 0; lane < 4; lane++) {
        const shift = lane * 8;
        const v = (s << shift) >>> 0;
        const noise = (0xa5a5a5a5 & ~(0xff << shift)) >>> 0;
        assert.equal(toNatural(v) >>> 0, (x << shift) >>> 0);
        const top = 31 - Math.clz32(s);
        const low = s === 0 ? 8 : 31 - Math.clz32(s & -s);
        assert.equal((smearDown(v | noise) >>> shift) & 0xff, s === 0 ? 0 : (2 << top) - 1);
        assert.equal((smearUp(v | noise) >>> shift) & 0xff, s === 0 ? 0 : (0xff << low) & 0xff);
        assert.equal((lanes(v) >>> shift) & 0xff, s === 0 ? 0 : 0xff);
        assert.equal(lanes(v) & ~(0xff << shift), 0);
        assert.equal((lanePop(v | noise) >>> shift) & 0xff, POP8[x]);
        assert.equal(laneSum(lanePop(v | noise)), POP8[x]! + 12);
      }
    }
    for (let c = 0; c <= 16; c++) for (let d = 0; d <= 16; d++) assert.equal(laneAtLeast(c << 16, d << 16) >>> 0, c >= d ? 0xffffffff : 0xff00ffff);
  });

  it("topCards and runTops agree with TOP_PLAIN and RUNS_PLAIN on every suit byte (and pair) in every lane", () => {
    const r = createRng(seedState("sawa-runs"));
    for (let live = 0; live < 256; live++) {
      for (let cards = 0; cards < 256; cards++) {
        if ((cards & ~live) !== 0) continue;
        const shift = 8 * r.int(4);
        // Other lanes hold random cards: no lane may leak into its neighbour.
        const noise = (r.int(0x10000) * 0x10000 + r.int(0x10000)) & ~(0xff << shift);
        const got = toNatural(runTops(toStrength(((cards << shift) | (noise & 0x55555555)) >>> 0), toStrength(((live << shift) | noise) >>> 0)));
        assert.equal((got >>> shift) & 0xff, RUNS_PLAIN[(live << 8) | cards], `runs of ${cards} among ${live}, lane ${shift / 8}`);
        if (cards === 0) {
          const top = (toNatural(topCards(toStrength(((live << shift) | noise) >>> 0))) >>> shift) & 0xff;
          assert.equal(top, live === 0 ? 0 : 1 << TOP_PLAIN[live]!, `top of ${live}`);
        }
      }
    }
  });

  it("cashFails agrees with the cash-out's definition on every pair of suit bytes", () => {
    for (let m = 0; m < 256; m++) {
      for (let o = 0; o < 256; o++) {
        if ((m & o) !== 0) continue;
        const lane = (m ^ o) & 3;
        assert.equal(cashFails(toStrength(m << (lane * 8)), toStrength(o << (lane * 8))), !cashes(m, o), `${m} ${o}`);
      }
    }
  });

  it("sunQuickAnswer and guardsRefute give the previous answers and safe leads on 300,000 random Sun positions", () => {
    const r = createRng(seedState("sawa-lanes"));
    const h = new Int32Array(4);
    const seen = [0, 0, 0];
    let guards = 0;
    for (let i = 0; i < 300_000; i++) {
      const n = 1 + r.int(8);
      // Every other position skews the strong cards to the claimers, where the counts decide.
      const deck = r.shuffle([...Array(32).keys()]);
      if (i & 1) deck.sort((x, y) => (y & 7) + r.int(4) - ((x & 7) + r.int(4)));
      const leader = r.int(4);
      const seats = i & 1 ? [leader, (leader + 2) & 3, (leader + 1) & 3, (leader + 3) & 3] : [0, 1, 2, 3];
      h.fill(0);
      for (let k = 0; k < 4 * n; k++) h[seats[k % 4]!]! |= 1 << deck[k]!;
      const [answer, safe] = tableQuickAnswer(h, leader);
      const got = sunQuickAnswer(h, leader);
      assert.equal(got, answer, `hands ${[...h]} leader ${leader}`);
      if (got === 0) assert.equal(sunQuickSafe.leads >>> 0, safe, `safe leads, hands ${[...h]} leader ${leader}`);
      seen[answer + 1]!++;
      for (const locked of [false, true]) {
        const says = tableGuardsRefute(h, leader, n, locked);
        if (says) guards++;
        assert.equal(guardsRefute(h, leader, n, locked), says, `guards (locked ${locked}), hands ${[...h]} leader ${leader}`);
      }
    }
    // Each answer, and the guard count, occur often enough for the comparison to mean something.
    assert.ok(seen.every((k) => k > 20_000) && guards > 20_000, `answers ${seen}, guard refutations ${guards}`);
  });
});
