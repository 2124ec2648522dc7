import type { BalootState as EngineState, TrickRecord } from "../games/baloot/state.js";
import { SUITS, popcount } from "../games/baloot/cards.js";
import { namesOf } from "../games/baloot/deal.js";
import { CARD_NAMES } from "../games/baloot/tables.js";
import { LAST_TRICK_BONUS } from "../games/baloot/view.js";
import { setIfChanged as set } from "../schema/sync.js";
import type { BalootState, TrickState } from "../schema/BalootState.js";

/**
 * The public Baloot fields and every seat's hand count, straight from the game state: the same
 * values `syncBalootPublic` takes from the engine's public view (`buildView(state, null)`), in the
 * same text formats (docs/PROTOCOL.md §3), without building that view on every action (issue 10).
 * It reads only what the public view shows: of the hands, their sizes; of the declared projects,
 * their kinds until they are revealed. test/rooms/balootMapping.test.ts checks, after every move of
 * random games, that it writes exactly what the public view's sync writes.
 */
export function syncBalootPublicFromGame(state: BalootState, game: EngineState): void {
  const h = game.hand;
  const b = h.bidding;
  const c = h.contract;
  set(state, "phase", game.phase);
  set(state, "handNo", game.handNo);
  set(state, "dealer", game.dealer);
  set(state, "team0Score", game.scores[0] ?? 0);
  set(state, "team1Score", game.scores[1] ?? 0);
  set(state, "targetScore", game.profile.targetScore);
  set(state, "profile", game.profile.name);
  set(state, "toAct", game.turn >= 0 ? game.turn : -1);
  set(state, "faceUp", cardName(h.faceUp));

  set(state, "biddingRound", b.round);
  set(state, "biddingMode", b.mode);
  set(state, "bids", bidsText(b.history));
  set(state, "hokumBidder", b.hokumBidder >= 0 ? b.hokumBidder : -1);
  set(state, "hokumSuit", suitName(b.hokumSuit));
  set(state, "sunBidder", b.mode === "BEFORE_YOU" ? b.sunBidder : -1);

  set(state, "contract", c ? c.kind : "");
  set(state, "trump", c ? suitName(c.trump) : "");
  set(state, "buyer", c ? c.buyer : -1);
  set(state, "ashkal", c ? c.ashkal : false);
  set(state, "faceUpTo", c ? c.faceUpTo : -1);

  set(state, "doublingLevel", h.level);
  set(state, "gahwa", h.gahwa);
  set(state, "closed", h.closed);
  set(state, "doubler", h.doubler >= 0 ? h.doubler : -1);
  set(state, "lastRaiser", h.lastRaiser >= 0 ? h.lastRaiser : -1);
  set(state, "doublingStep", game.phase === "DOUBLING" ? h.dbl.step : "");
  set(state, "raises", raisesText(h.raises));

  set(state, "trickNo", h.trickNo);
  // The trick in progress (only while playing): no winner or points yet.
  const playing = game.phase === "PLAYING";
  syncTrick(state.trick, playing ? h.leader : -1, playing ? h.trick : NO_CARDS, playing && h.akka, -1, 0);
  const last: TrickRecord | undefined = h.tricks[h.tricks.length - 1];
  if (last) syncTrick(state.lastTrick, last.leader, last.cards, false, last.winner, last.points);
  else syncTrick(state.lastTrick, -1, NO_CARDS, false, -1, 0);
  set(state, "team0Tricks", h.tricksWon[0] ?? 0);
  set(state, "team1Tricks", h.tricksWon[1] ?? 0);
  set(state, "team0CardPoints", h.points[0] ?? 0);
  set(state, "team1CardPoints", h.points[1] ?? 0);
  set(state, "lastTrickBonus", LAST_TRICK_BONUS);
  set(state, "lastTrickBonusTeam", h.lastTrickTeam >= 0 ? h.lastTrickTeam : -1);

  set(state, "declaredProjects", declaredText(h.declared));
  set(state, "projectsRevealed", h.projectsRevealed);
  set(state, "revealedProjects", h.projectsRevealed ? revealedText(h.declared, h.projectTeam) : "");
  set(state, "projectWinnerTeam", h.projectTeam >= 0 ? h.projectTeam : -1);
  set(state, "balootBy", h.baloot.announced ? h.baloot.announcedBy : -1);

  let inHands = 0;
  for (let i = 0; i < 4; i++) {
    const count = popcount(h.hands[i] as number);
    inHands += count;
    const seat = state.seats[i];
    if (seat && seat.handCount !== count) seat.handCount = count;
  }
  // The face-down stock: 32 minus the cards in hands, the face-up card still waiting for a buyer, and those played.
  set(state, "undealt", h.faceUp < 0 ? 0 : 32 - inHands - (c === null ? 1 : 0) - popcount(h.played));
}

const NO_CARDS: readonly number[] = [];

function cardName(card: number): string {
  return card >= 0 ? (CARD_NAMES[card] as string) : "";
}

function suitName(suit: number): string {
  return suit >= 0 ? (SUITS[suit] as string) : "";
}

function syncTrick(target: TrickState, leader: number, cards: readonly number[], akka: boolean, winner: number, points: number): void {
  set(target, "leader", leader);
  let text = "";
  for (let i = 0; i < cards.length; i++) text += `${i === 0 ? "" : " "}${(leader + i) & 3}:${CARD_NAMES[cards[i] as number] as string}`;
  set(target, "cards", text);
  set(target, "akka", akka);
  set(target, "winner", winner);
  set(target, "points", points);
}

function bidsText(history: EngineState["hand"]["bidding"]["history"]): string {
  let text = "";
  for (let i = 0; i < history.length; i++) {
    const r = history[i] as (typeof history)[number];
    const token = r.suit >= 0 ? `${r.seat}:${r.round}:${r.call}:${SUITS[r.suit] as string}` : `${r.seat}:${r.round}:${r.call}`;
    text += i === 0 ? token : ` ${token}`;
  }
  return text;
}

function raisesText(raises: EngineState["hand"]["raises"]): string {
  let text = "";
  for (let i = 0; i < raises.length; i++) {
    const r = raises[i] as (typeof raises)[number];
    text += `${i === 0 ? "" : " "}${r.seat}:${r.level}:${r.closed ? "closed" : "open"}`;
  }
  return text;
}

/** Kinds only: the cards of a declared project stay hidden until the projects are revealed. */
function declaredText(declared: EngineState["hand"]["declared"]): string {
  let text = "";
  for (let s = 0; s < 4; s++) for (const p of declared[s] ?? []) text += text === "" ? `${s}:${p.kind}` : ` ${s}:${p.kind}`;
  return text;
}

/** Once revealed: the winning team's projects with their cards (none when no team won them). */
function revealedText(declared: EngineState["hand"]["declared"], team: number): string {
  let text = "";
  if (team < 0) return text;
  for (let s = 0; s < 4; s++) {
    if ((s & 1) !== team) continue;
    for (const p of declared[s] ?? []) text += `${text === "" ? "" : " "}${s}:${p.kind}:${namesOf(p.cards).join(",")}`;
  }
  return text;
}
