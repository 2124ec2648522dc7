/**
 * The Baloot match state: plain JSON data (numbers, strings, arrays, plain objects), so it can be
 * cloned with structuredClone / JSON and stored. Hands and card sets are 32-bit masks, cards are
 * ints 0..31 (cards.ts). Everything hidden (hands, deck, undeclared projects, fouls) lives here and
 * leaves the engine only through view.ts.
 */
import type { Project } from "./projects.js";
import type { RuleProfile } from "./profile.js";

export type Phase = "BIDDING" | "DOUBLING" | "PLAYING" | "QAID_WINDOW" | "OVER";
export type ContractKind = "SUN" | "HOKUM";

/** Bidding sub-modes (§6): ordinary turn, answers to a standing Hokum, the Hokum bidder's final choice, "before you" window. */
export type BidMode = "TURN" | "HOKUM_RESPONSE" | "HOKUM_CONFIRM" | "BEFORE_YOU";
/** BEFORE_YOU = the "قبلك" claim of a Sun bid (§6.4); older clients send it as SUN, still accepted. */
export type BidName = "PASS" | "SUN" | "HOKUM" | "ASHKAL" | "BEFORE_YOU";

export interface BidRecord {
  seat: number;
  round: 1 | 2;
  /** PASS/SUN/HOKUM/ASHKAL as called, BEFORE_YOU for a priority claim, CONFIRM_HOKUM / CONVERT_SUN for the final choice. */
  call: BidName | "BEFORE_YOU" | "CONFIRM_HOKUM" | "CONVERT_SUN";
  /** Suit of a Hokum call (-1 otherwise). */
  suit: number;
}

export interface BiddingState {
  round: 1 | 2;
  mode: BidMode;
  /** Own-turn calls made in this round (0..4): the round ends when it reaches 4 with nothing standing. */
  spoken: number;
  /** Bit per seat: passed in the current round (own turn or as an answer to a Hokum). */
  passed: number;
  /** Bit per seat: said "wala" in round 2 (blocks a later Ashkal when ashkalBlockedAfterWala). */
  wala: number;
  /** Any non-pass call made in this hand (Kawesh TAZ policy). */
  anyBid: boolean;
  hokumBidder: number;
  hokumSuit: number;
  /** Seats still to answer a standing Hokum, or still to be offered "before you", in order. */
  queue: number[];
  /** Tentative Sun bidder while "before you" is open. */
  sunBidder: number;
  sunAshkal: boolean;
  history: BidRecord[];
}

export interface Contract {
  kind: ContractKind;
  /** Trump suit for Hokum, -1 for Sun. */
  trump: number;
  buyer: number;
  ashkal: boolean;
  /** Seat that took the face-up card (buyer, or the buyer's partner after Ashkal). */
  faceUpTo: number;
}

export type RaiseStep = "DOUBLE" | "TRIPLE" | "FOUR" | "GAHWA";

export interface RaiseRecord {
  seat: number;
  /** 2, 3, 4, or 5 for Gahwa. */
  level: number;
  closed: boolean;
}

export interface DoublingState {
  /** What the seats in `queue` are asked: a raise step, or "CLOSED" = the chooser picks open/closed. */
  step: RaiseStep | "CLOSED" | "DONE";
  queue: number[];
  /** After a CLOSED choice, the raise step asked next (or DONE). */
  after: RaiseStep | "DONE";
}

export interface TrickRecord {
  leader: number;
  cards: number[];
  winner: number;
  points: number;
}

export interface Foul {
  seat: number;
  trick: number;
  card: number;
}

export interface HandState {
  /** The 32-card deck of this hand, top first (hidden). */
  deck: number[];
  faceUp: number;
  /** Current cards per seat. */
  hands: number[];
  /** The 8 cards each seat held when play began (for projects, Baloot, Sawa, QAID audits). */
  full: number[];
  bidding: BiddingState;
  contract: Contract | null;
  /** Doubling level 1..4. */
  level: number;
  gahwa: boolean;
  closed: boolean;
  doubler: number;
  lastRaiser: number;
  raises: RaiseRecord[];
  dbl: DoublingState;
  /** 0..7 while playing. */
  trickNo: number;
  leader: number;
  /** Cards of the current trick in play order; seat of trick[i] is (leader + i) & 3. */
  trick: number[];
  winSeat: number;
  winCard: number;
  /** The leader of the current trick declared Akka with a valid card. */
  akka: boolean;
  played: number;
  tricksWon: number[];
  points: number[];
  lastTrickTeam: number;
  tricks: TrickRecord[];
  /** Projects declared in trick 1 per seat (null = not declared). */
  declared: (Project[] | null)[];
  /** Team whose projects count after the trick-1 comparison (-1 = none / not compared yet). */
  projectTeam: number;
  projectsRevealed: boolean;
  baloot: { holder: number; announced: boolean; announcedBy: number };
  fouls: Foul[];
  /** QAID: the side found guilty (-1 = none) and why. */
  foulTeam: number;
  foulReason: string;
  /** Valid Sawa claim ending the hand early (-1 = none). */
  sawaTeam: number;
}

export interface BalootOutcome {
  winnerTeam: number | null;
  scores: number[];
  reason: string;
}

export interface BalootState {
  game: "baloot";
  seed: string;
  profile: RuleProfile;
  scores: number[];
  /** 1-based number of the hand being played (thrown-in hands count too). */
  handNo: number;
  dealer: number;
  phase: Phase;
  /** Seat to act (-1 when nobody, e.g. the match is over). */
  turn: number;
  hand: HandState;
  /** Test hook: injected deck orders, consumed one per hand (index = handNo - 1). */
  decks: number[][];
  outcome: BalootOutcome | null;
}

export function teamOf(seat: number): number {
  return seat & 1;
}
export function partnerOf(seat: number): number {
  return (seat + 2) & 3;
}
