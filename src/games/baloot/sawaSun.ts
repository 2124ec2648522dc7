/**
 * The Sawa search specialised for Sun (no trump), where the rules reduce to: follow suit if you
 * can, otherwise play anything; the highest card of the led suit takes the trick; no Akka, and no
 * play flag changes anything (legalMaskFor returns before reaching them). Same game as the general
 * search in sawaSolver.ts, on suit bytes instead of legalMaskFor calls, with the Sun shortcuts:
 *  - the canonical, process-wide cache of searched positions (sawaSunCache.ts); positions the
 *    quick answers settle are not stored (recomputing them costs less than a probe);
 *  - the quick answers of sawaSunQuick.ts at every boundary (cash-outs, blocked and guarded
 *    suit counts), which also give the only leads worth trying: those that keep the trick;
 *  - at the root of a claim they leave open, a line of sure tricks into a cash-out (sawaValidQuick.ts);
 *  - an opponent who does not take the lead plays, per suit, only his lowest card of it (keeping
 *    a higher card of a suit never hurts him in Sun: it follows and discards like the lower one
 *    and beats more), discards from his longest suits first (a refutation is found sooner); a
 *    partner card after which the last opponent can take the trick is skipped, and a void
 *    partner tries his discards from suits an opponent tops first (the order only);
 *  - a void opponent holding an idle suit (all his cards of it below all the claimers' cards of
 *    it, or the claimers have none) only tries one discard from it (see `idleDiscard`).
 * test/games/baloot/sawaSolver.test.ts checks every answer against a brute-force search.
 */
import { popcount } from "./cards.js";
import { ABOVE_RANK_PLAIN, LOW_PLAIN, RUNS_PLAIN, TOP_PLAIN, suitByte } from "./sawaTables.js";
import { sunQuickAnswer, sunQuickSafe } from "./sawaSunQuick.js";
import { sunKey, sunKeyWords, sunLookup, sunStore } from "./sawaSunCache.js";
import { leadChoices, partnerChoices } from "./sawaRefute.js";
import { cashLine } from "./sawaValidQuick.js";
import { lanes, runTops, topCards, toNatural, toStrength } from "./sawaSunLanes.js";

/**
 * Search state shared with sawaSolver.ts: the four hands (mutated in place), the node budget, and
 * the deal generation of the per-deal table (sawaSolver.ts bumps it when the deal changes).
 */
export const sun = { hands: new Int32Array(4), nodes: 0, limit: Infinity, generation: 1 };

/**
 * Per-deal table of every boundary answer (quick or searched), keyed on the live cards and the
 * leader: within one deal each card belongs to one seat, so the live cards fix the four hands.
 * Probed before anything else: a transposition (the same cards gone in another order, or a later
 * lead of the same hand) then costs one small-table probe instead of the quick answers, the
 * canonical key and a probe of the large cache. Entries of older deals carry an older generation.
 * 2,048 slots (16 KiB): one deal visits a few hundred boundaries, so 8,192 slots found the same
 * answers (the listing's search nodes did not change: 98,118 with 2^11 to 2^14 slots, 98,151 with
 * 2^10) while spreading the probes over four times the cache lines.
 */
const LOCAL_BITS = 11;
/**
 * Two words per slot, side by side (one cache line per probe): the live cards, then
 * (generation << 3) | (leader << 1) | value; generation 0 = empty.
 */
const local = new Int32Array(2 << LOCAL_BITS);

/** A new deal: the per-deal table's entries no longer hold. */
export function sunNewDeal(): void {
  if (++sun.generation >= 1 << 27) {
    local.fill(0);
    sun.generation = 1;
  }
}

/** Thrown when the node budget runs out. */
export const SUN_BUDGET = { budgetExceeded: true };

/** One card per run of interchangeable cards of `mask`, given the live cards (all four suits). */
function runs(mask: number, live: number): number {
  return toNatural(runTops(toStrength(mask), toStrength(live)));
}

/**
 * An opponent's discard when void in the led suit: a card of a suit where all his cards are below
 * every card the claimers hold of it (or the claimers hold none) is enough to try, when he has one.
 * Such cards never take a trick (the claimers lead every trick, and a lead of that suit beats them
 * all). Holding any other card z instead of such a card i is never worse for the opponents: from
 * the position where he kept z, he answers every play of the other position by the same card, or
 * by z where he must follow z's suit, or by a card of i's suit (just as idle) where i followed
 * suit; the hands meet again or differ again only by an idle card, and no trick goes otherwise
 * except that z may take one. So if the claim holds after that discard, it holds after any.
 * Returns the card's bit, or 0 when every suit of his may still take or guard a trick.
 */
function idleDiscard(hand: number, ours: number): number {
  for (let s = 0; s < 4; s++) {
    const x = suitByte(hand, s);
    if (x === 0) continue;
    const c = suitByte(ours, s);
    if (c === 0 || (c & ~ABOVE_RANK_PLAIN[TOP_PLAIN[x]!]!) === 0) return 1 << ((s << 3) | LOW_PLAIN[x]!);
  }
  return 0;
}

