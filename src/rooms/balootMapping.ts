import type { BalootEvent, BalootView } from "../games/baloot/index.js";
import { syncPrimitives } from "../schema/sync.js";
import type { BalootSeat, BalootState, TrickState } from "../schema/BalootState.js";

/**
 * BalootView → BalootState schema, mutating in place (see src/schema/sync.ts). The lists of a hand
 * (cards, trick, bids, raises, projects) are carried as strings in the formats of docs/PROTOCOL.md
 * §3 "Baloot table": each would otherwise be a schema collection of ≈ 0.5–0.9 KiB of heap per table
 * before any data (issue 10, docs/CAPACITY.md). A string field is written only when its text changed.
 */

type TrickValue = { leader: number; cards: readonly { seat: number; card: string }[]; akka?: boolean; winner?: number; points?: number } | null;

function syncTrick(target: TrickState, trick: TrickValue): void {
  target.leader = trick ? trick.leader : -1;
  target.cards = trick ? tokens(trick.cards, playToken) : "";
  target.akka = trick?.akka ?? false;
  target.winner = trick?.winner ?? -1;
  target.points = trick?.points ?? 0;
}

/** Tokens of a list, one space apart: `token(item)` for each item. */
function tokens<T>(items: readonly T[], token: (item: T) => string): string {
  let text = "";
  for (let i = 0; i < items.length; i++) text += i === 0 ? token(items[i] as T) : ` ${token(items[i] as T)}`;
  return text;
}

const playToken = (c: { seat: number; card: string }): string => `${c.seat}:${c.card}`;
const bidToken = (b: BalootView["bidding"]["history"][number]): string => (b.suit ? `${b.seat}:${b.round}:${b.call}:${b.suit}` : `${b.seat}:${b.round}:${b.call}`);
const raiseToken = (r: BalootView["doubling"]["raises"][number]): string => `${r.seat}:${r.level}:${r.closed ? "closed" : "open"}`;
const revealedToken = (p: { seat: number; kind: string; cards: readonly string[] }): string => `${p.seat}:${p.kind}:${p.cards.join(",")}`;
const ownProjectToken = (p: { kind: string; cards: readonly string[] }): string => `${p.kind}:${p.cards.join(",")}`;

function declaredText(declared: BalootView["projects"]["declared"]): string {
  let text = "";
  for (const d of declared) for (const kind of d.kinds) text += text === "" ? `${d.seat}:${kind}` : ` ${d.seat}:${kind}`;
  return text;
}

function syncBidding(state: BalootState, bidding: BalootView["bidding"]): void {
  state.biddingRound = bidding.round;
  state.biddingMode = bidding.mode;
  state.bids = tokens(bidding.history, bidToken);
  state.hokumBidder = bidding.hokumBidder ?? -1;
  state.hokumSuit = bidding.hokumSuit ?? "";
  state.sunBidder = bidding.sunBidder ?? -1;
}

function syncContract(state: BalootState, c: BalootView["contract"]): void {
  state.contract = c ? c.kind : "";
  state.trump = c?.trump ?? "";
  state.buyer = c ? c.buyer : -1;
  state.ashkal = c?.ashkal ?? false;
  state.faceUpTo = c ? c.faceUpTo : -1;
}

function syncDoubling(state: BalootState, d: BalootView["doubling"]): void {
  state.doublingLevel = d.level;
  state.gahwa = d.gahwa;
  state.closed = d.closed;
  state.doubler = d.doubler ?? -1;
  state.lastRaiser = d.lastRaiser ?? -1;
  state.doublingStep = d.step ?? "";
  state.raises = tokens(d.raises, raiseToken);
}

