/**
 * The baseball game state: plain JSON data. Team 0 (seat 0) is the visiting team and bats first;
 * team 1 (seat 1) is the home team and bats last. Cards live in the state so a game is a pure
 * function of (options, seed, actions) even with a user-supplied card set.
 */
import type { RngState } from "../core/rng.js";
import type { Card, LineupPos, TeamCard } from "./cards.js";
import type { Decision } from "./decisions.js";

export type Phase = "LINEUPS" | "DECIDE" | "DICE" | "OVER";
export type DieKind = "d6" | "2d6" | "d20";

export interface Rules {
  innings: 7 | 9;
  /** End the game when a team leads by `runs` after `afterInning` complete innings (null = off). */
  mercy: { runs: number; afterInning: number } | null;
  dice: "server" | "manual";
  /** Safety valve: a game still tied after this many innings ends as a tie. */
  maxInnings: number;
}

export interface Runner {
  id: string;
  /** Pitcher charged with this runner if he scores. */
  resp: string;
  /** False when he reached on an error (or would have been out without one). */
  earned: boolean;
  /** The base he would stand on had no error been made (official scoring of earned runs). */
  ghost: number;
}

export interface Stint {
  /** Batters faced since he entered. */
  bf: number;
  inning: number;
  half: 0 | 1;
}

export interface TeamState {
  card: TeamCard;
  /** Player id per batting-order spot (0..8). */
  order: string[];
  /** Current position of each player in the batting order. */
  pos: Record<string, LineupPos>;
  pitcher: string;
  /** Next batting-order spot to bat (0..8). */
  spot: number;
  /** Players who have left the game: they cannot return. */
  removed: string[];
  stint: Stint;
  pitches: Record<string, number>;
  lineupSet: boolean;
}

export interface ManualDie {
  kind: DieKind;
  values: number[];
  /** Rolled by the server for the manager ("roll for me", timeouts) rather than entered. */
  server?: boolean;
}

export interface BaseballOutcome {
  winnerTeam: number | null;
  scores: number[];
  reason: string;
}

export interface BaseballState {
  game: "baseball";
  seed: string;
  rng: RngState;
  rules: Rules;
  setName: string;
  teams: [TeamState, TeamState];
  phase: Phase;
  inning: number;
  /** 0 = top (visitors bat), 1 = bottom (home bats). */
  half: 0 | 1;
  outs: number;
  /** Outs the defense would have made but for errors this half (earned-run reconstruction). */
  errOuts: number;
  bases: [Runner | null, Runner | null, Runner | null];
  score: [number, number];
  /** Runs per inning per team. */
  line: [number[], number[]];
  hits: [number, number];
  errors: [number, number];
  /** Decisions submitted for the coming plate appearance, per seat (hidden until both are in). */
  decisions: [Decision | null, Decision | null];
  /** Manual dice entered for the plate appearance being resolved, and the die asked for next. */
  dice: { entered: ManualDie[]; need: DieKind | null };
  /** Plate appearances started (numbering for events). */
  paNo: number;
  outcome: BaseballOutcome | null;
}

const cardIndex = new WeakMap<TeamCard, Map<string, Card>>();

/** The card of player `id` on `team` (throws for an unknown id: callers validate first). */
export function cardOf(team: TeamState, id: string): Card {
  let index = cardIndex.get(team.card);
  if (!index) {
    index = new Map(team.card.players.map((p) => [p.id, p]));
    cardIndex.set(team.card, index);
  }
  const card = index.get(id);
  if (!card) throw new Error(`no player ${id} on ${team.card.id}`);
  return card;
}

export function hasPlayer(team: TeamState, id: string): boolean {
  return team.card.players.some((p) => p.id === id);
}

export type TeamIndex = 0 | 1;

export function battingTeam(s: BaseballState): TeamIndex {
  return s.half;
}

export function fieldingTeam(s: BaseballState): TeamIndex {
  return s.half === 0 ? 1 : 0;
}

/** The player at lineup position `pos` (or the pitcher for "P") of the fielding team. */
export function fielderAt(s: BaseballState, pos: string): Card {
  const team = s.teams[fieldingTeam(s)];
  if (pos === "P") return cardOf(team, team.pitcher);
  const id = team.order.find((p) => team.pos[p] === pos);
  if (id === undefined) throw new Error(`no fielder at ${pos}`);
  return cardOf(team, id);
}

export function currentBatter(s: BaseballState): Card {
  const team = s.teams[battingTeam(s)];
  return cardOf(team, team.order[team.spot] as string);
}

export function currentPitcher(s: BaseballState): Card {
  const team = s.teams[fieldingTeam(s)];
  return cardOf(team, team.pitcher);
}

export function inGame(team: TeamState, id: string): boolean {
  return team.pitcher === id || team.order.includes(id);
}

/**
 * Deep copy of the state. Cards are never changed by the engine, so both copies share the team
 * cards (a user set can be large) and everything else is copied.
 */
export function cloneState(s: BaseballState): BaseballState {
  const cards = [s.teams[0].card, s.teams[1].card];
  const detached = { ...s, teams: s.teams.map((t) => ({ ...t, card: null })) };
  const copy = structuredClone(detached) as unknown as BaseballState;
  copy.teams[0].card = cards[0] as TeamCard;
  copy.teams[1].card = cards[1] as TeamCard;
  return copy;
}
