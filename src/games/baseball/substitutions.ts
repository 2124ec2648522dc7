/**
 * Substitutions: pinch hitter, pinch runner, defensive replacement, pitching change, and position
 * switches. The lineup stays legal by construction (the new player takes the old one's batting
 * spot and position; each position stays filled once); a removed player cannot return.
 * Every refusal names the rule.
 */
import { IllegalAction } from "../core/IllegalAction.js";
import type { LineupPos } from "./cards.js";
import type { BaseballEvent, SubKind } from "./events.js";
import { runnersOn } from "./runners.js";
import { battingTeam, cardOf, fieldingTeam, hasPlayer, inGame, type BaseballState, type TeamState } from "./state.js";

export interface SubRequest {
  kind: SubKind;
  in: string;
  /** Who leaves: the batter (pinch hitter), a runner, a fielder; implied for a pitching change. */
  out: string | null;
}

function refuse(code: string, msg: string): never {
  throw new IllegalAction(code, msg);
}

function checkIncoming(team: TeamState, id: string): void {
  if (!hasPlayer(team, id)) refuse("NOT_ON_ROSTER", `${id} is not on the ${team.card.name} roster`);
  if (team.removed.includes(id)) refuse("PLAYER_REMOVED", `${cardOf(team, id).name} has left the game: a removed player cannot return`);
  if (inGame(team, id)) refuse("PLAYER_IN_GAME", `${cardOf(team, id).name} is already in the game`);
}

/** Validates a substitution by `teamIndex`; throws with the rule's code. Returns the leaving player. */
export function checkSub(s: BaseballState, teamIndex: number, sub: SubRequest): string {
  const team = s.teams[teamIndex] as TeamState;
  checkIncoming(team, sub.in);
  const incoming = cardOf(team, sub.in);
  const batting = battingTeam(s) === teamIndex;
  if (sub.kind === "pitcher") {
    if (batting) refuse("NOT_ON_DEFENSE", "pitching changes are made while your team is in the field");
    if (!incoming.pitching) refuse("NOT_A_PITCHER", `${incoming.name} is not a pitcher`);
    if (sub.out !== null && sub.out !== team.pitcher) refuse("NOT_THE_PITCHER", `${sub.out} is not pitching`);
    const st = team.stint;
    if (st.bf === 0 && st.inning === s.inning && st.half === s.half) {
      refuse("MUST_FACE_BATTER", `${cardOf(team, team.pitcher).name} must pitch to the first batter he faces until that batter is out or on base`);
    }
    return team.pitcher;
  }
  if (!incoming.batting) refuse("PITCHER_CANNOT_BAT", `${incoming.name} is a pitcher: with the designated hitter, pitchers do not bat or field other positions`);
  const out = sub.out;
  if (out === null) refuse("MALFORMED_ACTION", "name the player who leaves (out)");
  if (!team.order.includes(out)) refuse("NOT_IN_LINEUP", `${out} is not in the batting order`);
  switch (sub.kind) {
    case "pinchHitter":
      if (!batting) refuse("NOT_ON_OFFENSE", "a pinch hitter bats for your team's batter");
      if (team.order[team.spot] !== out) refuse("NOT_CURRENT_BATTER", "a pinch hitter replaces the batter due up");
      return out;
    case "pinchRunner":
      if (!batting) refuse("NOT_ON_OFFENSE", "a pinch runner runs for your team's runner");
      if (!s.bases.some((r) => r?.id === out)) refuse("NOT_ON_BASE", `${cardOf(team, out).name} is not on base`);
      return out;
    case "defense":
      if (batting) refuse("NOT_ON_DEFENSE", "defensive replacements are made while your team is in the field");
      if (team.pos[out] === "DH") refuse("DH_NOT_FIELDER", "the designated hitter does not field: replace him with a pinch hitter or runner");
      return out;
  }
}

/** Applies a validated substitution. */
export function applySub(s: BaseballState, teamIndex: number, sub: SubRequest, events: BaseballEvent[]): void {
  const out = checkSub(s, teamIndex, sub);
  const team = s.teams[teamIndex] as TeamState;
  team.removed.push(out);
  if (sub.kind === "pitcher") {
    team.pitcher = sub.in;
    team.pitches[sub.in] = 0;
    team.stint = { bf: 0, inning: s.inning, half: s.half };
    events.push({ type: "sub", team: teamIndex, kind: "pitcher", in: sub.in, out, pos: "P", spot: null, runners: runnersOn(s) });
    return;
  }
  const spot = team.order.indexOf(out);
  const pos = team.pos[out] as LineupPos;
  team.order[spot] = sub.in;
  delete team.pos[out];
  team.pos[sub.in] = pos;
  if (sub.kind === "pinchRunner") {
    // The pinch runner inherits the runner's place, responsible pitcher and earned-run status.
    const runner = s.bases.find((r) => r?.id === out);
    if (runner) runner.id = sub.in;
  }
  events.push({ type: "sub", team: teamIndex, kind: sub.kind, in: sub.in, out, pos, spot, runners: runnersOn(s) });
}

/** Swaps the fielding positions of two players in the lineup (the fielding team only, DH excluded). */
export function applySwitch(s: BaseballState, teamIndex: number, a: string, b: string, events: BaseballEvent[]): void {
  const team = s.teams[teamIndex] as TeamState;
  if (fieldingTeam(s) !== teamIndex) refuse("NOT_ON_DEFENSE", "position switches are made while your team is in the field");
  if (a === b) refuse("MALFORMED_ACTION", "a switch needs two different players");
  for (const id of [a, b]) {
    if (!team.order.includes(id)) refuse("NOT_IN_LINEUP", `${id} is not in the batting order`);
    if (team.pos[id] === "DH") refuse("DH_NOT_FIELDER", "the designated hitter does not take a fielding position");
  }
  const posA = team.pos[a] as LineupPos;
  const posB = team.pos[b] as LineupPos;
  team.pos[a] = posB;
  team.pos[b] = posA;
  events.push({ type: "switch", team: teamIndex, a, b, posA: posB, posB: posA });
}

/** Every substitution and switch `teamIndex` may make now (for legalActions). */
export function legalSubs(s: BaseballState, teamIndex: number): { sub?: SubRequest; swap?: [string, string] }[] {
  const team = s.teams[teamIndex] as TeamState;
  const out: { sub?: SubRequest; swap?: [string, string] }[] = [];
  const bench = team.card.players.filter((p) => !team.removed.includes(p.id) && !inGame(team, p.id));
  const batting = battingTeam(s) === teamIndex;
  const tryAdd = (sub: SubRequest): void => {
    try {
      checkSub(s, teamIndex, sub);
      out.push({ sub });
    } catch {
      // not allowed now
    }
  };
  for (const p of bench) {
    if (batting) {
      if (p.batting) {
        tryAdd({ kind: "pinchHitter", in: p.id, out: team.order[team.spot] as string });
        for (const r of s.bases) if (r) tryAdd({ kind: "pinchRunner", in: p.id, out: r.id });
      }
    } else if (p.pitching) tryAdd({ kind: "pitcher", in: p.id, out: null });
    else for (const id of team.order) if (team.pos[id] !== "DH") tryAdd({ kind: "defense", in: p.id, out: id });
  }
  if (!batting) {
    const fielders = team.order.filter((id) => team.pos[id] !== "DH");
    for (let i = 0; i < fielders.length; i++) for (let j = i + 1; j < fielders.length; j++) out.push({ swap: [fielders[i] as string, fielders[j] as string] });
  }
  return out;
}
