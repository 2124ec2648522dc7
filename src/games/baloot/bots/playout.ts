/**
 * Playouts for the search bot: the rest of a hand in one sampled world, every seat played by the
 * heuristic card policy (each seat using only its own cards and the cards played), then scored with
 * the engine's own `scoreHand`, so the value of a line is the hand's real game points (contract
 * made or failed, projects, Baloot, Kaboot, doubling).
 *
 * Hand-rolled over masks rather than through `applyMove`: no events, no validation, no next deal,
 * which makes a playout a few microseconds. The legality of each card still comes from the engine's
 * `legalMaskFor`, with the table's play flags.
 */
import { RK, RQ, card as makeCard, parseCard, suitFromLetter } from "../cards.js";
import { akkaValid } from "../akka.js";
import { legalMaskFor } from "../legal.js";
import { findProjects, type Project, type ProjectKind } from "../projects.js";
import { scoreHand, type HandScoreInput } from "../scoring.js";
import { beats, cardPoints } from "../tables.js";
import type { BalootView } from "../view.js";
import { heuristicCard } from "./heuristic.js";

const ACES = 0x80808080;

/** The public facts of the position the playouts start from (built once per decision). */
export interface Position {
  me: number;
  kind: "SUN" | "HOKUM";
  trump: number;
  buyer: number;
  dealer: number;
  closed: boolean;
  rules: BalootView["rules"];
  /** The score input: fixed fields set once, per-playout fields refilled by `playout`. */
  scratch: HandScoreInput;
  pointsScratch: [number, number];
  tricksScratch: [number, number];
  balootAnnouncedBy: number | null;
  points: [number, number];
  tricksWon: [number, number];
  trickNo: number;
  leader: number;
  trick: number[];
  akka: boolean;
  played: number;
  playedBy: number[];
  /** Project kinds each seat declared (null = did not declare). */
  declaredKinds: (ProjectKind[] | null)[];
  /** Seats still to play their first card of trick 1 (they may still declare). */
  yetToDeclare: number[];
}

function c(name: string): number {
  return parseCard(name);
}

export function positionFromView(view: BalootView, playedBy: number[]): Position {
  const contract = view.contract!;
  const trump = contract.trump === null ? -1 : suitFromLetter(contract.trump);
  let played = 0;
  for (const t of view.tricks) for (const p of t.cards) played |= 1 << c(p.card);
  const trick = view.trick ? view.trick.cards.map((p) => c(p.card)) : [];
  for (const x of trick) played |= 1 << x;
  const declaredKinds: (ProjectKind[] | null)[] = [null, null, null, null];
  for (const d of view.projects.declared) declaredKinds[d.seat] = d.kinds.slice();
  const yetToDeclare: number[] = [];
  if (view.trickNo === 0 && view.trick) {
    for (let i = view.trick.cards.length; i < 4; i++) {
      const seat = (view.trick.leader + i) & 3;
      if (declaredKinds[seat] === null) yetToDeclare.push(seat);
    }
  }
  return {
    me: view.seat!,
    kind: contract.kind,
    trump,
    buyer: contract.buyer,
    dealer: view.dealer,
    closed: view.doubling.closed,
    rules: view.rules,
    scratch: {
      cardPoints: [0, 0],
      lastTrickTeam: 0,
      tricksWon: [0, 0],
      declared: [],
      baloot: { holder: null, announced: false },
      buyerHeldAce: false,
      contract: contract.kind,
      trump,
      buyer: contract.buyer,
      dealer: view.dealer,
      level: Math.min(4, Math.max(1, view.doubling.level)) as 1 | 2 | 3 | 4,
      gahwa: view.doubling.gahwa,
      lastRaiser: view.doubling.lastRaiser,
      initialDoubler: view.doubling.doubler,
      closed: view.doubling.closed,
      matchScoresBefore: [view.scores[0]!, view.scores[1]!],
    },
    pointsScratch: [0, 0],
    tricksScratch: [0, 0],
    balootAnnouncedBy: view.baloot.announcedBy,
    points: [view.cardPoints[0]!, view.cardPoints[1]!],
    tricksWon: [view.tricksWon[0]!, view.tricksWon[1]!],
    trickNo: view.trickNo,
    leader: view.trick ? view.trick.leader : -1,
    trick,
    akka: view.trick ? view.trick.akka : false,
    played: played >>> 0,
    playedBy,
    declaredKinds,
    yetToDeclare,
  };
}

function pickKinds(found: Project[], kinds: readonly ProjectKind[]): Project[] {
  const out: Project[] = [];
  const pool = found.slice();
  for (const k of kinds) {
    const i = pool.findIndex((p) => p.kind === k);
    if (i >= 0) out.push(pool.splice(i, 1)[0]!);
  }
  return out;
}

