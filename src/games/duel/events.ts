/**
 * Events: the append-only record of a match. An event with a `to` field carries one seat's private
 * cards and is visible to that seat only; every other event is public and detailed enough to
 * animate the opponent's actions (card played, attack and damage, knock-out, prize taken).
 */
import type { Condition } from "./types.js";

export type DuelEvent =
  | { type: "coinFlip"; first: number }
  | { type: "shuffled"; seat: number }
  | { type: "drew"; seat: number; count: number }
  | { type: "drawnCards"; to: number; cards: string[] }
  | { type: "mulligan"; seat: number; revealed: string[] }
  | { type: "extraDraw"; seat: number; count: number }
  | { type: "prizesSet"; seat: number; count: number }
  | { type: "placed"; to: number; card: string; slot: number }
  | { type: "ready"; seat: number }
  | { type: "revealed"; sides: { active: string; bench: string[] }[] }
  | { type: "turnStarted"; seat: number; turn: number }
  | { type: "benched"; seat: number; card: string; slot: number }
  | { type: "evolved"; seat: number; slot: number; from: string; into: string }
  | { type: "attached"; seat: number; card: string; slot: number }
  | { type: "trainerPlayed"; seat: number; card: string; slot: number | null }
  | { type: "searchTook"; seat: number; count: number }
  | { type: "searchCards"; to: number; cards: string[] }
  | { type: "switched"; seat: number; slot: number; active: string }
  | { type: "retreated"; seat: number; slot: number; active: string; discarded: string[] }
  | { type: "attack"; seat: number; card: string; attack: string; target: string; base: number; heads: boolean | null; weakness: boolean; resistance: boolean; damage: number }
  | { type: "damage"; seat: number; slot: number; card: string; amount: number; source: "attack" | "bench" | "recoil" | "poison" | "burn" }
  | { type: "healed"; seat: number; slot: number; amount: number }
  | { type: "coin"; seat: number; heads: boolean; for: string }
  | { type: "statusAdded"; seat: number; slot: number; condition: Condition }
  | { type: "statusRemoved"; seat: number; slot: number; condition: Condition }
  | { type: "energyDiscarded"; seat: number; slot: number; cards: string[] }
  | { type: "knockedOut"; seat: number; slot: number; card: string; discarded: string[] }
  | { type: "prizeTaken"; seat: number; remaining: number }
  | { type: "prizeCard"; to: number; card: string }
  | { type: "promoted"; seat: number; slot: number; active: string }
  | { type: "turnEnded"; seat: number; turn: number }
  | { type: "gameOver"; winner: number | null; reason: string };

/** Private events name their owner in `to`; all others are public (spectators included). */
export function eventVisibleTo(event: DuelEvent, seat: number | null): boolean {
  return !("to" in event) || event.to === seat;
}

/** A turn's end and the game's end are the natural checkpoints for the recorder. */
export function isCheckpoint(event: DuelEvent): boolean {
  return event.type === "turnEnded" || event.type === "gameOver";
}
