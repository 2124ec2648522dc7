/**
 * The box score: a pure fold over the event log (so it can be rebuilt from stored events).
 * Per hand a linescore; per player totals; the final result.
 */
import type { BalootEvent } from "./events.js";

export interface HandLine {
  hand: number;
  dealer: number;
  /** Thrown-in hands: ALL_PASS or KAWESH; null when the hand was played. */
  cancelled: "ALL_PASS" | "KAWESH" | null;
  contract: "SUN" | "HOKUM" | null;
  trump: string | null;
  buyer: number | null;
  ashkal: boolean;
  level: number;
  gahwa: boolean;
  closed: boolean;
  cardPoints: number[];
  projectsRaw: number[];
  gamePoints: number[];
  kaboot: boolean;
  result: string | null;
  winnerTeam: number | null;
  scoresAfter: number[];
}

export interface PlayerTotals {
  seat: number;
  tricks: number;
  /** Card points of the tricks this player won. */
  cardPoints: number;
  /** Non-pass calls in the auction. */
  bids: number;
  contracts: number;
  contractsMade: number;
  contractsFailed: number;
  projectsDeclared: number;
  baloots: number;
  doublesWon: number;
  doublesLost: number;
  sawas: number;
  qaidChallenges: number;
}

export interface BalootBoxScore {
  hands: HandLine[];
  players: PlayerTotals[];
  scores: number[];
  final: { winnerTeam: number | null; scores: number[]; reason: string } | null;
}

export function summarise(events: readonly BalootEvent[]): BalootBoxScore {
  const players: PlayerTotals[] = [0, 1, 2, 3].map((seat) => ({
    seat,
    tricks: 0,
    cardPoints: 0,
    bids: 0,
    contracts: 0,
    contractsMade: 0,
    contractsFailed: 0,
    projectsDeclared: 0,
    baloots: 0,
    doublesWon: 0,
    doublesLost: 0,
    sawas: 0,
    qaidChallenges: 0,
  }));
  const hands: HandLine[] = [];
  let scores = [0, 0];
  let final: BalootBoxScore["final"] = null;
  let dealer = 0;
  let raisers: number[] = [];
  for (const e of events) {
    switch (e.type) {
      case "handStarted":
        dealer = e.dealer;
        scores = e.scores.slice();
        raisers = [];
        break;
      case "bid":
        // Calls that compete for the contract (the Hokum bidder's confirm is not a new bid).
        if (e.call !== "PASS" && e.call !== "CONFIRM_HOKUM") players[e.seat]!.bids++;
        break;
      case "raise":
        raisers.push(e.seat);
        break;
      case "projectsDeclared":
        players[e.seat]!.projectsDeclared += e.kinds.length;
        break;
      case "play":
        if (e.baloot) players[e.seat]!.baloots++;
        break;
      case "trick":
        players[e.winner]!.tricks++;
        players[e.winner]!.cardPoints += e.points;
        break;
      case "sawa":
        if (e.valid) players[e.seat]!.sawas++;
        break;
      case "qaid":
        players[e.seat]!.qaidChallenges++;
        break;
      case "handCancelled":
        hands.push({
          hand: e.hand,
          dealer,
          cancelled: e.reason,
          contract: null,
          trump: null,
          buyer: null,
          ashkal: false,
          level: 1,
          gahwa: false,
          closed: false,
          cardPoints: [0, 0],
          projectsRaw: [0, 0],
          gamePoints: [0, 0],
          kaboot: false,
          result: null,
          winnerTeam: null,
          scoresAfter: scores.slice(),
        });
        break;
      case "handScored": {
        const buyer = players[e.buyer]!;
        buyer.contracts++;
        // A tie splits and is not a failure; otherwise the hand's winner decides.
        const made = e.winnerTeam === null || e.winnerTeam === (e.buyer & 1);
        if (made) buyer.contractsMade++;
        else buyer.contractsFailed++;
        if (e.level >= 2 || e.gahwa) {
          for (const s of raisers) {
            if (e.winnerTeam === (s & 1)) players[s]!.doublesWon++;
            else players[s]!.doublesLost++;
          }
        }
        hands.push({
          hand: e.hand,
          dealer: e.dealer,
          cancelled: null,
          contract: e.contract,
          trump: e.trump,
          buyer: e.buyer,
          ashkal: e.ashkal,
          level: e.level,
          gahwa: e.gahwa,
          closed: e.closed,
          cardPoints: [e.teams[0].cardPoints + e.teams[0].ground, e.teams[1].cardPoints + e.teams[1].ground],
          projectsRaw: [e.teams[0].projectsRaw, e.teams[1].projectsRaw],
          gamePoints: e.gamePoints.slice(),
          kaboot: e.kaboot,
          result: e.result,
          winnerTeam: e.winnerTeam,
          scoresAfter: e.scoresAfter.slice(),
        });
        scores = e.scoresAfter.slice();
        break;
      }
      case "matchOver":
        final = { winnerTeam: e.winnerTeam, scores: e.scores.slice(), reason: e.reason };
        scores = e.scores.slice();
        break;
      default:
        break;
    }
  }
  return { hands, players, scores, final };
}
