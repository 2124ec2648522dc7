/** The duel box score: a fold over the event log (so it can be rebuilt from stored events at any time). */
import type { DuelEvent } from "./events.js";

export interface DuelSideStats {
  turns: number;
  attacks: number;
  damageDealt: number;
  knockouts: number;
  prizesTaken: number;
  cardsPlayed: number;
  trainersPlayed: number;
  energyAttached: number;
  evolutions: number;
  retreats: number;
  mulligans: number;
}

export interface DuelBoxScore {
  sides: DuelSideStats[];
  turns: number;
  winner: number | null;
  reason: string | null;
}

function emptySide(): DuelSideStats {
  return { turns: 0, attacks: 0, damageDealt: 0, knockouts: 0, prizesTaken: 0, cardsPlayed: 0, trainersPlayed: 0, energyAttached: 0, evolutions: 0, retreats: 0, mulligans: 0 };
}

export function summarise(events: readonly DuelEvent[]): DuelBoxScore {
  const sides = [emptySide(), emptySide()];
  const box: DuelBoxScore = { sides, turns: 0, winner: null, reason: null };
  // Damage dealt: attack and bench damage on the other side's creatures during one's own turn
  // (recoil, own-bench damage, poison and burn are not counted).
  let current = 0;
  for (const e of events) {
    switch (e.type) {
      case "turnStarted":
        current = e.seat;
        box.turns = e.turn;
        sides[e.seat]!.turns++;
        break;
      case "mulligan":
        sides[e.seat]!.mulligans++;
        break;
      case "attack":
        sides[e.seat]!.attacks++;
        break;
      case "damage":
        if ((e.source === "attack" || e.source === "bench") && e.seat !== current) sides[current]!.damageDealt += e.amount;
        break;
      case "knockedOut":
        sides[1 - e.seat]!.knockouts++;
        break;
      case "prizeTaken":
        sides[e.seat]!.prizesTaken++;
        break;
      case "benched":
      case "evolved":
      case "attached":
      case "trainerPlayed":
        sides[e.seat]!.cardsPlayed++;
        if (e.type === "trainerPlayed") sides[e.seat]!.trainersPlayed++;
        if (e.type === "attached") sides[e.seat]!.energyAttached++;
        if (e.type === "evolved") sides[e.seat]!.evolutions++;
        break;
      case "retreated":
        sides[e.seat]!.retreats++;
        break;
      case "gameOver":
        box.winner = e.winner;
        box.reason = e.reason;
        break;
      default:
        break;
    }
  }
  return box;
}
