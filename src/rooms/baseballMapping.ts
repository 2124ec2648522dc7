import type { BaseballView } from "../games/baseball/index.js";
import { BaseballTeam, LineupSlot, PlayerInfo, type BaseballSeat, type BaseballState } from "../schema/BaseballState.js";
import { syncItems, syncPrimitives } from "../schema/sync.js";

/** BaseballView → BaseballState schema, mutating in place (see src/schema/sync.ts). */

export function syncBaseballPublic(state: BaseballState, v: BaseballView): void {
  state.phase = v.phase;
  state.inning = v.inning;
  state.half = v.half;
  state.outs = v.outs;
  syncPrimitives(state.scores, v.score);
  syncPrimitives(state.hits, v.hits);
  syncPrimitives(state.errors, v.errors);
  syncPrimitives(state.bases, v.bases.map((b) => b ?? ""));
  state.batter = v.batter;
  state.pitcher = v.pitcher;
  state.diceNeeded = v.diceNeeded ?? "";
  state.revealed = v.revealed ? JSON.stringify(v.revealed) : "";
  state.batterColumnMax = v.batterColumnMax;
  syncItems(state.teams, v.teams, () => new BaseballTeam(), (team, t) => {
    const index = v.teams.indexOf(t);
    team.id = t.id;
    team.name = t.name;
    team.abbr = t.abbr;
    syncItems(team.order, t.order, () => new LineupSlot(), (slot, o) => {
      slot.id = o.id;
      slot.pos = o.pos;
    });
    team.pitcher = t.pitcher;
    team.pitches = t.pitches[t.pitcher] ?? 0;
    team.spot = t.spot;
    syncPrimitives(team.bench, t.bench);
    syncPrimitives(team.innings, v.line[index] ?? []);
    team.decided = v.decided[index] ?? false;
    if (team.players.length !== t.players.length) {
      syncItems(team.players, t.players, () => new PlayerInfo(), (p, c) => {
        p.id = c.id;
        p.name = c.name;
        p.bats = c.bats;
        p.throws = c.throws;
        p.speed = c.speed;
        p.role = c.role ?? "";
      });
    }
  });
}

export function syncBaseballPrivate(seat: BaseballSeat, v: BaseballView | null): void {
  syncPrimitives(seat.legalActions, (v?.legalActions ?? []).map((a) => JSON.stringify(a)));
  seat.myDecision = v?.myDecision ? JSON.stringify(v.myDecision) : "";
}
