import type { PlainTable } from "../../table/model.js";

/** The dice-baseball fields of the room state (src/schema/BaseballState.ts), as plain JSON. */

export interface PlayerInfo {
  id: string;
  name: string;
  bats: string;
  throws: string;
  speed: number;
  role: string;
}

export interface TeamJson {
  id: string;
  name: string;
  abbr: string;
  order: { id: string; pos: string }[];
  pitcher: string;
  pitches: number;
  spot: number;
  bench: string[];
  innings: number[];
  decided: boolean;
  players: PlayerInfo[];
}

export interface BaseballPublic extends PlainTable {
  phase: "" | "LINEUPS" | "DECIDE" | "DICE" | "OVER";
  inning: number;
  half: number;
  outs: number;
  scores: number[];
  hits: number[];
  errors: number[];
  bases: string[];
  batter: string;
  pitcher: string;
  diceNeeded: "" | "d6" | "2d6" | "d20";
  revealed: string;
  batterColumnMax: number;
  teams: TeamJson[];
}

/** An action exactly as the server lists it in `legalActions` (src/games/baseball/README.md). */
export type BaseballAction =
  | { type: "lineup" }
  | { type: "defense"; infield?: string; outfield?: string; hold?: boolean; ibb?: boolean }
  | { type: "offense"; play: string; from?: 1 | 2 }
  | { type: "sub"; kind: "pinchHitter" | "pinchRunner" | "defense" | "pitcher"; in: string; out?: string }
  | { type: "switch"; a: string; b: string }
  | { type: "dice"; values: number[] }
  | { type: "rollForMe" };

/** Player id → name, over both rosters. */
export function nameIndex(state: BaseballPublic): (id: string) => string {
  const names = new Map<string, string>();
  for (const team of state.teams ?? []) for (const p of team.players) names.set(p.id, p.name);
  return (id) => names.get(id) ?? id;
}
