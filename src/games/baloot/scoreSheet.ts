/**
 * The data of hand scoring (§10): what the engine passes in (HandScoreInput) and the sheet it gets
 * back (ScoreSheet), JSON-serialisable. The rules that fill the sheet are in scoring.ts.
 */
import type { Project, ProjectContract } from "./projects.js";

export type Team = 0 | 1;
export type HandOutcome =
  | "MADE" // buyer made it (doubled: buyer's team won the hand)
  | "FAILED" // khasara (doubled: the doubling team won the hand)
  | "TIE" // exact abnat tie, split (§10.4.3)
  | "KABOOT" // one team took all 8 tricks (§10.6); see kabootTeam
  | "REVERSE_KABOOT" // §10.6 reverse kaboot (flag), opponents score 88
  | "GAHWA_WON" // buyer's team won the Gahwa hand and the match (§10.8)
  | "GAHWA_LOST" // the doubling team won the Gahwa hand and the match
  | "FOUL"; // a correct Qaid challenge (§12.3)

export interface HandScoreInput {
  contract: ProjectContract;
  /** Trump suit, -1 in Sun. */
  trump: number;
  buyer: number;
  dealer: number;
  level: 1 | 2 | 3 | 4;
  gahwa: boolean;
  lastRaiser: number | null;
  initialDoubler: number | null;
  closed: boolean;
  /** Card points only (no last-trick bonus), per team. */
  cardPoints: [number, number];
  lastTrickTeam: Team;
  tricksWon: [number, number];
  /** Per seat, as announced in trick 1. */
  declared: Project[][];
  baloot: { holder: number | null; announced: boolean };
  matchScoresBefore: [number, number];
  /** QAID: a correct challenge against this team (§12.3). */
  foul?: { offendingTeam: Team };
  /** Reverse kaboot (§10.6): the buyer held an Ace. */
  buyerHeldAce?: boolean;
}

/** Game points credited to a team, by source. */
export interface Awarded {
  cards: number;
  projects: number;
  baloot: number;
}

export interface TeamSheet {
  /** الأكلات: card points of tricks won. */
  cardPoints: number;
  /** الأرض: 10 for the team that won the last trick. */
  ground: number;
  tricks: number;
  /** Every project this team declared. */
  declaredProjects: Project[];
  /** المشاريع: projects that count (only the team winning the comparison, §9.3). */
  projects: Project[];
  projectRaw: number;
  /** GP of the counted projects (unmultiplied), before any transfer. */
  projectGP: number;
  /** Baloot scored by this team's holder: raw 20 / GP 2 (§9.5), before any transfer. */
  baloot: { raw: number; gp: number };
  /** الأبناط: cardPoints + ground + projectRaw + baloot.raw. */
  abnat: number;
  /** What this team finally scores, by source. */
  awarded: Awarded;
  /** النتيجة: total game points for the hand. */
  gamePoints: number;
}

export interface ScoreSheet {
  contract: ProjectContract;
  trump: number;
  buyer: number;
  buyerTeam: Team;
  dealer: number;
  level: 1 | 2 | 3 | 4;
  closed: boolean;
  gahwa: boolean;
  /** 16 (Hokum) / 26 (Sun). */
  handValue: number;
  outcome: HandOutcome;
  /** Team that won the hand; null for a split tie. */
  handWinnerTeam: Team | null;
  kaboot: boolean;
  kabootTeam: Team | null;
  projectWinnerTeam: Team | null;
  projectBestSeat: number | null;
  balootHolder: number | null;
  balootScored: boolean;
  /** Project multiplier applied (§10.7). */
  projectMultiplier: number;
  /** Team that lost the tie-break of a doubled/Gahwa hand, when that decided it. */
  tieLoserTeam: Team | null;
  foul: { offendingTeam: Team } | null;
  /** Gahwa (or a foul in a Gahwa hand) decides the match at once (§10.8). */
  decidedMatch: boolean;
  matchWinnerTeam: Team | null;
  matchScoresBefore: [number, number];
  teams: [TeamSheet, TeamSheet];
  gamePoints: [number, number];
}
