import type { BaseballView } from "../games/baseball/index.js";
import { BaseballTeam, LineupSlot, PlayerInfo, type BaseballSeat, type BaseballState } from "../schema/BaseballState.js";
import { setIfChanged as set, syncItems, syncPrimitives } from "../schema/sync.js";

/** BaseballView → BaseballState schema, mutating in place (see src/schema/sync.ts). */

export function syncBaseballPublic(state: BaseballState, v: BaseballView): void {
  set(state, "phase", v.phase);
  set(state, "inning", v.inning);
  set(state, "half", v.half);
  set(state, "outs", v.outs);
  syncPrimitives(state.scores, v.score);
  syncPrimitives(state.hits, v.hits);
  syncPrimitives(state.errors, v.errors);
  syncPrimitives(state.bases, v.bases.map((b) => b ?? ""));
  set(state, "batter", v.batter);
  set(state, "pitcher", v.pitcher);
  set(state, "diceNeeded", v.diceNeeded ?? "");
  set(state, "revealed", v.revealed ? JSON.stringify(v.revealed) : "");
  set(state, "batterColumnMax", v.batterColumnMax);
  syncItems(state.teams, v.teams, () => new BaseballTeam(), (team, t) => {
    const index = v.teams.indexOf(t);
    set(team, "id", t.id);
    set(team, "name", t.name);
    set(team, "abbr", t.abbr);
    syncItems(team.order, t.order, () => new LineupSlot(), (slot, o) => {
      set(slot, "id", o.id);
      set(slot, "pos", o.pos);
    });
    set(team, "pitcher", t.pitcher);
    set(team, "pitches", t.pitches[t.pitcher] ?? 0);
    set(team, "spot", t.spot);
    syncPrimitives(team.bench, t.bench);
    syncPrimitives(team.innings, v.line[index] ?? []);
    set(team, "decided", v.decided[index] ?? false);
    if (team.players.length !== t.players.length) {
      syncItems(team.players, t.players, () => new PlayerInfo(), (p, c) => {
        set(p, "id", c.id);
        set(p, "name", c.name);
        set(p, "bats", c.bats);
        set(p, "throws", c.throws);
        set(p, "speed", c.speed);
        set(p, "role", c.role ?? "");
      });
    }
  });
}

export function syncBaseballPrivate(seat: BaseballSeat, v: BaseballView | null): void {
  syncPrimitives(seat.legalActions, (v?.legalActions ?? []).map((a) => JSON.stringify(a)));
  set(seat, "myDecision", v?.myDecision ? JSON.stringify(v.myDecision) : "");
}
