/**
 * Events: the append-only record of a match. Cards are in notation ("10H"); seats are 0..3.
 * Events with a `to` field carry one seat's private data and are visible to that seat only
 * (see eventVisibleTo); everything else is public.
 */
import type { ProjectKind } from "./projects.js";

export type ContractName = "SUN" | "HOKUM";

export interface ScoreSheetTeam {
  /** الأكلات: card points of tricks won. */
  cardPoints: number;
  /** الأرض: 10 for the team that won the last trick. */
  ground: number;
  /** المشاريع: the projects that count for this team. */
  projects: { kind: ProjectKind; raw: number; cards: string[] }[];
  projectsRaw: number;
  /** Baloot raw (20) credited to this team's abnat. */
  balootRaw: number;
  /** الأبناط: cardPoints + ground + projectsRaw + balootRaw. */
  abnat: number;
  /** النتيجة: game points scored this hand, and where they came from. */
  gamePoints: number;
  awarded: { cards: number; projects: number; baloot: number };
  tricks: number;
}

/** The score sheet of one hand (§10.9), as carried by the `handScored` event. */
export interface HandScoreSheet {
  hand: number;
  dealer: number;
  contract: ContractName;
  trump: string | null;
  buyer: number;
  ashkal: boolean;
  level: number;
  gahwa: boolean;
  closed: boolean;
  doubler: number | null;
  /** MADE | FAILED | TIE | KABOOT | REVERSE_KABOOT | GAHWA_WON | GAHWA_LOST | FOUL. */
  result: string;
  /** Team that won the hand (null for a split tie). */
  winnerTeam: number | null;
  kaboot: boolean;
  kabootTeam: number | null;
  /** Team whose projects counted (§9.3). */
  projectTeam: number | null;
  /** Seat whose Baloot scored, or null. */
  balootHolder: number | null;
  /** QAID: team found at fault, and why (ILLEGAL_CARD, FALSE_QAID, FALSE_SAWA). */
  foulTeam: number | null;
  foulReason: string | null;
  /** Team that ended the hand with a valid Sawa claim. */
  sawaTeam: number | null;
  teams: [ScoreSheetTeam, ScoreSheetTeam];
  gamePoints: [number, number];
  scoresBefore: number[];
  scoresAfter: number[];
}

export type BalootEvent =
  | { type: "handStarted"; hand: number; dealer: number; scores: number[] }
  | { type: "dealt"; to: number; cards: string[] }
  | { type: "faceUp"; card: string }
  | { type: "bid"; seat: number; round: 1 | 2; call: string; suit?: string }
  | { type: "kawesh"; seat: number; redealSameDealer: boolean }
  | { type: "contract"; kind: ContractName; trump: string | null; buyer: number; ashkal: boolean; faceUpTo: number }
  | { type: "completed"; to: number; cards: string[] }
  | { type: "raise"; seat: number; call: "DOUBLE" | "TRIPLE" | "FOUR" | "GAHWA"; level: number; closed: boolean }
  | { type: "closedChosen"; seat: number; closed: boolean }
  | { type: "raiseDeclined"; seat: number; step: string }
  | { type: "playStarted"; leader: number; level: number; closed: boolean; gahwa: boolean }
  | { type: "projectsDeclared"; seat: number; kinds: ProjectKind[] }
  | { type: "play"; seat: number; card: string; akka?: true; baloot?: true }
  | { type: "trick"; trick: number; leader: number; cards: string[]; winner: number; points: number }
  | {
      type: "projectsRevealed";
      winnerTeam: number | null;
      projects: { seat: number; kind: ProjectKind; cards: string[]; raw: number }[];
    }
  | { type: "sawa"; seat: number; valid: boolean }
  | { type: "qaid"; seat: number; correct: boolean; fouls: { seat: number; trick: number; card: string }[] }
  | { type: "qaidDeclined"; seat: number }
  | { type: "handCancelled"; hand: number; reason: "ALL_PASS" | "KAWESH" }
  | ({ type: "handScored" } & HandScoreSheet)
  | { type: "matchOver"; winnerTeam: number | null; scores: number[]; reason: string };

export type BalootEventType = BalootEvent["type"];

/** Private events carry `to`: only that seat sees them (spectators never). */
export function eventVisibleTo(event: BalootEvent, seat: number | null): boolean {
  if (event.type === "dealt" || event.type === "completed") return seat === event.to;
  return true;
}

/** The events that close a hand (or the match): the recorder flushes there. */
export function isCheckpoint(event: BalootEvent): boolean {
  return event.type === "handScored" || event.type === "handCancelled" || event.type === "matchOver";
}