/** Per-world score facts that depend on the full 8-card hands: projects, Baloot holder, buyer's Ace. */
export interface WorldFacts {
  declared: Project[][];
  balootHolder: number | null;
  buyerHeldAce: boolean;
}

export function worldFacts(pos: Position, hands: readonly number[]): WorldFacts {
  const declared: Project[][] = [[], [], [], []];
  const full = [0, 1, 2, 3].map((s) => (hands[s]! | pos.playedBy[s]!) >>> 0);
  for (let s = 0; s < 4; s++) {
    const kinds = pos.declaredKinds[s];
    if (kinds) declared[s] = pickKinds(findProjects(full[s]!, pos.kind, pos.rules), kinds);
    // The heuristic declares everything it can before its first card.
    else if (pos.yetToDeclare.includes(s)) declared[s] = findProjects(full[s]!, pos.kind, pos.rules);
  }
  let balootHolder: number | null = null;
  if (pos.trump >= 0) {
    const pair = ((1 << makeCard(pos.trump, RK)) | (1 << makeCard(pos.trump, RQ))) >>> 0;
    for (let s = 0; s < 4; s++) if (((full[s]! & pair) >>> 0) === pair) balootHolder = s;
  }
  return { declared, balootHolder, buyerHeldAce: ((full[pos.buyer]! & ACES) >>> 0) !== 0 };
}

/**
 * Plays the rest of the hand from `pos` with `hands` (mutated), `first` being the card the seat to
 * act plays now; returns my team's game points minus the other team's for the hand.
 */
export function playout(pos: Position, hands: number[], facts: WorldFacts, first: number): number {
  const trump = pos.trump;
  const play = pos.rules.play;
  let played = pos.played;
  let leader = pos.leader;
  let len = pos.trick.length;
  let lead = len > 0 ? pos.trick[0]! : -1;
  let winSeat = leader;
  let winCard = lead;
  let trickPts = 0;
  for (let i = 0; i < len; i++) {
    const x = pos.trick[i]!;
    trickPts += cardPoints(x, trump);
    if (i > 0 && beats(x, winCard, trump)) {
      winSeat = (leader + i) & 3;
      winCard = x;
    }
  }
  let akka = pos.akka;
  let seat = len > 0 ? (leader + len) & 3 : pos.me;
  if (len === 0) leader = pos.me;
  const points = pos.pointsScratch;
  points[0] = pos.points[0];
  points[1] = pos.points[1];
  const tricks = pos.tricksScratch;
  tricks[0] = pos.tricksWon[0];
  tricks[1] = pos.tricksWon[1];
  let trickNo = pos.trickNo;
  let lastTeam: 0 | 1;
  let card = first;
  for (;;) {
    if (card < 0) {
      const partnerWinning = len > 0 && winSeat === ((seat + 2) & 3);
      const topDeclared = len > 0 && winSeat === leader && ((lead & 7) === 7 || akka);
      const legal = legalMaskFor(hands[seat]!, len, lead, winCard, partnerWinning, topDeclared, trump, pos.closed, play);
      card = heuristicCard(seat, hands[seat]!, legal, played, len, trickPts, winSeat, winCard, trump, pos.buyer);
    }
    if (len === 0) {
      akka = akkaValid(card, trump, played, true);
      lead = card;
      winSeat = seat;
      winCard = card;
    } else if (beats(card, winCard, trump)) {
      winSeat = seat;
      winCard = card;
    }
    hands[seat] = (hands[seat]! & ~(1 << card)) >>> 0;
    played = (played | (1 << card)) >>> 0;
    trickPts += cardPoints(card, trump);
    card = -1;
    if (++len < 4) {
      seat = (seat + 1) & 3;
      continue;
    }
    const team = (winSeat & 1) as 0 | 1;
    points[team] += trickPts;
    tricks[team]++;
    if (++trickNo === 8) {
      lastTeam = team;
      break;
    }
    leader = winSeat;
    seat = winSeat;
    len = 0;
    trickPts = 0;
  }
  // One score input per position, refilled per playout (playouts are the hot path; less garbage).
  const input = pos.scratch;
  input.cardPoints[0] = points[0];
  input.cardPoints[1] = points[1];
  input.tricksWon[0] = tricks[0];
  input.tricksWon[1] = tricks[1];
  input.lastTrickTeam = lastTeam;
  input.declared = facts.declared;
  input.baloot.holder = facts.balootHolder;
  input.baloot.announced = pos.balootAnnouncedBy !== null || facts.balootHolder !== null;
  input.buyerHeldAce = facts.buyerHeldAce;
  const sheet = scoreHand(input, pos.rules);
  const mine = pos.me & 1;
  return sheet.gamePoints[mine]! - sheet.gamePoints[mine ^ 1]!;
}
