/**
 * Events: the append-only record of a game. Everything in baseball is public except a manager's
 * decision before it is revealed: `decisionIn` says only that a team has decided; the contents
 * come out in `decisions` when both are in and the plate appearance is resolved.
 */
import type { LineupPos } from "./cards.js";
import type { DefenseDecision, OffenseDecision } from "./decisions.js";
import type { DieKind } from "./state.js";

export interface LineupEntry {
  id: string;
  pos: LineupPos;
}

export type SubKind = "pinchHitter" | "pinchRunner" | "defense" | "pitcher";

export type BaseballEvent =
  | { type: "gameStarted"; set: string; teams: { id: string; name: string; abbr: string }[]; innings: number; dice: "server" | "manual"; mercy: { runs: number; afterInning: number } | null }
  | { type: "lineupSet"; team: number; order: LineupEntry[]; pitcher: string; byDefault: boolean; roster: { id: string; name: string }[] }
  | { type: "playBall" }
  | { type: "halfStarted"; inning: number; half: 0 | 1 }
  | { type: "decisionIn"; team: number }
  | { type: "diceNeeded"; team: number; die: DieKind }
  | { type: "decisions"; inning: number; half: 0 | 1; batter: string; pitcher: string; defense: DefenseDecision; offense: OffenseDecision }
  | { type: "roll"; die: DieKind; values: number[]; purpose: string; manual: boolean }
  | { type: "card"; batter: string; pitcher: string; column: "batter" | "pitcher"; row: number; result: string }
  | { type: "send"; runner: string; from: number; kind: string; target: number; sent: boolean }
  | { type: "steal"; team: number; runner: string; from: number; success: boolean; catcher: string; pitcher: string; target: number }
  | { type: "wildPitch"; team: number; pitcher: string }
  | { type: "pitches"; team: number; pitcher: string; pitches: number }
  | { type: "out"; team: number; pitcher: string; player: string; how: string; outs: number }
  | { type: "error"; team: number; fielder: string; pos: string }
  | { type: "run"; team: number; runner: string; resp: string; earned: boolean; batter: string | null }
  | {
      type: "pa";
      team: number;
      inning: number;
      half: 0 | 1;
      batter: string;
      pitcher: string;
      result: string;
      loc: string | null;
      ab: boolean;
      hit: number;
      rbi: number;
      batterOut: boolean;
      outsBefore: number;
      outs: number;
      runnersBefore: (string | null)[];
      bases: (string | null)[];
      score: number[];
      runs: number;
      pitches: number;
    }
  | { type: "sub"; team: number; kind: SubKind; in: string; out: string; pos: LineupPos | "P"; spot: number | null; runners: number }
  | { type: "switch"; team: number; a: string; b: string; posA: LineupPos; posB: LineupPos }
  | { type: "halfEnded"; inning: number; half: 0 | 1; runs: number; lob: number; score: number[] }
  | { type: "gameOver"; winnerTeam: number | null; score: number[]; reason: string; innings: number };

export type BaseballEventType = BaseballEvent["type"];

/** Every event is public: decisions stay in the state until revealed by `decisions`. */
export function eventVisibleTo(_event: BaseballEvent, _seat: number | null): boolean {
  return true;
}

/** The recorder flushes at half-innings, substitutions and the end of the game. */
export function isCheckpoint(event: BaseballEvent): boolean {
  return event.type === "halfEnded" || event.type === "sub" || event.type === "switch" || event.type === "gameOver";
}
