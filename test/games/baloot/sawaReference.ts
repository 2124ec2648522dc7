/**
 * Brute-force reference for Sawa (§12.1), written as plainly as possible to check the solver
 * against: every legal card of every seat is tried (legalMaskFor, the rule apply validates with),
 * the claiming side may call Akka or not on each lead, the opponents may answer anything legal, and
 * every trick must go to the claimer's team. No pruning; the only memo is on whole positions at
 * trick boundaries (cards played + leader: the played set fixes the hands).
 */
import { akkaValid } from "../../../src/games/baloot/akka.js";
import { legalMaskFor } from "../../../src/games/baloot/legal.js";
import { beats } from "../../../src/games/baloot/tables.js";
import type { RuleProfile } from "../../../src/games/baloot/profile.js";

export interface ReferencePosition {
  hands: readonly number[];
  leader: number;
  played: number;
  trump: number;
  closed: boolean;
  play: RuleProfile["play"];
}

function cardsOf(mask: number): number[] {
  const out: number[] = [];
  for (let c = 0; c < 32; c++) if ((mask >>> c) & 1) out.push(c);
  return out;
}

export function referenceSawa(p: ReferencePosition): boolean {
  const team = p.leader & 1;
  const hands = p.hands.slice();
  const memo = new Map<string, boolean>();

  const atBoundary = (leader: number, played: number): boolean => {
    if ((hands[0]! | hands[1]! | hands[2]! | hands[3]!) === 0) return true;
    const key = `${leader}/${played >>> 0}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let value = false;
    const hand = hands[leader]!;
    for (const c of cardsOf(legalMaskFor(hand, 0, -1, -1, false, false, p.trump, p.closed, p.play))) {
      for (const akka of [false, true]) {
        if (akka && !akkaValid(c, p.trump, played, true)) continue;
        hands[leader] = hand & ~(1 << c);
        const ok = inTrick(leader, 1, c, akka, leader, c, (played | (1 << c)) >>> 0);
        hands[leader] = hand;
        if (ok) value = true;
      }
      if (value) break;
    }
    memo.set(key, value);
    return value;
  };

  const inTrick = (leader: number, pos: number, lead: number, akka: boolean, winSeat: number, winCard: number, played: number): boolean => {
    if (pos === 4) return (winSeat & 1) === team && atBoundary(winSeat, played);
    const seat = (leader + pos) & 3;
    const partnerWinning = winSeat === ((seat + 2) & 3);
    const topDeclared = winSeat === leader && ((lead & 7) === 7 || akka);
    const hand = hands[seat]!;
    const ours = (seat & 1) === team;
    for (const c of cardsOf(legalMaskFor(hand, pos, lead, winCard, partnerWinning, topDeclared, p.trump, p.closed, p.play))) {
      const takes = beats(c, winCard, p.trump);
      hands[seat] = hand & ~(1 << c);
      const ok = inTrick(leader, pos + 1, lead, akka, takes ? seat : winSeat, takes ? c : winCard, (played | (1 << c)) >>> 0);
      hands[seat] = hand;
      if (ours && ok) return true;
      if (!ours && !ok) return false;
    }
    return !ours;
  };

  return atBoundary(p.leader, p.played >>> 0);
}

/**
 * How many deals a brute-force test runs. The default (`ci`) keeps every brute-force file of this
 * folder near 12 s in all on an idle machine; `SAWA_BRUTE_DEALS_SCALE=1` runs the full counts
 * (`full`: what these tests ran before CI time got tight), `=4` four times them, and so on.
 */
export function bruteDeals(ci: number, full: number): number {
  const raw = process.env.SAWA_BRUTE_DEALS_SCALE;
  if (raw === undefined || raw === "") return ci;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`SAWA_BRUTE_DEALS_SCALE must be a positive number, not ${JSON.stringify(raw)}`);
  return Math.max(1, Math.round(full * scale));
}

/** A brute-force test's time limit: none when SAWA_BRUTE_DEALS_SCALE asks for other counts. */
export function bruteTimeout(ms: number): number {
  return process.env.SAWA_BRUTE_DEALS_SCALE ? 0 : ms;
}
