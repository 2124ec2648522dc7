/**
 * Lineups: nine batters covering the eight fielding positions and the designated hitter once each
 * (universal DH: the pitcher does not bat), plus a starting pitcher. Chosen by each manager before
 * the first pitch (`lineup` action) or taken from the team's default.
 */
import { IllegalAction } from "../core/IllegalAction.js";
import { LINEUP_POSITIONS, type LineupPos, type TeamCard } from "./cards.js";
import type { LineupEntry } from "./events.js";
import type { TeamState } from "./state.js";

function refuse(code: string, msg: string): never {
  throw new IllegalAction(code, msg);
}

/** Validates a lineup against the roster; throws with the rule's code. */
export function checkLineup(team: TeamCard, order: readonly LineupEntry[], pitcher: string): void {
  if (order.length !== 9) refuse("LINEUP_SIZE", "a lineup has nine batters");
  const byId = new Map(team.players.map((p) => [p.id, p]));
  const seenIds = new Set<string>();
  const seenPos = new Set<string>();
  for (const { id, pos } of order) {
    const card = byId.get(id);
    if (!card) refuse("NOT_ON_ROSTER", `${id} is not on the ${team.name} roster`);
    if (!card.batting) refuse("PITCHER_CANNOT_BAT", `${card.name} is a pitcher: with the designated hitter, pitchers do not bat`);
    if (seenIds.has(id)) refuse("LINEUP_PLAYER_TWICE", `${card.name} is in the lineup twice`);
    if (!LINEUP_POSITIONS.includes(pos)) refuse("MALFORMED_ACTION", `unknown lineup position ${pos}`);
    if (seenPos.has(pos)) refuse("LINEUP_POSITION_TWICE", `${pos} is filled twice: each position is filled once`);
    seenIds.add(id);
    seenPos.add(pos);
  }
  const p = byId.get(pitcher);
  if (!p) refuse("NOT_ON_ROSTER", `${pitcher} is not on the ${team.name} roster`);
  if (!p.pitching) refuse("NOT_A_PITCHER", `${p.name} is not a pitcher`);
}

/** The team's default lineup with the starter chosen by rotation slot `game` (0-based). */
export function defaultLineup(team: TeamCard, game = 0): { order: LineupEntry[]; pitcher: string } {
  return { order: team.lineup.map((e) => ({ id: e.id, pos: e.pos })), pitcher: team.rotation[game % team.rotation.length] as string };
}

export function installLineup(ts: TeamState, order: readonly LineupEntry[], pitcher: string): void {
  ts.order = order.map((e) => e.id);
  ts.pos = {};
  for (const e of order) ts.pos[e.id] = e.pos as LineupPos;
  ts.pitcher = pitcher;
  ts.pitches = { [pitcher]: 0 };
  ts.lineupSet = true;
}

export function newTeamState(card: TeamCard): TeamState {
  const def = defaultLineup(card);
  const ts: TeamState = { card, order: [], pos: {}, pitcher: def.pitcher, spot: 0, removed: [], stint: { bf: 0, inning: 1, half: 0 }, pitches: {}, lineupSet: false };
  installLineup(ts, def.order, def.pitcher);
  ts.lineupSet = false;
  return ts;
}
