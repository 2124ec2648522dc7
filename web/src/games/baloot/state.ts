import type { PlainTable } from "../../table/model.js";

/** The Baloot fields of the room state (src/schema/BalootState.ts), as plain JSON. */

export interface TrickJson {
  leader: number;
  cards: { seat: number; card: string }[];
  winner: number;
  points: number;
  akka: boolean;
}

export interface BalootPublic extends PlainTable {
  phase: string;
  handNo: number;
  dealer: number;
  scores: number[];
  targetScore: number;
  profile: string;
  toAct: number;
  faceUp: string;
  biddingRound: number;
  biddingMode: string;
  bids: { seat: number; round: number; call: string; suit: string }[];
  contract: string;
  trump: string;
  buyer: number;
  ashkal: boolean;
  doublingLevel: number;
  gahwa: boolean;
  closed: boolean;
  trickNo: number;
  trick: TrickJson;
  lastTrick: TrickJson;
  tricksWon: number[];
  cardPoints: number[];
  declaredProjects: { seat: number; kinds: string[] }[];
  projectsRevealed: boolean;
  revealedProjects: { seat: number; kind: string; cards: string[] }[];
  balootBy: number;
}
