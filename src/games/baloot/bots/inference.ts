/**
 * What a seat can infer about the hidden hands from its view alone (input of the search bot's
 * sampler). Hard facts only:
 * - where cards are: the face-up card went to `contract.faceUpTo`; the winning team's revealed
 *   project cards and an announced Baloot pair (K+Q of trumps) belong to their owners;
 * - where cards are not: replaying every trick of the hand, any card whose presence would have made
 *   the card actually played illegal (§8.3: a failure to follow suit, to cut, to over-trump, to beat
 *   a led trump, a trump led in a closed Hokum) cannot be in that seat's hand — tested with the
 *   engine's own `legalMaskFor` and the table's play flags, so every profile is read correctly;
 * - how many cards each seat holds, and the project kinds announced in trick 1 whose cards were
 *   not shown (all before the reveal; the losing team's after it).
 */
import { parseCard, suitFromLetter, RK, RQ, card as makeCard } from "../cards.js";
import { legalMaskFor } from "../legal.js";
import { beats } from "../tables.js";
import type { ProjectKind } from "../projects.js";
import type { BalootView } from "../view.js";

export interface HiddenInfo {
  me: number;
  /** Cards not in my hand and not played: they are split among the other three seats. */
  unknown: number;
  /** Cards each seat holds now. */
  counts: number[];
  /** Cards known to be in a seat's hand (subset of `unknown`). */
  known: number[];
  /** Cards a seat cannot hold (it showed it lacked them). */
  forbidden: number[];
  /** Each seat's cards already played this hand (to rebuild its 8-card hand). */
  playedBy: number[];
  /** Project kinds announced in trick 1 whose cards were not shown (per seat; empty = none). */
  pendingKinds: ProjectKind[][];
}

function c(name: string): number {
  const x = parseCard(name);
  if (x < 0) throw new Error(`view holds a bad card ${JSON.stringify(name)}`);
  return x;
}

/** Forbidden cards for the player of `played` at position `pos` of a trick (single-card test). */
function forbiddenBy(
  played: number,
  pos: number,
  lead: number,
  winCard: number,
  partnerWinning: boolean,
  topDeclared: boolean,
  trump: number,
  closed: boolean,
  rules: BalootView["rules"]["play"],
  candidates: number,
): number {
  let out = 0;
  for (let m = candidates; m !== 0; m = (m & (m - 1)) >>> 0) {
    const x = 31 - Math.clz32((m & -m) >>> 0);
    const hand = ((1 << played) | (1 << x)) >>> 0;
    const legal = legalMaskFor(hand, pos, lead, winCard, partnerWinning, topDeclared, trump, closed, rules);
    if (((legal >>> played) & 1) === 0) out |= 1 << x;
  }
  return out >>> 0;
}

export function inferHidden(view: BalootView): HiddenInfo {
  if (view.seat === null || view.myCards === null || view.contract === null) throw new Error("inference needs a seat's view during play");
  const me = view.seat;
  const trump = view.contract.trump === null ? -1 : suitFromLetter(view.contract.trump);
  const closed = view.doubling.closed;
  const rules = view.rules.play;
  let mine = 0;
  for (const n of view.myCards) mine |= 1 << c(n);
  const playedBy = [0, 0, 0, 0];
  const tricks: { leader: number; cards: number[]; akka: boolean | null }[] = view.tricks.map((t) => ({
    leader: t.leader,
    cards: t.cards.map((p) => c(p.card)),
    akka: null,
  }));
  if (view.trick && view.trick.cards.length > 0) {
    tricks.push({ leader: view.trick.leader, cards: view.trick.cards.map((p) => c(p.card)), akka: view.trick.akka });
  }
  let played = 0;
  for (const t of tricks) {
    t.cards.forEach((x, i) => {
      playedBy[(t.leader + i) & 3]! |= 1 << x;
      played |= 1 << x;
    });
  }
  const unknown = (~mine & ~played) >>> 0;
  const forbidden = [0, 0, 0, 0];
  const known = [0, 0, 0, 0];
  for (const t of tricks) {
    const lead = t.cards[0]!;
    let winSeat = t.leader;
    let winCard = lead;
    for (let i = 1; i < t.cards.length; i++) {
      const seat = (t.leader + i) & 3;
      const x = t.cards[i]!;
      const partnerWinning = winSeat === ((seat + 2) & 3);
      const aceLead = (lead & 7) === 7 && winSeat === t.leader;
      const test = (akka: boolean): number =>
        forbiddenBy(x, i, lead, winCard, partnerWinning, winSeat === t.leader && (aceLead || akka), trump, closed, rules, unknown);
      // A past trick does not record an Akka call: only what is forbidden either way is sure.
      const f = t.akka === null ? test(false) & test(true) : test(t.akka);
      if (seat !== me) forbidden[seat]! |= f;
      if (beats(x, winCard, trump)) {
        winSeat = seat;
        winCard = x;
      }
    }
    if (t.leader !== me) forbidden[t.leader]! |= forbiddenBy(lead, 0, -1, -1, false, false, trump, closed, rules, unknown);
  }
  const place = (seat: number, x: number): void => {
    if (seat !== me && ((unknown >>> x) & 1) === 1) known[seat]! |= 1 << x;
  };
  if (view.faceUp !== null) place(view.contract.faceUpTo, c(view.faceUp));
  for (const p of view.projects.revealed ?? []) for (const n of p.cards) place(p.seat, c(n));
  if (view.baloot.announcedBy !== null && trump >= 0) {
    place(view.baloot.announcedBy, makeCard(trump, RK));
    place(view.baloot.announcedBy, makeCard(trump, RQ));
  }
  const pendingKinds: ProjectKind[][] = [[], [], [], []];
  // Announced kinds stay evidence until their cards are shown (the losing team's never are).
  const shown = new Set((view.projects.revealed ?? []).map((p) => p.seat));
  for (const d of view.projects.declared) if (d.seat !== me && !shown.has(d.seat)) pendingKinds[d.seat] = d.kinds.slice();
  for (let s = 0; s < 4; s++) {
    known[s] = known[s]! >>> 0;
    // A known card beats an inference that contradicts it (e.g. a foul under the QAID profile).
    forbidden[s] = (forbidden[s]! & ~known[s]!) >>> 0;
  }
  return { me, unknown, counts: view.cardCounts.slice(), known, forbidden, playedBy, pendingKinds };
}
