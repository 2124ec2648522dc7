/**
 * The view as it was built before views shared their finished records (every list re-made on each
 * call): the reference the optimised `buildView` must equal, field for field and in key order
 * (test/games/baloot/viewShared.test.ts). A copy of src/games/baloot/view.ts at 948ff4e.
 */
import { SUITS, popcount } from "../../../src/games/baloot/cards.js";
import { namesOf } from "../../../src/games/baloot/deal.js";
import { publicLegalActions } from "../../../src/games/baloot/publicActions.js";
import { CARD_NAMES } from "../../../src/games/baloot/tables.js";
import { LAST_TRICK_BONUS, type BalootView, type TrickView } from "../../../src/games/baloot/view.js";
import type { ProjectKind } from "../../../src/games/baloot/projects.js";
import type { BalootState } from "../../../src/games/baloot/state.js";

function trickView(leader: number, cards: readonly number[]): TrickView {
  return { leader, cards: cards.map((c, i) => ({ seat: (leader + i) & 3, card: CARD_NAMES[c] as string })) };
}


/** 32 minus the cards in hands, on the table (face-up card) and already played. */
function undealtCount(state: BalootState, counts: readonly number[]): number {
  const h = state.hand;
  if (h.faceUp < 0) return 0;
  const inHands = counts[0]! + counts[1]! + counts[2]! + counts[3]!;
  const faceUpWaiting = h.contract === null ? 1 : 0;
  return 32 - inHands - faceUpWaiting - popcount(h.played);
}

function mineOf(state: BalootState, me: number | null): BalootView["projects"]["mine"] {
  const d = me !== null ? state.hand.declared[me] : null;
  return d ? d.map((p) => ({ kind: p.kind, cards: namesOf(p.cards) })) : null;
}

export function referenceView(state: BalootState, seat: number | null): BalootView {
  const h = state.hand;
  const b = h.bidding;
  const c = h.contract;
  const me = seat !== null && seat >= 0 && seat < 4 ? seat : null;
  const last = h.tricks.length > 0 ? h.tricks[h.tricks.length - 1]! : null;
  const declared: { seat: number; kinds: ProjectKind[] }[] = [];
  for (let s = 0; s < 4; s++) {
    const d = h.declared[s];
    if (d) declared.push({ seat: s, kinds: d.map((p) => p.kind) });
  }
  let revealed: BalootView["projects"]["revealed"] = null;
  if (h.projectsRevealed) {
    revealed = [];
    if (h.projectTeam >= 0) {
      for (let s = 0; s < 4; s++) {
        if ((s & 1) !== h.projectTeam) continue;
        for (const p of h.declared[s] ?? []) revealed.push({ seat: s, kind: p.kind, cards: namesOf(p.cards) });
      }
    }
  }
  const mine = mineOf(state, me);
  const counts = [popcount(h.hands[0]!), popcount(h.hands[1]!), popcount(h.hands[2]!), popcount(h.hands[3]!)];
  return {
    seat: me,
    phase: state.phase,
    hand: state.handNo,
    dealer: state.dealer,
    scores: state.scores.slice(),
    targetScore: state.profile.targetScore,
    profile: state.profile.name,
    rules: state.profile,
    toAct: state.turn >= 0 ? state.turn : null,
    myCards: me === null ? null : namesOf(h.hands[me]!),
    cardCounts: counts,
    undealt: undealtCount(state, counts),
    faceUp: h.faceUp >= 0 ? (CARD_NAMES[h.faceUp] as string) : null,
    bidding: {
      round: b.round,
      mode: b.mode,
      history: b.history.map((r) => ({ seat: r.seat, round: r.round, call: r.call, suit: r.suit >= 0 ? (SUITS[r.suit] as string) : null })),
      hokumBidder: b.hokumBidder >= 0 ? b.hokumBidder : null,
      hokumSuit: b.hokumSuit >= 0 ? (SUITS[b.hokumSuit] as string) : null,
      sunBidder: b.mode === "BEFORE_YOU" ? b.sunBidder : null,
    },
    contract: c ? { kind: c.kind, trump: c.trump >= 0 ? (SUITS[c.trump] as string) : null, buyer: c.buyer, ashkal: c.ashkal, faceUpTo: c.faceUpTo } : null,
    doubling: {
      level: h.level,
      gahwa: h.gahwa,
      closed: h.closed,
      doubler: h.doubler >= 0 ? h.doubler : null,
      lastRaiser: h.lastRaiser >= 0 ? h.lastRaiser : null,
      raises: h.raises.map((r) => ({ ...r })),
      step: state.phase === "DOUBLING" ? h.dbl.step : null,
    },
    trickNo: h.trickNo,
    trick: state.phase === "PLAYING" ? { ...trickView(h.leader, h.trick), akka: h.akka } : null,
    lastTrick: last ? { ...trickView(last.leader, last.cards), winner: last.winner, points: last.points } : null,
    tricks: h.tricks.map((t) => ({ ...trickView(t.leader, t.cards), winner: t.winner, points: t.points })),
    tricksWon: h.tricksWon.slice(),
    cardPoints: h.points.slice(),
    lastTrickBonus: { points: LAST_TRICK_BONUS, team: h.lastTrickTeam >= 0 ? h.lastTrickTeam : null },
    projects: { declared, revealed, winnerTeam: h.projectTeam >= 0 ? h.projectTeam : null, mine },
    baloot: { announcedBy: h.baloot.announced ? h.baloot.announcedBy : null },
    legalActions: me !== null && me === state.turn ? publicLegalActions(state, me) : [],
    outcome: state.outcome ? { ...state.outcome, scores: state.outcome.scores.slice() } : null,
  };
}