export function syncBalootPublic(state: BalootState, v: BalootView): void {
  state.phase = v.phase;
  state.handNo = v.hand;
  state.dealer = v.dealer;
  state.team0Score = v.scores[0] ?? 0;
  state.team1Score = v.scores[1] ?? 0;
  state.targetScore = v.targetScore;
  state.profile = v.profile;
  state.toAct = v.toAct ?? -1;
  state.faceUp = v.faceUp ?? "";

  // Compared field by field on every sync: a shadow copy of each group per table to skip the
  // comparisons cost ≈ 1 KiB of heap per table (issue 10).
  syncBidding(state, v.bidding);
  syncContract(state, v.contract);
  syncDoubling(state, v.doubling);

  state.trickNo = v.trickNo;
  syncTrick(state.trick, v.trick);
  syncTrick(state.lastTrick, v.lastTrick);
  state.team0Tricks = v.tricksWon[0] ?? 0;
  state.team1Tricks = v.tricksWon[1] ?? 0;
  state.team0CardPoints = v.cardPoints[0] ?? 0;
  state.team1CardPoints = v.cardPoints[1] ?? 0;
  state.undealt = v.undealt;
  state.lastTrickBonus = v.lastTrickBonus.points;
  state.lastTrickBonusTeam = v.lastTrickBonus.team ?? -1;

  state.declaredProjects = declaredText(v.projects.declared);
  state.projectsRevealed = v.projects.revealed !== null;
  state.revealedProjects = v.projects.revealed ? tokens(v.projects.revealed, revealedToken) : "";
  state.projectWinnerTeam = v.projects.winnerTeam ?? -1;
  state.balootBy = v.baloot.announcedBy ?? -1;
}

/**
 * A Baloot seat's private view is its hand, its legal actions (only while it is to act) and its
 * own declared projects. Besides the actor and the seats to act before and after (always rebuilt,
 * ViewSync), these events change no other seat's: a bid, a card played, a trick taken, a raise or
 * its refusal, the face-up card, a declined Qaid, a declaration (the declarer's), and a deal to
 * someone else. Any other event (a new hand, a contract, the rest of the deal to this seat,
 * revealed projects, Sawa, Qaid, a score, the end) rebuilds every seat.
 */
export function balootPrivateMayChange(seat: number, events: readonly BalootEvent[]): boolean {
  for (const e of events) {
    switch (e.type) {
      case "bid":
      case "play":
      case "trick":
      case "raise":
      case "closedChosen":
      case "raiseDeclined":
      case "faceUp":
      case "qaidDeclined":
        continue;
      case "projectsDeclared":
        if (e.seat === seat) return true;
        continue;
      case "dealt":
      case "completed":
        if (e.to === seat) return true;
        continue;
      default:
        return true;
    }
  }
  return false;
}

/**
 * Legal actions as the JSON strings the schema carries, memoised by action object shape: most
 * are one of 32 card plays or a few calls, so the same strings come back move after move instead
 * of a JSON.stringify (and its garbage) per action per move.
 */
const actionJson = new Map<string, string>();
const MAX_MEMO = 4096;

function encodeAction(a: BalootView["legalActions"][number]): string {
  const r = a as { type: string; card?: string };
  // Card plays and bare calls are looked up without serialising; anything else is serialised.
  const keys = Object.keys(r);
  if (keys.length === 1 || (keys.length === 2 && typeof r.card === "string")) {
    const key = keys.length === 1 ? r.type : `${r.type}|${r.card as string}`;
    const known = actionJson.get(key);
    if (known !== undefined) return known;
    const json = JSON.stringify(a);
    if (actionJson.size < MAX_MEMO) actionJson.set(key, json);
    return json;
  }
  return JSON.stringify(a);
}

/** What a seat's private fields come from: its whole view, or only its own part (privateView). */
type OwnPart = Pick<BalootView, "myCards" | "legalActions"> & { projects: Pick<BalootView["projects"], "mine"> };

export function syncBalootPrivate(seat: BalootSeat, v: OwnPart | null): void {
  seat.hand = v?.myCards ? v.myCards.join(" ") : "";
  syncPrimitives(seat.legalActions, (v?.legalActions ?? []).map(encodeAction));
  seat.projects = v?.projects.mine ? tokens(v.projects.mine, ownProjectToken) : "";
}