/**
 * A void opponent's discards (his lowest card of each suit), packed 6 bits each (card + 1, 0 ends),
 * longest suit first: the order in which a refutation is usually found soonest (a long suit
 * rarely holds his only guard), which only changes how fast the search ends, never its answer.
 */
function discardSeq(hand: number): number {
  let seq = 0;
  let keys = 0;
  let n = 0;
  for (let s = 0; s < 4; s++) {
    const x = suitByte(hand, s);
    if (x === 0) continue;
    const key = 8 - popcount(x);
    const card = ((s << 3) | LOW_PLAIN[x]!) + 1;
    // Insertion into the packed lists (stable: equal keys keep suit order).
    let i = n;
    while (i > 0 && ((keys >>> ((i - 1) * 4)) & 15) > key) i--;
    const lowMask = (1 << (i * 6)) - 1;
    seq = (seq & lowMask) | (card << (i * 6)) | ((seq & ~lowMask) << 6);
    const lowKeys = (1 << (i * 4)) - 1;
    keys = (keys & lowKeys) | (key << (i * 4)) | ((keys & ~lowKeys) << 4);
    n++;
  }
  return seq;
}

/** Is the claim valid with `leader` (of the claiming side) to lead? */
export function sunBoundary(leader: number): boolean {
  const h = sun.hands;
  const all = h[0]! | h[1]! | h[2]! | h[3]!;
  if (all === 0) return true;
  const slot = (Math.imul(all ^ Math.imul(leader + 1, 0x5bd1e995), 0x9e3779b1) >>> (32 - LOCAL_BITS)) << 1;
  const info = local[slot + 1]!;
  const tag = (sun.generation << 3) | (leader << 1);
  if ((info & ~1) === tag && local[slot] === all) return (info & 1) === 1;
  const value = boundaryValue(leader, all);
  local[slot] = all;
  local[slot + 1] = tag | (value ? 1 : 0);
  return value;
}

function boundaryValue(leader: number, all: number): boolean {
  // The quick answers first: they cost less than the key and a probe of the cache (a likely
  // cache-line miss), and only positions that need a search are worth a slot there.
  const quick = sunQuickAnswer(sun.hands, leader);
  if (quick !== 0) return quick > 0;
  // At the root of a claim (no node spent yet), a line of sure tricks into a cash-out proves most
  // valid claims without a search (sawaValidQuick.ts); deeper down it costs more than the nodes it
  // saves. Like the quick answers, it is cheaper than the canonical key and a probe of the cache.
  const h = sun.hands;
  if (sun.nodes === 0 && cashLine(toStrength(h[leader]!), toStrength(h[(leader + 2) & 3]!), toStrength(h[(leader + 1) & 3]!), toStrength(h[(leader + 3) & 3]!))) return true;
  const leads = runs(sunQuickSafe.leads, all);
  sunKey(sun.hands, leader);
  const w0 = sunKeyWords[0]!;
  const w1 = sunKeyWords[1]!;
  const w2 = sunKeyWords[2]!;
  const w3 = sunKeyWords[3]!;
  const known = sunLookup(w0, w1, w2, w3);
  if (known !== 0) return known === 2;
  const value = solve(leader, all, leads);
  sunStore(w0, w1, w2, w3, value);
  return value;
}

function solve(leader: number, all: number, safe: number): boolean {
  if (++sun.nodes > sun.limit) throw SUN_BUDGET;
  const h = sun.hands;
  const mine = h[leader]!;
  // Of his cards below all of his partner's in a suit, only the lowest.
  let leads = leadChoices(safe, mine, h[(leader + 2) & 3]!);
  // The leads of each suit's top card left first (they cannot be beaten): a valid claim usually
  // cashes them, so its proof is found sooner. The order only changes how soon the search ends.
  const first = toNatural(topCards(toStrength(all)));
  let later = leads & ~first;
  leads = leads & first;
  for (;;) {
    if (leads === 0) {
      if (later === 0) break;
      leads = later;
      later = 0;
    }
    const c = 31 - Math.clz32(leads & -leads);
    leads &= leads - 1;
    const bit = 1 << c;
    h[leader] = mine & ~bit;
    const ok = firstOpponent(leader, c, all & ~bit, bit);
    h[leader] = mine;
    if (ok) return true;
  }
  return false;
}

