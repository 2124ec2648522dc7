import type { PlainSeat, PlainTable } from "../../table/model.js";

/**
 * The Baloot fields of the room state (src/schema/BalootState.ts), as plain JSON. The lists are
 * text in the formats of docs/PROTOCOL.md §3; `fields.ts` reads them.
 */

export interface TrickJson {
  leader: number;
  /** "1:7S 2:10S": `seat:card` in play order (fields.ts `trickCards`). */
  cards: string;
  winner: number;
  points: number;
  akka: boolean;
}

export interface BalootSeatJson extends PlainSeat {
  /** Private: the viewer's own cards, "7S 10H AC" ("" in other seats). */
  hand?: string;
  /** Private: the viewer's own declared projects, "SIRA:7S,8S,9S" ("" in other seats). */
  projects?: string;
}

export interface BalootPublic extends PlainTable {
  seats: BalootSeatJson[];
  phase: string;
  handNo: number;
  dealer: number;
  team0Score: number;
  team1Score: number;
  targetScore: number;
  profile: string;
  toAct: number;
  faceUp: string;
  biddingRound: number;
  biddingMode: string;
  bids: string;
  contract: string;
  trump: string;
  buyer: number;
  ashkal: boolean;
  doublingLevel: number;
  gahwa: boolean;
  closed: boolean;
  raises: string;
  trickNo: number;
  trick: TrickJson;
  lastTrick: TrickJson;
  team0Tricks: number;
  team1Tricks: number;
  team0CardPoints: number;
  team1CardPoints: number;
  declaredProjects: string;
  projectsRevealed: boolean;
  revealedProjects: string;
  balootBy: number;
}

/** A team's pair of fields, by team number (0: seats 0 and 2, 1: seats 1 and 3). */
export const byTeam = (team0: number, team1: number, team: number): number => (team === 0 ? team0 : team1);