/** Second seat: beating cards (one per run) and, per suit, his lowest other card; all must fail. */
function firstOpponent(leader: number, lead: number, live: number, trick: number): boolean {
  const h = sun.hands;
  const seat = (leader + 1) & 3;
  const hand = h[seat]!;
  const s = lead >>> 3;
  const follow = suitByte(hand, s);
  let options: number;
  let beaters = 0;
  if (follow !== 0) {
    const above = follow & ABOVE_RANK_PLAIN[lead & 7]!;
    beaters = RUNS_PLAIN[(suitByte(live | trick, s) << 8) | above]! << (s << 3);
    const below = follow & ~above;
    options = beaters | (below !== 0 ? 1 << ((s << 3) | LOW_PLAIN[below]!) : 0);
  } else {
    const ours = h[leader]! | h[(leader + 2) & 3]!;
    const idle = idleDiscard(hand, ours);
    if (idle === 0) return firstOpponentDiscards(leader, lead, live, trick, discardSeq(hand));
    options = idle;
  }
  while (options !== 0) {
    const c = 31 - Math.clz32(options & -options);
    options &= options - 1;
    const bit = 1 << c;
    const wins = ((beaters >>> c) & 1) === 1;
    h[seat] = hand & ~bit;
    const ok = partnerCard(leader, s, wins ? seat : leader, wins ? c : lead, live & ~bit, trick | bit);
    h[seat] = hand;
    if (!ok) return false;
  }
  return true;
}

/** Second seat, void in the led suit: each discard of `seq` (see discardSeq) must fail him. */
function firstOpponentDiscards(leader: number, lead: number, live: number, trick: number, seq: number): boolean {
  const h = sun.hands;
  const seat = (leader + 1) & 3;
  const hand = h[seat]!;
  const s = lead >>> 3;
  for (; seq !== 0; seq >>>= 6) {
    const bit = 1 << ((seq & 63) - 1);
    h[seat] = hand & ~bit;
    const ok = partnerCard(leader, s, leader, lead, live & ~bit, trick | bit);
    h[seat] = hand;
    if (!ok) return false;
  }
  return true;
}

/** Third seat (the claimer's partner): any card that keeps the trick and wins the rest. */
function partnerCard(leader: number, s: number, winSeat: number, winCard: number, live: number, trick: number): boolean {
  if (++sun.nodes > sun.limit) throw SUN_BUDGET;
  const h = sun.hands;
  const seat = (leader + 2) & 3;
  const last = (leader + 3) & 3;
  const hand = h[seat]!;
  const follow = suitByte(hand, s);
  let options = follow !== 0 ? RUNS_PLAIN[(suitByte(live | trick, s) << 8) | follow]! << (s << 3) : runs(hand, live | trick);
  // Of his cards below all of the leader's (and below the lead while it wins), only the lowest.
  if (follow === 0 || winSeat === leader) options = partnerChoices(options, hand, h[leader]! | (winSeat === leader ? 1 << winCard : 0));
  let later = 0;
  if (follow === 0) {
    // Void: discards from the suits whose top card an opponent holds first (cards that can never
    // take a trick while he keeps it), the usual way to keep the claim.
    const blocked = lanes(topCards(toStrength(live)) & toStrength(h[(leader + 1) & 3]! | h[last]!));
    later = options & ~blocked;
    options = options & blocked;
  }
  const lastFollow = suitByte(h[last]!, s);
  for (;;) {
    if (options === 0) {
      if (later === 0) break;
      options = later;
      later = 0;
    }
    const c = 31 - Math.clz32(options & -options);
    options &= options - 1;
    let ws = winSeat;
    let wc = winCard;
    if (c >>> 3 === s && ((ABOVE_RANK_PLAIN[wc & 7]! >> (c & 7)) & 1) === 1) {
      ws = seat;
      wc = c;
    }
    // The second seat keeps the trick, or the last one can beat it: this card loses.
    if ((ws & 1) !== (leader & 1) || (lastFollow & ABOVE_RANK_PLAIN[wc & 7]!) !== 0) continue;
    const bit = 1 << c;
    h[seat] = hand & ~bit;
    const ok = lastOpponent(last, s, ws);
    h[seat] = hand;
    if (ok) return true;
  }
  return false;
}

/** Fourth seat, who cannot take the trick: his lowest card of the led suit, or of each suit when void. */
function lastOpponent(seat: number, s: number, winner: number): boolean {
  const h = sun.hands;
  const hand = h[seat]!;
  const follow = suitByte(hand, s);
  let options: number;
  if (follow !== 0) options = 1 << ((s << 3) | LOW_PLAIN[follow]!);
  else {
    const ours = h[(seat + 1) & 3]! | h[(seat + 3) & 3]!;
    options = idleDiscard(hand, ours);
    if (options === 0) {
      for (let seq = discardSeq(hand); seq !== 0; seq >>>= 6) {
        const bit = 1 << ((seq & 63) - 1);
        h[seat] = hand & ~bit;
        const ok = sunBoundary(winner);
        h[seat] = hand;
        if (!ok) return false;
      }
      return true;
    }
  }
  while (options !== 0) {
    const c = 31 - Math.clz32(options & -options);
    options &= options - 1;
    h[seat] = hand & ~(1 << c);
    const ok = sunBoundary(winner);
    h[seat] = hand;
    if (!ok) return false;
  }
  return true;
}
